import type { ReactNode } from 'react';
import { View } from '@tarojs/components';
import { Tabs } from '@nutui/nutui-react-taro';

/**
 * A row of tabs that switches what the page below shows: NutUI Tabs used as the strip only (panes without
 * content), each title carrying `<name>-tab <name>-tab--<value>` so pages and tests can tell them apart.
 */
export function SegmentTabs<V extends string>({
  name,
  tabs,
  value,
  onChange,
}: {
  /** The class prefix: the strip is `<name>-tabs`. */
  name: string;
  tabs: readonly { value: V; label: string }[];
  value: V;
  onChange: (value: V) => void;
}): ReactNode {
  return (
    <Tabs
      className={`su-tabs ${name}-tabs`}
      value={value}
      duration={0}
      onChange={(next) => {
        const tab = tabs.find((t) => t.value === String(next));
        if (tab && tab.value !== value) onChange(tab.value);
      }}
    >
      {tabs.map((t) => (
        <Tabs.TabPane
          key={t.value}
          value={t.value}
          // NutUI renders the title as a node; its type only names the string case.
          title={
            (
              <View
                className={`${name}-tab ${name}-tab--${t.value}${t.value === value ? ` ${name}-tab--active` : ''}`}
              >
                {t.label}
              </View>
            ) as unknown as string
          }
        />
      ))}
    </Tabs>
  );
}

import type { ReactNode } from 'react';
import { View } from '@tarojs/components';
import { Cell, CellGroup, Empty } from '@nutui/nutui-react-taro';

import './coming-soon.scss';

interface ComingSoonProps {
  /** A tab-bar icon, shown large: no remote placeholder artwork. */
  icon: string;
  title: string;
  description: string;
  /** What will live here, one line each, all marked as not yet available. */
  upcoming: readonly string[];
}

/** An honest placeholder for a capability that arrives in a later release: no sample data. */
export function ComingSoon({ icon, title, description, upcoming }: ComingSoonProps): ReactNode {
  return (
    <View className="page coming-soon">
      <Empty
        className="coming-soon-empty"
        image={icon}
        imageSize={72}
        title={title}
        description={description}
      />
      <CellGroup title="即将上线">
        {upcoming.map((item) => (
          <Cell key={item} title={item} extra="敬请期待" />
        ))}
      </CellGroup>
    </View>
  );
}

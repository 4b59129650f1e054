import type { ReactNode } from 'react';
import { View } from '@tarojs/components';
import { Button, CellGroup, Input } from '@nutui/nutui-react-taro';

import { CAN_SCAN, scanText } from '../services/join-code';

/** Class names of the entry's parts, for the page's styles and tests. */
export interface CodeEntryClasses {
  row: string;
  input: string;
  submit: string;
  scan: string;
}

interface CodeEntryProps {
  title: string;
  description: string;
  placeholder: string;
  code: string;
  busy: boolean;
  classes: CodeEntryClasses;
  onChange: (code: string) => void;
  /** With the pasted code, or the scanned one (already put into the input). */
  onSubmit: (code: string) => void | Promise<void>;
}

/**
 * A desk's code entry (coupon write-off, welfare pick-up): paste the member's code and submit it, or — where the
 * camera can be opened (mini-programs; H5 in a browser with a camera) — scan the QR, which submits it at once.
 */
export function CodeEntry({
  title,
  description,
  placeholder,
  code,
  busy,
  classes,
  onChange,
  onSubmit,
}: CodeEntryProps): ReactNode {
  async function scan(): Promise<void> {
    const text = await scanText();
    if (text === null) return;
    onChange(text);
    await onSubmit(text);
  }

  return (
    <>
      <CellGroup title={title} description={description}>
        <View className={classes.row}>
          <Input className={classes.input} placeholder={placeholder} value={code} onChange={onChange} />
          <Button
            className={classes.submit}
            type="primary"
            size="small"
            loading={busy}
            onClick={() => void onSubmit(code)}
          >
            核销
          </Button>
        </View>
      </CellGroup>
      {CAN_SCAN && (
        <View className="su-actions">
          <Button className={classes.scan} type="primary" block onClick={() => void scan()}>
            扫码核销
          </Button>
        </View>
      )}
    </>
  );
}

import type { ReactNode } from 'react';
import { Text } from '@tarojs/components';

import './nowrap.scss';

/**
 * A date, time, number with its unit or code that must never break inside ("2027-0 / 1-07"); the text around it
 * still wraps, between tokens.
 */
export function Nowrap({ children }: { children: ReactNode }): ReactNode {
  return <Text className="su-nowrap">{children}</Text>;
}

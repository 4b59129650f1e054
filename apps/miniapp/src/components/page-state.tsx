import type { ReactNode } from 'react';
import { View } from '@tarojs/components';
import { Button, Empty, Loading } from '@nutui/nutui-react-taro';

import mineIcon from '../assets/tabbar/mine.png';

import './page-state.scss';

/** The states every page body goes through; `ready` carries what the page shows. */
export type LoadState<T> =
  { status: 'loading' } | { status: 'failed'; message: string } | ({ status: 'ready' } & T);

export function LoadingState(): ReactNode {
  return (
    <View className="su-state">
      <Loading>加载中…</Loading>
    </View>
  );
}

/** A load that failed, with the Chinese message of the error (没有权限… for a refused role) and a retry. */
export function FailedState({
  className,
  message,
  onRetry,
}: {
  className: string;
  message: string;
  onRetry?: () => void;
}): ReactNode {
  return (
    <View className="su-state">
      <Empty className={className} title="加载失败" description={message} image={mineIcon} imageSize={72} />
      {onRetry ? (
        <View className="su-state-action">
          <Button block onClick={onRetry}>
            重试
          </Button>
        </View>
      ) : null}
    </View>
  );
}

export function EmptyState({
  className,
  title,
  description,
  children,
}: {
  className: string;
  title: string;
  description?: string;
  /** Actions under the message. */
  children?: ReactNode;
}): ReactNode {
  return (
    <View className="su-state">
      <Empty className={className} title={title} description={description} image={mineIcon} imageSize={72} />
      {children ? <View className="su-state-action">{children}</View> : null}
    </View>
  );
}

/** An inline message under a form field. */
export function FieldError({ name, message }: { name: string; message?: string }): ReactNode {
  return message ? <View className={`su-field-error su-field-error--${name}`}>{message}</View> : null;
}

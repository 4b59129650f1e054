import type { ReactNode } from 'react';
import { View } from '@tarojs/components';
import { Button, Empty, Loading } from '@nutui/nutui-react-taro';

import emptyIcon from '../assets/state/empty.png';
import failedIcon from '../assets/state/failed.png';
import loginIcon from '../assets/state/login.png';
import searchIcon from '../assets/state/search.png';

import { openLogin } from '../services/navigation';
import type { ListMore, PageData, Ready } from './use-page-data';

import './page-state.scss';

/**
 * The states every page body goes through; `ready` carries what the page shows, `signedOut` why the page needs
 * a login (usePageData's `login`).
 */
export type LoadState<T> =
  | { status: 'loading' }
  | { status: 'failed'; message: string }
  | { status: 'signedOut'; reason: string }
  | ({ status: 'ready' } & T);

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
      <Empty className={className} title="加载失败" description={message} image={failedIcon} imageSize={72} />
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

/**
 * A page that needs a login, signed out: says why, with a 登录 button. Nothing opens login by itself, so Back
 * from the login page lands here and the next Back leaves.
 */
export function SignedOutState({ reason }: { reason: string }): ReactNode {
  return (
    <EmptyState className="su-signed-out" kind="login" title="需要登录" description={reason}>
      <Button className="su-signed-out-login" type="primary" block onClick={openLogin}>
        登录
      </Button>
    </EmptyState>
  );
}

/**
 * What an empty page is about, for its picture: `empty` nothing here yet, `search` nothing matches the search or
 * filter, `login` only a signed-in user sees it.
 */
export type EmptyKind = 'empty' | 'search' | 'login';

const EMPTY_ICONS: Record<EmptyKind, string> = { empty: emptyIcon, search: searchIcon, login: loginIcon };

export function EmptyState({
  className,
  kind = 'empty',
  title,
  description,
  children,
}: {
  className: string;
  kind?: EmptyKind;
  title: string;
  description?: string;
  /** Actions under the message. */
  children?: ReactNode;
}): ReactNode {
  return (
    <View className="su-state">
      <Empty
        className={className}
        title={title}
        description={description}
        image={EMPTY_ICONS[kind]}
        imageSize={72}
      />
      {children ? <View className="su-state-action">{children}</View> : null}
    </View>
  );
}

/**
 * A page body in its states: loading, signed out (why, and 登录), failed with a retry, ready — and, when `empty`
 * says so, the empty message instead of the ready content.
 */
export function PageBody<T extends object>({
  page,
  failedClassName,
  empty,
  children,
}: {
  page: Pick<PageData<T>, 'state' | 'reload'>;
  failedClassName: string;
  empty?: {
    when: (ready: Ready<T>) => boolean;
    className: string;
    kind?: EmptyKind;
    title: string;
    description?: string;
    children?: ReactNode;
  };
  children: (ready: Ready<T>) => ReactNode;
}): ReactNode {
  const { state } = page;
  if (state.status === 'loading') return <LoadingState />;
  if (state.status === 'signedOut') return <SignedOutState reason={state.reason} />;
  if (state.status === 'failed') {
    return (
      <FailedState className={failedClassName} message={state.message} onRetry={() => void page.reload()} />
    );
  }
  if (empty?.when(state)) {
    const { when: _when, ...props } = empty;
    return <EmptyState {...props} />;
  }
  return children(state);
}

/**
 * Under a paged list (usePagedList): 加载中… while the next page is on its way, a tappable 加载更多 while pages are
 * left (a short first page never reaches the bottom), 没有更多了 once all are shown.
 */
export function ListFooter({ more }: { more: ListMore }): ReactNode {
  switch (more.status) {
    case 'loading':
      return (
        <View className="su-list-end su-list-end--loading">
          <Loading>加载中…</Loading>
        </View>
      );
    case 'more':
      return (
        <View className="su-list-end su-list-end--more" onClick={more.load}>
          上拉或点此加载更多
        </View>
      );
    case 'done':
      return <View className="su-list-end su-list-end--done">没有更多了</View>;
    case 'idle':
      return null;
  }
}

/** An inline message under a form field. */
export function FieldError({ name, message }: { name: string; message?: string }): ReactNode {
  return message ? <View className={`su-field-error su-field-error--${name}`}>{message}</View> : null;
}

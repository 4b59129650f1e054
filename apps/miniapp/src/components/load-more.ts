import { useState } from 'react';
import type { Paged } from '@smartunion/contracts';

import { showError } from './feedback';
import type { LoadState } from './page-state';

/**
 * 加载更多 for a page whose ready state holds a paged `list`: `loadMore` fetches the page after the last one
 * shown and appends its items, one request at a time; a failure is a toast and the list stays as it was.
 * `more` is true while a page is on its way.
 */
export function useLoadMore<R extends { list: Paged<unknown> }>(
  state: LoadState<R>,
  setState: (next: LoadState<R>) => void,
  fetchPage: (ready: R, page: number) => Promise<R['list']>,
): { more: boolean; loadMore: () => Promise<void> } {
  const [more, setMore] = useState(false);

  async function loadMore(): Promise<void> {
    if (state.status !== 'ready' || more) return;
    setMore(true);
    try {
      const next = await fetchPage(state, state.list.page + 1);
      setState({ ...state, list: { ...next, items: [...state.list.items, ...next.items] } });
    } catch (error) {
      showError(error);
    } finally {
      setMore(false);
    }
  }

  return { more, loadMore };
}

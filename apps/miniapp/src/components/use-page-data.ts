import { useCallback, useEffect, useMemo, useRef, useState, type Dispatch, type SetStateAction } from 'react';
import Taro, { useDidHide, useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import type { ErrorCode, Paged } from '@smartunion/contracts';

import { isApiError } from '../services/api';
import { requireSession } from '../services/auth';
import { errorMessage, showError } from './feedback';
import type { LoadState } from './page-state';

/** The ready state of a page: what `load` resolved, tagged. */
export type Ready<T extends object> = { status: 'ready' } & T;

export interface PageDataOptions {
  /** Reload every time the page shows (coming back from a sub-page, a tab switch); default true. */
  onShow?: boolean;
  /** Call requireSession() before load; without a session the user is sent to login and nothing loads. */
  login?: boolean;
  /** Reload on pull-down refresh (where the page config enables it); default true. */
  pullDown?: boolean;
  /**
   * What the load depends on (filters, a search, a tab): when one changes, the page blanks to loading (results
   * of the old query are not shown under the new one) and loads again.
   */
  deps?: readonly unknown[];
}

export interface PageData<T extends object> {
  state: LoadState<T>;
  setState: Dispatch<SetStateAction<LoadState<T>>>;
  /** Re-runs load; keeps showing the current data while reloading (set `loading` first to blank the page). */
  reload: () => Promise<void>;
}

/**
 * The bottom of a paged list: `more` (pages left, none on its way), `loading`, `done` (all of a non-empty list
 * shown) or `idle` (nothing to say: empty, or not loaded yet), with the action that fetches the next page — the
 * footer offers it as a tap too, for a list whose first page does not fill the screen (no scroll, no bottom).
 */
export interface ListMore {
  status: 'idle' | 'more' | 'loading' | 'done';
  load: () => void;
}

export interface PagedList<T extends { list: Paged<unknown> }> extends PageData<T> {
  more: ListMore;
  /** Fetches the next page (what reaching the bottom does); a no-op while one is on its way or all are shown. */
  loadMore: () => Promise<void>;
}

interface Core<T extends object> extends PageData<T> {
  /** Bumped by every reload, so an answer that belongs to an older load can tell it is stale. */
  generation: { current: number };
  alive: { current: boolean };
}

function usePageDataCore<T extends object>(
  load: () => Promise<T | null>,
  options: PageDataOptions = {},
): Core<T> {
  const { onShow = true, login = false, pullDown = true, deps = [] } = options;
  const [state, setState] = useState<LoadState<T>>({ status: 'loading' });
  // The latest load closure, so a reload sees the page's current filters without re-subscribing.
  const loadRef = useRef(load);
  loadRef.current = load;
  const generation = useRef(0);
  const alive = useRef(true);
  const started = useRef(false);
  // Sent to login (and whether the page has been hidden since): only the show on the way back loads again.
  const sentToLogin = useRef(false);
  const hiddenSince = useRef(false);

  const reload = useCallback(async (): Promise<void> => {
    started.current = true;
    const ticket = ++generation.current;
    const current = (): boolean => alive.current && ticket === generation.current;
    try {
      if (login && !(await requireSession())) {
        sentToLogin.current = true;
        hiddenSince.current = false;
        return;
      }
      const data = await loadRef.current();
      // null: the load navigated away; keep whatever is on screen.
      if (data !== null && current()) setState({ status: 'ready', ...data });
    } catch (error) {
      if (current()) setState({ status: 'failed', message: errorMessage(error) });
    }
  }, [login]);

  // A page loads on its first show, which follows its mount; a component mounted later (in a page already
  // shown) sees no show, so it loads on mount — a tick later, once the page's own first show has had its turn.
  useEffect(() => {
    alive.current = true;
    const timer = setTimeout(() => {
      if (!started.current) void reload();
    }, 0);
    return () => {
      alive.current = false;
      clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, on mount
  }, []);

  useDidHide(() => {
    hiddenSince.current = true;
  });

  useDidShow(() => {
    if (sentToLogin.current) {
      // A show before the login page covered this one must not open a second login page.
      if (!hiddenSince.current) return;
      sentToLogin.current = false;
      void reload();
      return;
    }
    if (onShow || !started.current) void reload();
  });

  // The first run is the mount, loaded above; later runs see the new deps in loadRef.
  const mounted = useRef(false);
  useEffect(() => {
    if (!mounted.current) {
      mounted.current = true;
      return;
    }
    setState({ status: 'loading' });
    void reload();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller's deps are the point
  }, deps);

  // Only fires on pages whose config sets enablePullDownRefresh.
  usePullDownRefresh(() => {
    if (pullDown) void reload().finally(() => void Taro.stopPullDownRefresh());
  });

  return { state, setState, reload, generation, alive };
}

/**
 * The data of a page: `loading` until `load` resolves, then `ready` with its fields, or `failed` with the
 * Chinese message of the error. Loads when the page shows (every time, unless `onShow: false`) and on pull-down
 * refresh; a response that arrives after the page closed, or after a newer load started, is dropped.
 */
export function usePageData<T extends object>(
  load: () => Promise<T | null>,
  options?: PageDataOptions,
): PageData<T> {
  const { state, setState, reload } = usePageDataCore(load, options);
  return { state, setState, reload };
}

/**
 * usePageData for a page whose ready state holds a paged `list`: reaching the bottom of the page fetches the
 * page after the last one shown and appends it, one request at a time, until `total`. A failed page is a toast
 * and the list stays. Render <ListFooter more={…} /> under the items.
 */
export function usePagedList<T extends { list: Paged<unknown> }>(
  load: () => Promise<T | null>,
  fetchPage: (ready: Ready<T>, page: number) => Promise<T['list']>,
  options?: PageDataOptions,
): PagedList<T> {
  const { state, setState, reload, generation, alive } = usePageDataCore(load, options);
  const [fetching, setFetching] = useState(false);
  // A ref as well as state: two bottom events in one frame must not both fetch.
  const inFlight = useRef(false);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;

  const hasMore = state.status === 'ready' && state.list.items.length < state.list.total;

  const loadMore = useCallback(async (): Promise<void> => {
    if (state.status !== 'ready' || inFlight.current) return;
    if (state.list.items.length >= state.list.total) return;
    const ticket = generation.current;
    inFlight.current = true;
    setFetching(true);
    try {
      const next = await fetchRef.current(state, state.list.page + 1);
      if (!alive.current || ticket !== generation.current) return;
      setState((prev) =>
        prev.status === 'ready'
          ? { ...prev, list: { ...next, items: [...prev.list.items, ...next.items] } }
          : prev,
      );
    } catch (error) {
      if (alive.current && ticket === generation.current) showError(error);
    } finally {
      inFlight.current = false;
      if (alive.current) setFetching(false);
    }
  }, [state, setState, generation, alive]);

  useReachBottom(() => {
    void loadMore();
  });

  const shown = state.status === 'ready' ? state.list.items.length : 0;
  const status: ListMore['status'] = fetching ? 'loading' : hasMore ? 'more' : shown === 0 ? 'idle' : 'done';
  const more = useMemo<ListMore>(() => ({ status, load: () => void loadMore() }), [status, loadMore]);
  return { state, setState, reload, more, loadMore };
}

/** `call`'s answer, or null when the API refuses it with one of `codes` (not a member, not a merchant …). */
export async function unlessRefused<R>(call: Promise<R>, ...codes: ErrorCode[]): Promise<R | null> {
  try {
    return await call;
  } catch (error) {
    if (isApiError(error) && (codes as string[]).includes(error.code)) return null;
    throw error;
  }
}

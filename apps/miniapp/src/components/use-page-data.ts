import { useCallback, useEffect, useMemo, useRef, useState, type Dispatch, type SetStateAction } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import type { ErrorCode, Paged } from '@smartunion/contracts';

import { isApiError } from '../services/api';
import { ensureSession, isSignedIn } from '../services/auth';
import { errorMessage, showError } from './feedback';
import type { LoadState } from './page-state';

/** The ready state of a page: what `load` resolved, tagged. */
export type Ready<T extends object> = { status: 'ready' } & T;

export interface PageDataOptions {
  /** Reload every time the page shows (coming back from a sub-page, a tab switch); default true. */
  onShow?: boolean;
  /**
   * The page needs a session: without one (H5; mini-programs log in silently) nothing loads and the page says
   * why — this text ('登录后查看你的优惠券'), or a general line for `true` — with a 登录 button. Never a redirect:
   * Back from the login page must leave.
   */
  login?: boolean | string;
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

const SIGNED_OUT_REASON = '登录后即可使用此功能';

function loginReason(login: true | string): string {
  return login === true ? SIGNED_OUT_REASON : login;
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
  // Shown signed out: the next show (back from login, or a tab switch) looks for a session again.
  const signedOut = useRef(false);

  const reload = useCallback(async (): Promise<void> => {
    started.current = true;
    const ticket = ++generation.current;
    const current = (): boolean => alive.current && ticket === generation.current;
    try {
      signedOut.current = false;
      if (login && !(await ensureSession())) {
        signedOut.current = true;
        if (current()) setState({ status: 'signedOut', reason: loginReason(login) });
        return;
      }
      const data = await loadRef.current();
      // null: the load navigated away; keep whatever is on screen.
      if (data !== null && current()) setState({ status: 'ready', ...data });
    } catch (error) {
      if (!current()) return;
      // The session ran out and could not be renewed: the same card as arriving signed out.
      if (login && isApiError(error) && error.status === 401 && !isSignedIn()) {
        signedOut.current = true;
        setState({ status: 'signedOut', reason: loginReason(login) });
        return;
      }
      setState({ status: 'failed', message: errorMessage(error) });
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

  useDidShow(() => {
    if (onShow || !started.current || signedOut.current) void reload();
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

import { useRef, useState, type ReactNode } from 'react';
import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Button, Cell, CellGroup, Loading, SearchBar } from '@nutui/nutui-react-taro';
import {
  JOIN_UNION_QUERY_MAX_LENGTH,
  JOIN_UNION_QUERY_MIN_LENGTH,
  type JoinUnionListResponse,
  type JoinUnionOption,
} from '@smartunion/contracts';

import { errorMessage, showError } from '../../../components/feedback';
import { EmptyState, ListFooter } from '../../../components/page-state';
import { scanToJoin } from '../../../components/scan-join';
import type { ListMore } from '../../../components/use-page-data';
import { CAN_SCAN, joinPageUrl } from '../../../services/join-code';
import { findJoinUnions } from '../../../services/membership';
import { openLogin } from '../../../services/navigation';

const PAGE_SIZE = 10;

type Search =
  | { status: 'idle' }
  | { status: 'tooShort' }
  | { status: 'loading' }
  | { status: 'failed'; message: string }
  | { status: 'ready'; q: string; list: JoinUnionListResponse; fetching: boolean };

/**
 * The join page without a code: 扫码入会 where the app can scan, and 搜索入会 — the unions that take applications
 * online, found by a part of the name of the worker's employer or of their district. Picking one opens the join
 * page with that union's code, exactly as its QR would.
 */
export function UnionFinder({ signedIn }: { signedIn: boolean }): ReactNode {
  const [keyword, setKeyword] = useState('');
  const [search, setSearch] = useState<Search>({ status: 'idle' });
  // Bumped by every new search, so the answer to an older one (or its next page) is dropped.
  const ticket = useRef(0);

  async function run(text: string): Promise<void> {
    const q = text.trim();
    const mine = ++ticket.current;
    if (q.length === 0) {
      setSearch({ status: 'idle' });
      return;
    }
    if (q.length < JOIN_UNION_QUERY_MIN_LENGTH) {
      setSearch({ status: 'tooShort' });
      return;
    }
    setSearch({ status: 'loading' });
    try {
      const list = await findJoinUnions({ q, pageSize: PAGE_SIZE });
      if (mine === ticket.current) setSearch({ status: 'ready', q, list, fetching: false });
    } catch (error) {
      if (mine === ticket.current) setSearch({ status: 'failed', message: errorMessage(error) });
    }
  }

  async function loadMore(): Promise<void> {
    if (search.status !== 'ready' || search.fetching) return;
    const { q, list } = search;
    if (list.items.length >= list.total) return;
    const mine = ticket.current;
    setSearch({ ...search, fetching: true });
    try {
      const next = await findJoinUnions({ q, page: list.page + 1, pageSize: PAGE_SIZE });
      if (mine !== ticket.current) return;
      setSearch({
        status: 'ready',
        q,
        list: { ...next, items: [...list.items, ...next.items] },
        fetching: false,
      });
    } catch (error) {
      if (mine !== ticket.current) return;
      setSearch({ ...search, fetching: false });
      showError(error);
    }
  }

  const pick = (union: JoinUnionOption) => (): void => {
    // The join page for the union's code, in place of this one: the same page a scan of its QR opens.
    void Taro.redirectTo({ url: joinPageUrl(union.joinCode) });
  };

  return (
    <View className="join-finder">
      {CAN_SCAN ? (
        <View className="su-card join-way join-way--scan">
          <View className="join-way-title">扫码入会</View>
          <View className="join-way-hint">扫描工会驿站、站点门口张贴的入会二维码</View>
          <Button className="join-scan" type="primary" block onClick={() => void scanToJoin(true)}>
            扫码入会
          </Button>
        </View>
      ) : null}
      <View className="su-card join-way join-way--search">
        <View className="join-way-title">搜索入会</View>
        <View className="join-way-hint">
          {CAN_SCAN
            ? '手边没有二维码？找到您单位或所在地的工会，在线申请入会'
            : '找到您单位或所在地的工会，在线申请入会；也可以用手机相机扫描工会的入会二维码'}
        </View>
        {signedIn ? (
          <SearchBar
            className="join-finder-search"
            placeholder="搜索您单位或所在地的工会"
            maxLength={JOIN_UNION_QUERY_MAX_LENGTH}
            value={keyword}
            onChange={setKeyword}
            onSearch={(q) => void run(q)}
            onClear={() => void run('')}
          />
        ) : (
          <Button className="join-finder-login" type="primary" block onClick={openLogin}>
            登录后搜索工会
          </Button>
        )}
      </View>
      {signedIn
        ? renderResults(search, pick, () => void run(keyword), {
            status: search.status === 'ready' ? moreStatus(search) : 'idle',
            load: () => void loadMore(),
          })
        : null}
    </View>
  );
}

function moreStatus(search: Extract<Search, { status: 'ready' }>): ListMore['status'] {
  if (search.fetching) return 'loading';
  if (search.list.items.length < search.list.total) return 'more';
  return search.list.items.length > 0 ? 'done' : 'idle';
}

function renderResults(
  search: Search,
  pick: (union: JoinUnionOption) => () => void,
  retry: () => void,
  more: ListMore,
): ReactNode {
  switch (search.status) {
    case 'idle':
      return <View className="join-finder-hint">输入单位名称或所在区县，如：顺丰、小店</View>;
    case 'tooShort':
      return (
        <View className="join-finder-hint join-finder-hint--short">
          请至少输入 {JOIN_UNION_QUERY_MIN_LENGTH} 个字
        </View>
      );
    case 'loading':
      return (
        <View className="join-finder-loading">
          <Loading>搜索中…</Loading>
        </View>
      );
    case 'failed':
      return (
        <EmptyState className="join-finder-failed" title="搜索失败" description={search.message}>
          <Button block onClick={retry}>
            重试
          </Button>
        </EmptyState>
      );
    case 'ready':
      if (search.list.total === 0) {
        return (
          <EmptyState
            className="join-finder-none"
            title="没有找到可在线入会的工会"
            description="换个关键词试试，如单位简称或所在区县"
          />
        );
      }
      return (
        <View>
          <View className="join-finder-count">找到 {search.list.total} 个可在线入会的工会</View>
          <CellGroup className="join-finder-results">
            {search.list.items.map((union) => (
              <Cell
                key={union.org.id}
                className="join-finder-option"
                title={union.org.name}
                // The unions above it; the last name of the path is the union itself, already the title.
                description={union.orgPath.slice(0, -1).join(' / ')}
                clickable
                onClick={pick(union)}
              />
            ))}
          </CellGroup>
          <ListFooter more={more} />
        </View>
      );
  }
}

import { useCallback, useState, type ReactNode } from 'react';
import { View } from '@tarojs/components';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Button, Cell, CellGroup, Empty, Loading, SearchBar, Toast } from '@nutui/nutui-react-taro';
import {
  DEFAULT_PAGE_SIZE,
  ORG_TYPE_LABELS,
  type OrgDetailResponse,
  type OrgListResponse,
  type OrgResponse,
} from '@smartunion/contracts';

import { errorMessage, showError, TOAST_ID } from '../../../components/feedback';
import { requireSession } from '../../../services/auth';
import { getOrg, listOrgs } from '../../../services/orgs';
import { Routes } from '../../../services/routes';
import mineIcon from '../../../assets/tabbar/mine.png';

import './index.scss';

type OrgsState =
  | { status: 'loading' }
  | { status: 'failed'; message: string }
  | { status: 'ready'; org: OrgDetailResponse | null; list: OrgListResponse; query: string };

/**
 * The union tree within the caller's scope: without an id the roots of the scope, with an id that organisation
 * (breadcrumb, details) and its children; a search looks through the whole scope.
 */
export default function WorkbenchOrgsPage(): ReactNode {
  const id = useRouter().params.id;
  const [state, setState] = useState<OrgsState>({ status: 'loading' });
  const [keyword, setKeyword] = useState('');
  const [more, setMore] = useState(false);

  const load = useCallback(
    async (query: string): Promise<void> => {
      try {
        if (!(await requireSession())) return;
        const [org, list] = await Promise.all([
          id && !query ? getOrg(id) : Promise.resolve(null),
          listOrgs(
            query ? { q: query, pageSize: DEFAULT_PAGE_SIZE } : { parentId: id, pageSize: DEFAULT_PAGE_SIZE },
          ),
        ]);
        setState({ status: 'ready', org, list, query });
      } catch (error) {
        setState({ status: 'failed', message: errorMessage(error) });
      }
    },
    [id],
  );

  useDidShow(() => {
    void load(keyword.trim());
  });

  const loadMore = async (): Promise<void> => {
    if (state.status !== 'ready' || more) return;
    setMore(true);
    try {
      const page = state.list.page + 1;
      const next = await listOrgs(
        state.query
          ? { q: state.query, page, pageSize: DEFAULT_PAGE_SIZE }
          : { parentId: id, page, pageSize: DEFAULT_PAGE_SIZE },
      );
      setState({ ...state, list: { ...next, items: [...state.list.items, ...next.items] } });
    } catch (error) {
      showError(error);
    } finally {
      setMore(false);
    }
  };

  return (
    <View className="page orgs">
      <SearchBar
        className="orgs-search"
        placeholder="在管理范围内搜索组织名称或代码"
        value={keyword}
        onChange={(value) => setKeyword(value)}
        onSearch={(value) => void load(value.trim())}
        onClear={() => void load('')}
      />
      {renderBody(
        state,
        () => void load(keyword.trim()),
        () => void loadMore(),
        more,
      )}
      <Toast id={TOAST_ID} />
    </View>
  );
}

function open(org: OrgResponse): void {
  void Taro.navigateTo({ url: `${Routes.WorkbenchOrgs}?id=${org.id}` });
}

function renderBody(
  state: OrgsState,
  reload: () => void,
  loadMore: () => void,
  loadingMore: boolean,
): ReactNode {
  switch (state.status) {
    case 'loading':
      return (
        <View className="orgs-state">
          <Loading>加载中…</Loading>
        </View>
      );
    case 'failed':
      return (
        <View className="orgs-state">
          <Empty
            className="orgs-failed"
            title="加载失败"
            description={state.message}
            image={mineIcon}
            imageSize={72}
          />
          <View className="orgs-state-action">
            <Button block onClick={reload}>
              重试
            </Button>
          </View>
        </View>
      );
    case 'ready': {
      const { org, list, query } = state;
      const title = query ? `搜索结果（${list.total}）` : org ? `下级组织（${list.total}）` : '我的管理范围';
      return (
        <View>
          {org && (
            <View className="orgs-current">
              <View className="orgs-breadcrumb">
                {[...org.ancestors.map((a) => a.name), org.name].join(' / ')}
              </View>
              <View className="orgs-name">{org.name}</View>
              <View className="orgs-meta">
                {ORG_TYPE_LABELS[org.type]} · 行政区划 {org.areaCode} · 代码 {org.code}
              </View>
            </View>
          )}
          {list.items.length === 0 ? (
            <View className="orgs-state">
              <Empty
                className="orgs-empty"
                title={query ? '没有找到组织' : '没有下级组织'}
                description={query ? '换个关键词试试' : '这是本级的最末一级组织'}
                image={mineIcon}
                imageSize={72}
              />
            </View>
          ) : (
            <>
              <View className="orgs-list-title">{title}</View>
              <CellGroup>
                {list.items.map((item) => (
                  <Cell
                    key={item.id}
                    className="orgs-item"
                    title={item.name}
                    description={`${ORG_TYPE_LABELS[item.type]} · ${item.areaCode}`}
                    extra={item.childCount > 0 ? `${item.childCount} 个下级` : ''}
                    clickable
                    onClick={() => open(item)}
                  />
                ))}
              </CellGroup>
            </>
          )}
          {list.items.length < list.total && (
            <View className="orgs-more">
              <Button block loading={loadingMore} onClick={loadMore}>
                加载更多
              </Button>
            </View>
          )}
        </View>
      );
    }
  }
}

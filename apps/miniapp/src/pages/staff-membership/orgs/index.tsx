import { useState, type ReactNode } from 'react';
import { View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { Cell, CellGroup, SearchBar, Toast } from '@nutui/nutui-react-taro';
import {
  DEFAULT_PAGE_SIZE,
  ORG_TYPE_LABELS,
  type OrgDetailResponse,
  type OrgListResponse,
  type OrgResponse,
} from '@smartunion/contracts';

import { TOAST_ID } from '../../../components/feedback';
import { EmptyState, ListFooter, PageBody } from '../../../components/page-state';
import { usePagedList, type ListMore } from '../../../components/use-page-data';
import { getOrg, listOrgs } from '../../../services/orgs';
import { Routes } from '../../../services/routes';

import './index.scss';

/**
 * The union tree within the caller's scope: without an id the roots of the scope, with an id that organisation
 * (breadcrumb, details) and its children; a search looks through the whole scope.
 */
export default function WorkbenchOrgsPage(): ReactNode {
  const id = useRouter().params.id;
  const [keyword, setKeyword] = useState('');
  // The searched words: the search box may hold words not searched yet.
  const [query, setQuery] = useState('');

  const orgs = (q: string, page?: number): Promise<OrgListResponse> =>
    listOrgs(
      q ? { q, page, pageSize: DEFAULT_PAGE_SIZE } : { parentId: id, page, pageSize: DEFAULT_PAGE_SIZE },
    );
  const page = usePagedList(
    async () => {
      const [org, list] = await Promise.all([id && !query ? getOrg(id) : Promise.resolve(null), orgs(query)]);
      return { org, list, query };
    },
    (ready, n) => orgs(ready.query, n),
    { login: true, deps: [query] },
  );

  function search(value: string): void {
    if (value === query) void page.reload();
    else setQuery(value);
  }

  return (
    <View className="page orgs">
      <SearchBar
        className="orgs-search"
        placeholder="在管理范围内搜索组织名称或代码"
        value={keyword}
        onChange={(value) => setKeyword(value)}
        onSearch={(value) => search(value.trim())}
        onClear={() => search('')}
      />
      <PageBody page={page} failedClassName="orgs-failed">
        {(state) => <OrgList org={state.org} list={state.list} query={state.query} more={page.more} />}
      </PageBody>
      <Toast id={TOAST_ID} />
    </View>
  );
}

function open(org: OrgResponse): void {
  void Taro.navigateTo({ url: `${Routes.WorkbenchOrgs}?id=${org.id}` });
}

function OrgList({
  org,
  list,
  query,
  more,
}: {
  org: OrgDetailResponse | null;
  list: OrgListResponse;
  query: string;
  more: ListMore;
}): ReactNode {
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
        <EmptyState
          className="orgs-empty"
          kind={query ? 'search' : 'empty'}
          title={query ? '没有找到组织' : '没有下级组织'}
          description={query ? '换个关键词试试' : '这是本级的最末一级组织'}
        />
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
      <ListFooter more={more} />
    </View>
  );
}

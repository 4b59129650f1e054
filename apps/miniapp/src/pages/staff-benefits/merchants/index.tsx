import { useState, type ReactNode } from 'react';
import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Button, SearchBar, Toast } from '@nutui/nutui-react-taro';
import {
  DEFAULT_PAGE_SIZE,
  MERCHANT_STATUSES,
  MerchantStatus,
  StoreStatus,
  type MerchantListResponse,
  type MerchantResponse,
} from '@smartunion/contracts';

import { Chip } from '../../../components/amenity-tags';
import { TOAST_ID } from '../../../components/feedback';
import { EmptyState, ListFooter, PageBody } from '../../../components/page-state';
import { usePagedList, type ListMore } from '../../../components/use-page-data';
import { listMerchants, MERCHANT_STATUS_LABELS } from '../../../services/benefits';
import { Routes } from '../../../services/routes';

import './index.scss';

interface Filter {
  q: string;
  status: MerchantStatus | null;
}

/** 普惠商户: the partner merchants of the caller's scope, searched by name and filtered by status; add and edit. */
export default function WorkbenchMerchantsPage(): ReactNode {
  const [keyword, setKeyword] = useState('');
  const [filter, setFilter] = useState<Filter>({ q: '', status: null });
  const { status } = filter;
  // Also reloads on the way back from an edit, which may have changed a merchant.
  const page = usePagedList(
    async () => ({ list: await merchantsPage(filter, 1), filter }),
    (ready, n) => merchantsPage(ready.filter, n),
    { login: true, deps: [filter] },
  );

  function search(q: string): void {
    setFilter({ q, status });
  }

  function choose(next: MerchantStatus | null): void {
    // The words in the box count, searched or not.
    setFilter({ q: keyword.trim(), status: next });
  }

  return (
    <View className="page wb-merchants">
      <SearchBar
        className="wb-merchants-search"
        placeholder="按商户名称搜索"
        value={keyword}
        onChange={setKeyword}
        onSearch={(value) => search(value.trim())}
        onClear={() => search('')}
      />
      <View className="wb-merchants-filters">
        <Chip
          className="wb-merchants-filter wb-merchants-filter--all"
          active={status === null}
          label="全部"
          onClick={() => choose(null)}
        />
        {MERCHANT_STATUSES.map((s) => (
          <Chip
            key={s}
            className={`wb-merchants-filter wb-merchants-filter--${s}`}
            active={status === s}
            label={MERCHANT_STATUS_LABELS[s]}
            onClick={() => choose(s)}
          />
        ))}
      </View>
      <PageBody page={page} failedClassName="wb-merchants-failed">
        {(state) => <MerchantList list={state.list} filter={state.filter} more={page.more} />}
      </PageBody>
      <Toast id={TOAST_ID} />
    </View>
  );
}

function merchantsPage(filter: Filter, page: number): Promise<MerchantListResponse> {
  return listMerchants({
    q: filter.q || undefined,
    status: filter.status ?? undefined,
    page,
    pageSize: DEFAULT_PAGE_SIZE,
  });
}

function MerchantList({
  list,
  filter,
  more,
}: {
  list: MerchantListResponse;
  filter: Filter;
  more: ListMore;
}): ReactNode {
  const filtered = filter.q !== '' || filter.status !== null;
  return (
    <View>
      <View className="wb-merchants-toolbar">
        <View className="wb-merchants-total">
          {filtered ? `查找结果（${list.total}）` : `管理范围内的商户（${list.total}）`}
        </View>
        <Button
          className="wb-merchants-create"
          type="primary"
          size="small"
          onClick={() => void Taro.navigateTo({ url: Routes.WorkbenchMerchantEdit })}
        >
          新增商户
        </Button>
      </View>
      {list.items.length === 0 ? (
        <EmptyState
          className="wb-merchants-empty"
          title={filtered ? '没有找到商户' : '管理范围内还没有普惠商户'}
          description={filtered ? undefined : '点击「新增商户」登记第一家合作商户'}
        />
      ) : (
        list.items.map((m) => <MerchantItem key={m.id} merchant={m} />)
      )}
      <ListFooter more={more} />
    </View>
  );
}

function MerchantItem({ merchant }: { merchant: MerchantResponse }): ReactNode {
  const open = merchant.stores.filter((s) => s.status === StoreStatus.Active).length;
  const suspended = merchant.status === MerchantStatus.Suspended;
  return (
    <View
      className={`su-card wb-merchants-item wb-merchants-item--${merchant.status}`}
      data-merchant-id={merchant.id}
      onClick={() => void Taro.navigateTo({ url: `${Routes.WorkbenchMerchantEdit}?id=${merchant.id}` })}
    >
      <View className="wb-merchants-item-head">
        <View className="su-card-title wb-merchants-item-name">{merchant.name}</View>
        <View
          className={`wb-merchants-item-status${suspended ? ' wb-merchants-item-status--suspended' : ''}`}
        >
          {MERCHANT_STATUS_LABELS[merchant.status]}
        </View>
      </View>
      <View className="su-card-line wb-merchants-item-org">{merchant.org.name}</View>
      <View className="su-card-line wb-merchants-item-stores">
        门店 {merchant.stores.length} 家{open < merchant.stores.length ? `（营业中 ${open} 家）` : ''}
        {merchant.users.length > 0 ? ` · 核销账号 ${merchant.users.length} 个` : ''}
      </View>
      <View className="su-card-line wb-merchants-item-contact">
        联系人 {merchant.contactName} {merchant.contactPhone}
      </View>
    </View>
  );
}

import { useState, type ReactNode } from 'react';
import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Button, Toast } from '@nutui/nutui-react-taro';
import {
  DEFAULT_PAGE_SIZE,
  MALL_ITEM_STATUS_LABELS,
  MALL_ITEM_STATUSES,
  MallItemStatus,
  type MallItemListResponse,
  type MallItemResponse,
} from '@smartunion/contracts';

import { Chip } from '../../../components/amenity-tags';
import { TOAST_ID } from '../../../components/feedback';
import { EmptyState, ListFooter, PageBody } from '../../../components/page-state';
import { usePagedList, type ListMore } from '../../../components/use-page-data';
import { adminMallItems } from '../../../services/points';
import { Routes } from '../../../services/routes';

import './index.scss';

/** 积分商城管理: the mall items offered by the orgs of the caller's scope, filtered by status; add and edit. */
export default function WorkbenchMallItemsPage(): ReactNode {
  const [filter, setFilter] = useState<MallItemStatus | null>(null);
  // Also reloads on the way back from an edit, which may have changed an item.
  const page = usePagedList(
    async () => ({ list: await itemsPage(filter, 1), filter }),
    (ready, n) => itemsPage(ready.filter, n),
    { login: true, deps: [filter] },
  );
  const choose = setFilter;

  return (
    <View className="page wb-mall-items">
      <View className="wb-mall-items-filters">
        <Chip
          className="wb-mall-items-filter wb-mall-items-filter--all"
          active={filter === null}
          label="全部"
          onClick={() => choose(null)}
        />
        {MALL_ITEM_STATUSES.map((s) => (
          <Chip
            key={s}
            className={`wb-mall-items-filter wb-mall-items-filter--${s}`}
            active={filter === s}
            label={MALL_ITEM_STATUS_LABELS[s]}
            onClick={() => choose(s)}
          />
        ))}
      </View>
      <PageBody page={page} failedClassName="wb-mall-items-failed">
        {(state) => <ItemList list={state.list} filtered={state.filter !== null} more={page.more} />}
      </PageBody>
      <Toast id={TOAST_ID} />
    </View>
  );
}

function itemsPage(status: MallItemStatus | null, page: number): Promise<MallItemListResponse> {
  return adminMallItems({ status: status ?? undefined, page, pageSize: DEFAULT_PAGE_SIZE });
}

function ItemList({
  list,
  filtered,
  more,
}: {
  list: MallItemListResponse;
  filtered: boolean;
  more: ListMore;
}): ReactNode {
  return (
    <View>
      <View className="wb-mall-items-toolbar">
        <View className="wb-mall-items-total">管理范围内的商品（{list.total}）</View>
        <Button
          className="wb-mall-items-create"
          type="primary"
          size="small"
          onClick={() => void Taro.navigateTo({ url: Routes.WorkbenchMallItemEdit })}
        >
          新建商品
        </Button>
      </View>
      {list.items.length === 0 ? (
        <EmptyState
          className="wb-mall-items-empty"
          title={filtered ? '没有该状态的商品' : '管理范围内还没有积分商品'}
          description={filtered ? undefined : '点击「新建商品」上架第一件积分兑换商品'}
        />
      ) : (
        list.items.map((item) => <ItemCard key={item.id} item={item} />)
      )}
      <ListFooter more={more} />
    </View>
  );
}

function ItemCard({ item }: { item: MallItemResponse }): ReactNode {
  return (
    <View
      className={`su-card wb-mall-items-item wb-mall-items-item--${item.status}`}
      onClick={() => void Taro.navigateTo({ url: `${Routes.WorkbenchMallItemEdit}?id=${item.id}` })}
    >
      <View className="wb-mall-items-item-head">
        <View className="su-card-title wb-mall-items-item-name">{item.name}</View>
        <View className="wb-mall-items-item-status">{MALL_ITEM_STATUS_LABELS[item.status]}</View>
      </View>
      <View className="su-card-line wb-mall-items-item-numbers">
        {item.costPoints} 积分 · 库存 {item.stock}
        {item.stock === 0 ? '（已兑完）' : ''} · 已兑 {item.redeemedCount} · 每人限兑 {item.perMemberLimit}
      </View>
      <View className="su-card-line wb-mall-items-item-org">
        {item.org.name} · 领取：{item.pickup}
      </View>
    </View>
  );
}

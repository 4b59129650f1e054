import { useCallback, useState, type ReactNode } from 'react';
import { View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { Button, Toast } from '@nutui/nutui-react-taro';
import {
  COUPON_STATUS_LABELS,
  DEFAULT_PAGE_SIZE,
  type CouponResponse,
  type MyCouponsQuery,
  type MyCouponsResponse,
} from '@smartunion/contracts';

import { errorMessage, TOAST_ID } from '../../../components/feedback';
import { useLoadMore } from '../../../components/load-more';
import { EmptyState, FailedState, LoadingState, type LoadState } from '../../../components/page-state';
import { requireSession } from '../../../services/auth';
import { listMyCoupons } from '../../../services/benefits';
import { formatDate, formatDateTime } from '../../../services/format';
import { Routes } from '../../../services/routes';

import './index.scss';

type Tab = NonNullable<MyCouponsQuery['status']>;
const TABS: readonly Tab[] = ['active', 'used', 'expired'];
const TAB_LABELS: Readonly<Record<Tab, string>> = { active: '可使用', used: '已使用', expired: '已过期' };
const EMPTY: Readonly<Record<Tab, string>> = {
  active: '暂无可使用的优惠券，去「福利」领取吧',
  used: '还没有使用过优惠券',
  expired: '没有过期的优惠券',
};

type CouponsState = LoadState<{ list: MyCouponsResponse }>;

/** 我的优惠券: the member's coupons of every source, by tab; tap one to show its write-off QR. */
export default function MyCouponsPage(): ReactNode {
  const [tab, setTab] = useState<Tab>('active');
  const [state, setState] = useState<CouponsState>({ status: 'loading' });
  const { more: loadingMore, loadMore: more } = useLoadMore(state, setState, (ready, page) =>
    listMyCoupons({ status: tab, page, pageSize: ready.list.pageSize }),
  );

  const load = useCallback(async (which: Tab): Promise<void> => {
    try {
      if (!(await requireSession())) return;
      const list = await listMyCoupons({ status: which, pageSize: DEFAULT_PAGE_SIZE });
      setState({ status: 'ready', list });
    } catch (error) {
      setState({ status: 'failed', message: errorMessage(error) });
    }
  }, []);

  useDidShow(() => {
    void load(tab);
  });

  function switchTo(which: Tab): void {
    if (which === tab) return;
    setTab(which);
    setState({ status: 'loading' });
    void load(which);
  }

  const counts = state.status === 'ready' ? state.list.counts : null;
  return (
    <View className="page my-coupons">
      <View className="my-coupons-tabs">
        {TABS.map((which) => (
          <View
            key={which}
            className={`my-coupons-tab my-coupons-tab--${which}${which === tab ? ' my-coupons-tab--active' : ''}`}
            onClick={() => switchTo(which)}
          >
            {TAB_LABELS[which]}
            {counts ? ` ${counts[which]}` : ''}
          </View>
        ))}
      </View>
      {state.status === 'loading' && <LoadingState />}
      {state.status === 'failed' && (
        <FailedState className="my-coupons-failed" message={state.message} onRetry={() => void load(tab)} />
      )}
      {state.status === 'ready' && state.list.items.length === 0 && (
        <EmptyState className="my-coupons-empty" title={EMPTY[tab]} />
      )}
      {state.status === 'ready' && state.list.items.map((c) => <CouponItem key={c.id} coupon={c} />)}
      {state.status === 'ready' && state.list.items.length < state.list.total && (
        <View className="su-more">
          <Button block loading={loadingMore} onClick={() => void more()}>
            加载更多
          </Button>
        </View>
      )}
      <Toast id={TOAST_ID} />
    </View>
  );
}

function CouponItem({ coupon }: { coupon: CouponResponse }): ReactNode {
  const active = coupon.status === 'active';
  return (
    <View
      className={`my-coupon my-coupon--${coupon.status}`}
      data-coupon-id={coupon.id}
      onClick={() =>
        void Taro.navigateTo({ url: `${Routes.BenefitsCoupon}?id=${encodeURIComponent(coupon.id)}` })
      }
    >
      <View className="my-coupon-value">{coupon.valueLabel}</View>
      <View className="my-coupon-body">
        <View className="my-coupon-title">{coupon.title}</View>
        <View className="my-coupon-line">{coupon.merchant.name}</View>
        <View className="my-coupon-line">
          {coupon.status === 'used' && coupon.usedAt
            ? `核销于 ${formatDateTime(coupon.usedAt)}`
            : `${formatDate(coupon.validFrom)} 至 ${formatDate(coupon.validTo)}`}
        </View>
      </View>
      <View className="my-coupon-status">{active ? '去使用' : COUPON_STATUS_LABELS[coupon.status]}</View>
    </View>
  );
}

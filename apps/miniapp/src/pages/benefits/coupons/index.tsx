import { useState, type ReactNode } from 'react';
import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Toast } from '@nutui/nutui-react-taro';
import {
  COUPON_STATUS_LABELS,
  DEFAULT_PAGE_SIZE,
  type CouponResponse,
  type MyCouponsQuery,
} from '@smartunion/contracts';

import { TOAST_ID } from '../../../components/feedback';
import { Nowrap } from '../../../components/nowrap';
import { ListFooter, PageBody } from '../../../components/page-state';
import { SegmentTabs } from '../../../components/segment-tabs';
import { usePagedList } from '../../../components/use-page-data';
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

/** 我的优惠券: the member's coupons of every source, by tab; tap one to show its write-off QR. */
export default function MyCouponsPage(): ReactNode {
  const [tab, setTab] = useState<Tab>('active');
  const page = usePagedList(
    async () => ({ list: await listMyCoupons({ status: tab, pageSize: DEFAULT_PAGE_SIZE }) }),
    (ready, n) => listMyCoupons({ status: tab, page: n, pageSize: ready.list.pageSize }),
    { login: '登录后查看你的优惠券', deps: [tab] },
  );

  const counts = page.state.status === 'ready' ? page.state.list.counts : null;
  return (
    <View className="page my-coupons">
      <SegmentTabs
        name="my-coupons"
        tabs={TABS.map((which) => ({
          value: which,
          label: `${TAB_LABELS[which]}${counts ? ` ${counts[which]}` : ''}`,
        }))}
        value={tab}
        onChange={setTab}
      />
      <PageBody
        page={page}
        failedClassName="my-coupons-failed"
        empty={{ when: (s) => s.list.items.length === 0, className: 'my-coupons-empty', title: EMPTY[tab] }}
      >
        {(state) => (
          <View>
            {state.list.items.map((c) => (
              <CouponItem key={c.id} coupon={c} />
            ))}
            <ListFooter more={page.more} />
          </View>
        )}
      </PageBody>
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
          {coupon.status === 'used' && coupon.usedAt ? (
            <>
              核销于 <Nowrap>{formatDateTime(coupon.usedAt)}</Nowrap>
            </>
          ) : (
            <>
              <Nowrap>{formatDate(coupon.validFrom)}</Nowrap> 至 <Nowrap>{formatDate(coupon.validTo)}</Nowrap>
            </>
          )}
        </View>
      </View>
      <View className="my-coupon-status">{active ? '去使用' : COUPON_STATUS_LABELS[coupon.status]}</View>
    </View>
  );
}

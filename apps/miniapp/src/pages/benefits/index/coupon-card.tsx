import type { ReactNode } from 'react';
import { View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { type ClaimableCouponResponse, OCCUPATION_LABELS } from '@smartunion/contracts';

import { Nowrap } from '../../../components/nowrap';
import { formatDate } from '../../../services/format';

/** Why a coupon cannot be claimed now, as its button says. */
function claimLabel(c: ClaimableCouponResponse): string {
  if (c.claimed >= c.perMemberLimit) return '已领取';
  if (c.remaining === 0) return '已领完';
  return c.claimed > 0 ? '再领一张' : '立即领取';
}

/** One claimable coupon of the 领券中心: value, merchant, audience, validity and the claim button. */
export function ClaimableCouponCard({
  coupon,
  claiming,
  onClaim,
}: {
  coupon: ClaimableCouponResponse;
  claiming: boolean;
  onClaim: () => void;
}): ReactNode {
  const audience = [
    ...coupon.occupations.map((o) => OCCUPATION_LABELS[o]),
    ...(coupon.verifiedOnly ? ['实名会员'] : []),
  ];
  return (
    <View className="coupon-card" data-template-id={coupon.templateId}>
      <View className="coupon-card-value">{coupon.valueLabel}</View>
      <View className="coupon-card-body">
        <View className="coupon-card-title">{coupon.title}</View>
        <View className="coupon-card-merchant">{coupon.merchant.name}</View>
        {audience.length > 0 && <View className="coupon-card-audience">{audience.join(' · ')}专享</View>}
        <View className="coupon-card-line">
          {coupon.validDaysAfterClaim ? (
            <>
              领取后 <Nowrap>{coupon.validDaysAfterClaim} 天</Nowrap>内有效
            </>
          ) : (
            <>
              有效期至 <Nowrap>{formatDate(coupon.validTo)}</Nowrap>
            </>
          )}
          {coupon.perMemberLimit > 1 ? (
            <>
              {' '}
              · 每人限领 <Nowrap>{coupon.perMemberLimit} 张</Nowrap>
            </>
          ) : null}
        </View>
        <View className="coupon-card-line">剩余 {coupon.remaining} 张</View>
      </View>
      <Button
        className="coupon-claim"
        type="primary"
        size="small"
        disabled={!coupon.canClaim}
        loading={claiming}
        onClick={onClaim}
      >
        {claimLabel(coupon)}
      </Button>
    </View>
  );
}

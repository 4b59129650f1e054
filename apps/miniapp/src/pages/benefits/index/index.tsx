import { useRef, useState, type ReactNode } from 'react';
import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Button, Cell, CellGroup, Toast } from '@nutui/nutui-react-taro';
import { type ClaimableCouponResponse } from '@smartunion/contracts';

import { showError, showSuccess, TOAST_ID } from '../../../components/feedback';
import { EmptyState, PageBody } from '../../../components/page-state';
import { usePageData } from '../../../components/use-page-data';
import { isApiError } from '../../../services/api';
import { ensureSession } from '../../../services/auth';
import { claimCoupon, listClaimableCoupons, listMyCoupons } from '../../../services/benefits';
import { openLogin } from '../../../services/navigation';
import { Routes } from '../../../services/routes';
import { newRequestId } from '../../../services/stations';
import { ClaimableCouponCard } from './coupon-card';
import { FlashSection } from './flash-section';

import './index.scss';

/**
 * 福利 tab: flash drops (秒杀) on top, then the coupons of partner merchants the member may claim (领券中心),
 * and the way to 我的优惠券.
 */
export default function BenefitsPage(): ReactNode {
  const [claiming, setClaiming] = useState<string | null>(null);
  // One idempotency key per tap; kept after a failure with no answer, so the retry cannot claim twice.
  const pending = useRef(new Map<string, string>());

  // Browsing needs no login here: signed out, the tab offers it.
  const page = usePageData(async () => {
    if (!(await ensureSession())) return { signedIn: false, coupons: [], activeCount: null };
    const [claimable, mine] = await Promise.all([
      listClaimableCoupons(),
      listMyCoupons({ status: 'active', pageSize: 1 }).catch(() => null),
    ]);
    return { signedIn: true, coupons: claimable.items, activeCount: mine?.counts.active ?? null };
  });

  async function claim(templateId: string): Promise<void> {
    if (claiming) return;
    setClaiming(templateId);
    const requestId = pending.current.get(templateId) ?? newRequestId();
    pending.current.set(templateId, requestId);
    try {
      await claimCoupon(templateId, requestId);
      pending.current.delete(templateId);
      showSuccess('领取成功，可在「我的优惠券」中使用');
      await page.reload();
    } catch (error) {
      if (!(isApiError(error) && error.status === 0)) pending.current.delete(templateId);
      showError(error);
      await page.reload();
    } finally {
      setClaiming(null);
    }
  }

  return (
    <View className="page benefits">
      <PageBody page={page} failedClassName="benefits-failed">
        {(ready) =>
          !ready.signedIn ? (
            <SignedOut />
          ) : (
            <Ready
              coupons={ready.coupons}
              activeCount={ready.activeCount}
              claiming={claiming}
              onClaim={(id) => void claim(id)}
            />
          )
        }
      </PageBody>
      <Toast id={TOAST_ID} />
    </View>
  );
}

/** Signed out: what the tab offers, and the login that opens it; 我的优惠券 says itself why it needs one. */
function SignedOut(): ReactNode {
  return (
    <View>
      <MyCouponsEntry activeCount={null} />
      <EmptyState
        className="benefits-signed-out"
        title="登录后领取会员福利"
        description="合作商户优惠券、限时秒杀"
      >
        <Button className="benefits-login" type="primary" block onClick={openLogin}>
          去登录
        </Button>
      </EmptyState>
    </View>
  );
}

function MyCouponsEntry({ activeCount }: { activeCount: number | null }): ReactNode {
  return (
    <CellGroup>
      <Cell
        className="benefits-my-coupons"
        title="我的优惠券"
        description="出示券码，到店核销"
        extra={activeCount ? `${activeCount} 张可用` : ''}
        clickable
        onClick={() => void Taro.navigateTo({ url: Routes.BenefitsCoupons })}
      />
    </CellGroup>
  );
}

function Ready({
  coupons,
  activeCount,
  claiming,
  onClaim,
}: {
  coupons: ClaimableCouponResponse[];
  activeCount: number | null;
  claiming: string | null;
  onClaim: (templateId: string) => void;
}): ReactNode {
  return (
    <View>
      <MyCouponsEntry activeCount={activeCount} />

      <FlashSection />

      <View className="su-section-title">领券中心</View>
      {coupons.length === 0 ? (
        <EmptyState
          className="benefits-empty"
          title="暂无可领取的优惠券"
          description="加入工会的会员可领取合作商户的专享优惠"
        />
      ) : (
        coupons.map((coupon) => (
          <ClaimableCouponCard
            key={coupon.templateId}
            coupon={coupon}
            claiming={claiming === coupon.templateId}
            onClaim={() => onClaim(coupon.templateId)}
          />
        ))
      )}
    </View>
  );
}

import { useCallback, useRef, useState, type ReactNode } from 'react';
import { View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { Button, Cell, CellGroup, Toast } from '@nutui/nutui-react-taro';
import { type ClaimableCouponResponse } from '@smartunion/contracts';

import { errorMessage, showError, showSuccess, TOAST_ID } from '../../../components/feedback';
import { EmptyState, FailedState, LoadingState, type LoadState } from '../../../components/page-state';
import { isApiError } from '../../../services/api';
import { ensureSession } from '../../../services/auth';
import { claimCoupon, listClaimableCoupons, listMyCoupons } from '../../../services/benefits';
import { Routes } from '../../../services/routes';
import { newRequestId } from '../../../services/stations';
import { ClaimableCouponCard } from './coupon-card';
import { FlashSection } from './flash-section';

import './index.scss';

type BenefitsState =
  LoadState<{ coupons: ClaimableCouponResponse[]; activeCount: number | null }> | { status: 'signedOut' };

/**
 * 福利 tab: flash drops (秒杀) on top, then the coupons of partner merchants the member may claim (领券中心),
 * and the way to 我的优惠券.
 */
export default function BenefitsPage(): ReactNode {
  const [state, setState] = useState<BenefitsState>({ status: 'loading' });
  const [claiming, setClaiming] = useState<string | null>(null);
  // One idempotency key per tap; kept after a failure with no answer, so the retry cannot claim twice.
  const pending = useRef(new Map<string, string>());

  const load = useCallback(async (): Promise<void> => {
    try {
      if (!(await ensureSession())) {
        setState({ status: 'signedOut' });
        return;
      }
      const [claimable, mine] = await Promise.all([
        listClaimableCoupons(),
        listMyCoupons({ status: 'active', pageSize: 1 }).catch(() => null),
      ]);
      setState({ status: 'ready', coupons: claimable.items, activeCount: mine?.counts.active ?? null });
    } catch (error) {
      setState({ status: 'failed', message: errorMessage(error) });
    }
  }, []);

  useDidShow(() => {
    void load();
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
      await load();
    } catch (error) {
      if (!(isApiError(error) && error.status === 0)) pending.current.delete(templateId);
      showError(error);
      await load();
    } finally {
      setClaiming(null);
    }
  }

  return (
    <View className="page benefits">
      {renderBody(state, { reload: () => void load(), claim: (id) => void claim(id), claiming })}
      <Toast id={TOAST_ID} />
    </View>
  );
}

interface Actions {
  reload: () => void;
  claim: (templateId: string) => void;
  claiming: string | null;
}

function renderBody(state: BenefitsState, actions: Actions): ReactNode {
  switch (state.status) {
    case 'loading':
      return <LoadingState />;
    case 'failed':
      return <FailedState className="benefits-failed" message={state.message} onRetry={actions.reload} />;
    case 'signedOut':
      return (
        <EmptyState
          className="benefits-signed-out"
          title="登录后领取会员福利"
          description="合作商户优惠券、限时秒杀"
        >
          <Button
            className="benefits-login"
            type="primary"
            block
            onClick={() => void Taro.navigateTo({ url: Routes.Login })}
          >
            去登录
          </Button>
        </EmptyState>
      );
    case 'ready':
      return <Ready coupons={state.coupons} activeCount={state.activeCount} actions={actions} />;
  }
}

function Ready({
  coupons,
  activeCount,
  actions,
}: {
  coupons: ClaimableCouponResponse[];
  activeCount: number | null;
  actions: Actions;
}): ReactNode {
  return (
    <View>
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
            claiming={actions.claiming === coupon.templateId}
            onClaim={() => actions.claim(coupon.templateId)}
          />
        ))
      )}
    </View>
  );
}

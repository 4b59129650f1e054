import type { ReactNode } from 'react';

import benefitsIcon from '../../../assets/tabbar/benefits-active.png';
import { ComingSoon } from '../../../components/coming-soon';

const UPCOMING = ['普惠商户与优惠券', '线上秒杀', '积分与积分商城'] as const;

export default function BenefitsPage(): ReactNode {
  return (
    <ComingSoon
      icon={benefitsIcon}
      title="会员福利即将上线"
      description="合作商户的普惠优惠券、定时秒杀和积分兑换将在这里发放。"
      upcoming={UPCOMING}
    />
  );
}

import type { ReactNode } from 'react';

import homeIcon from '../../../assets/tabbar/home-active.png';
import { ComingSoon } from '../../../components/coming-soon';

const UPCOMING = [
  '扫码入会与实名认证',
  '培训课程与学习吧',
  '工会活动：投票、报名、抽奖',
  '诉求反映与帮扶申请',
] as const;

export default function HomePage(): ReactNode {
  return (
    <ComingSoon
      icon={homeIcon}
      title="智慧工会"
      description="入会、学习、活动和诉求等会员服务正在建设中，将陆续在首页上线。"
      upcoming={UPCOMING}
    />
  );
}

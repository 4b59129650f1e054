import type { ReactNode } from 'react';

import stationsIcon from '../../../assets/tabbar/stations-active.png';
import { ComingSoon } from '../../../components/coming-soon';

const UPCOMING = ['附近驿站与导航', '扫码开门', '开放时间、设施与实时状态'] as const;

export default function StationsPage(): ReactNode {
  return (
    <ComingSoon
      icon={stationsIcon}
      title="附近的工会驿站即将上线"
      description="届时可查找身边的户外劳动者服务站，查看饮水、充电、休息等设施，并扫码进站。"
      upcoming={UPCOMING}
    />
  );
}

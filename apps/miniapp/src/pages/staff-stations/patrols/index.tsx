import { useState, type ReactNode } from 'react';
import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Toast } from '@nutui/nutui-react-taro';
import {
  DEFAULT_PAGE_SIZE,
  PATROL_DUE_DEFAULT_DAYS,
  PatrolDueStatus,
  STATION_LEVEL_LABELS,
  type PatrolDueItem,
} from '@smartunion/contracts';

import { TOAST_ID } from '../../../components/feedback';
import { Nowrap } from '../../../components/nowrap';
import { EmptyState, ListFooter, PageBody } from '../../../components/page-state';
import { SegmentTabs } from '../../../components/segment-tabs';
import { usePagedList } from '../../../components/use-page-data';
import { formatDate } from '../../../services/format';
import { Routes } from '../../../services/routes';
import { patrolsDue } from '../../../services/station-ops';

import './index.scss';

const TABS: readonly { status: PatrolDueStatus; label: string; empty: string }[] = [
  { status: PatrolDueStatus.Overdue, label: '已逾期', empty: '没有逾期未巡查的驿站' },
  {
    status: PatrolDueStatus.Due,
    label: `${PATROL_DUE_DEFAULT_DAYS}天内到期`,
    empty: `${PATROL_DUE_DEFAULT_DAYS} 天内没有到期的驿站`,
  },
  { status: PatrolDueStatus.All, label: '全部', empty: '管理范围内还没有驿站' },
];

/** 驿站巡查: the stations of the scope by patrol due date; tap one to record a patrol. */
export default function PatrolsPage(): ReactNode {
  const [tab, setTab] = useState<PatrolDueStatus>(PatrolDueStatus.Overdue);
  // Also reloads on the way back from a patrol, which moves the station's due date.
  const page = usePagedList(
    async () => ({ list: await patrolsDue(tab, 1, DEFAULT_PAGE_SIZE) }),
    (_ready, n) => patrolsDue(tab, n, DEFAULT_PAGE_SIZE),
    { login: true, deps: [tab] },
  );

  const empty = TABS.find((t) => t.status === tab)?.empty ?? '';
  return (
    <View className="page patrols">
      <SegmentTabs
        name="patrols"
        tabs={TABS.map((t) => ({ value: t.status, label: t.label }))}
        value={tab}
        onChange={setTab}
      />
      <PageBody page={page} failedClassName="patrols-failed">
        {(state) => (
          <View>
            <View className="su-section-title patrols-total">
              今天 {state.list.today} · 共 {state.list.total} 个驿站
            </View>
            {state.list.items.length === 0 ? (
              <EmptyState className="patrols-empty" title={empty} />
            ) : (
              state.list.items.map((item) => <PatrolDue key={item.stationId} item={item} />)
            )}
            <ListFooter more={page.more} />
          </View>
        )}
      </PageBody>
      <Toast id={TOAST_ID} />
    </View>
  );
}

function dueLabel(item: PatrolDueItem): string {
  if (item.overdue) return `逾期 ${-item.daysLeft} 天`;
  if (item.daysLeft === 0) return '今天到期';
  return `${item.daysLeft} 天后到期`;
}

function PatrolDue({ item }: { item: PatrolDueItem }): ReactNode {
  return (
    <View
      className="su-card patrols-item"
      onClick={() => void Taro.navigateTo({ url: `${Routes.WorkbenchPatrolRecord}?id=${item.stationId}` })}
    >
      <View className="patrols-item-head">
        <View className="su-card-title patrols-item-name">{item.name}</View>
        <View className={`patrols-item-due${item.overdue ? ' patrols-item-due--overdue' : ''}`}>
          {dueLabel(item)}
        </View>
      </View>
      <View className="su-card-line patrols-item-org">
        {item.org.name} · {STATION_LEVEL_LABELS[item.level]}
      </View>
      <View className="su-card-line patrols-item-last">
        {item.lastPatrol ? (
          <>
            上次巡查 <Nowrap>{formatDate(item.lastPatrol.patrolledAt)}</Nowrap>
            {item.lastPatrol.failed > 0 ? `（${item.lastPatrol.failed} 项不合格）` : '（全部合格）'}
          </>
        ) : (
          '尚未巡查'
        )}
      </View>
      <View className="su-card-line patrols-item-due-on">
        应巡查日期 <Nowrap>{item.dueOn}</Nowrap>
      </View>
    </View>
  );
}

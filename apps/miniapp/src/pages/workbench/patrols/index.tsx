import { useCallback, useState, type ReactNode } from 'react';
import { View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { Button, Toast } from '@nutui/nutui-react-taro';
import {
  DEFAULT_PAGE_SIZE,
  PATROL_DUE_DEFAULT_DAYS,
  PatrolDueStatus,
  STATION_LEVEL_LABELS,
  type PatrolDueItem,
  type PatrolDueResponse,
} from '@smartunion/contracts';

import { errorMessage, showError, TOAST_ID } from '../../../components/feedback';
import { EmptyState, FailedState, LoadingState, type LoadState } from '../../../components/page-state';
import { requireSession } from '../../../services/auth';
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

type PatrolsState = LoadState<{ list: PatrolDueResponse; tab: PatrolDueStatus }>;

/** 驿站巡查: the stations of the scope by patrol due date; tap one to record a patrol. */
export default function PatrolsPage(): ReactNode {
  const [tab, setTab] = useState<PatrolDueStatus>(PatrolDueStatus.Overdue);
  const [state, setState] = useState<PatrolsState>({ status: 'loading' });
  const [more, setMore] = useState(false);

  const load = useCallback(async (status: PatrolDueStatus): Promise<void> => {
    try {
      if (!(await requireSession())) return;
      setState({ status: 'ready', tab: status, list: await patrolsDue(status, 1, DEFAULT_PAGE_SIZE) });
    } catch (error) {
      setState({ status: 'failed', message: errorMessage(error) });
    }
  }, []);

  // Also on the way back from a patrol, which moves the station's due date.
  useDidShow(() => {
    void load(tab);
  });

  function onTab(status: PatrolDueStatus): void {
    if (status === tab) return;
    setTab(status);
    setState({ status: 'loading' });
    void load(status);
  }

  async function loadMore(): Promise<void> {
    if (state.status !== 'ready' || more) return;
    setMore(true);
    try {
      const next = await patrolsDue(state.tab, state.list.page + 1, DEFAULT_PAGE_SIZE);
      setState({ ...state, list: { ...next, items: [...state.list.items, ...next.items] } });
    } catch (error) {
      showError(error);
    } finally {
      setMore(false);
    }
  }

  const empty = TABS.find((t) => t.status === tab)?.empty ?? '';
  return (
    <View className="page patrols">
      <View className="patrols-tabs">
        {TABS.map((t) => (
          <View
            key={t.status}
            className={`patrols-tab patrols-tab--${t.status}${t.status === tab ? ' patrols-tab--active' : ''}`}
            onClick={() => onTab(t.status)}
          >
            {t.label}
          </View>
        ))}
      </View>
      {state.status === 'loading' && <LoadingState />}
      {state.status === 'failed' && (
        <FailedState className="patrols-failed" message={state.message} onRetry={() => void load(tab)} />
      )}
      {state.status === 'ready' && (
        <View>
          <View className="su-section-title patrols-total">
            今天 {state.list.today} · 共 {state.list.total} 个驿站
          </View>
          {state.list.items.length === 0 ? (
            <EmptyState className="patrols-empty" title={empty} />
          ) : (
            state.list.items.map((item) => <PatrolDue key={item.stationId} item={item} />)
          )}
          {state.list.items.length < state.list.total && (
            <View className="su-more">
              <Button className="patrols-more" block loading={more} onClick={() => void loadMore()}>
                加载更多
              </Button>
            </View>
          )}
        </View>
      )}
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
        {item.lastPatrol
          ? `上次巡查 ${formatDate(item.lastPatrol.patrolledAt)}${
              item.lastPatrol.failed > 0 ? `（${item.lastPatrol.failed} 项不合格）` : '（全部合格）'
            }`
          : '尚未巡查'}
      </View>
      <View className="su-card-line patrols-item-due-on">应巡查日期 {item.dueOn}</View>
    </View>
  );
}

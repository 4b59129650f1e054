import { useState, type ReactNode } from 'react';
import { View } from '@tarojs/components';
import { Button, Toast } from '@nutui/nutui-react-taro';
import {
  businessMonth,
  monthLabel,
  previousMonth,
  RANKING_LIMIT,
  shiftMonth,
  STATION_LEVEL_LABELS,
  StationRankingBy,
  type CoordSystem,
  type MasterRankingItem,
  type StationExportFormat,
  type StationRankingItem,
  type StationReportMetrics,
  type StationReportResponse,
} from '@smartunion/contracts';

import { showError, showSuccess, TOAST_ID } from '../../../components/feedback';
import { EmptyState, PageBody } from '../../../components/page-state';
import { SegmentTabs } from '../../../components/segment-tabs';
import { usePageData } from '../../../components/use-page-data';
import { IS_H5 } from '../../../services/env';
import {
  exportStations,
  masterRankings,
  STATION_EXPORTS,
  stationRankings,
  stationReports,
} from '../../../services/station-ops';

import './index.scss';

type Tab = 'visits' | 'rating' | 'masters' | 'reports';

const TABS: readonly { key: Tab; label: string }[] = [
  { key: 'visits', label: '驿站（访问量）' },
  { key: 'rating', label: '驿站（评分）' },
  { key: 'masters', label: '站长（出勤）' },
  { key: 'reports', label: '月度通报' },
];

type Board =
  | { tab: 'visits' | 'rating'; items: StationRankingItem[] }
  | { tab: 'masters'; items: MasterRankingItem[] }
  | { tab: 'reports'; items: StationReportResponse[] };

async function loadBoard(tab: Tab, month: string): Promise<Board> {
  switch (tab) {
    case 'visits':
    case 'rating':
      return {
        tab,
        items: (
          await stationRankings(month, tab === 'visits' ? StationRankingBy.Visits : StationRankingBy.Rating)
        ).items,
      };
    case 'masters':
      return { tab, items: (await masterRankings(month)).items };
    case 'reports':
      return { tab, items: (await stationReports(month)).items };
  }
}

/** 排行榜 and 月度通报 of a month (last month by default) for the stations in the caller's scope. */
export default function RankingsPage(): ReactNode {
  const [month, setMonth] = useState(() => previousMonth(businessMonth()));
  const [tab, setTab] = useState<Tab>('visits');
  const page = usePageData(async () => ({ board: await loadBoard(tab, month), month }), {
    login: true,
    onShow: false,
    deps: [tab, month],
  });

  function show(nextTab: Tab, nextMonth: string): void {
    setTab(nextTab);
    setMonth(nextMonth);
  }

  const latest = month >= businessMonth();
  return (
    <View className="page rankings">
      <View className="rankings-month">
        <View className="rankings-month-prev" onClick={() => show(tab, shiftMonth(month, -1))}>
          ‹ 上月
        </View>
        <View className="rankings-month-label">{monthLabel(month)}</View>
        <View
          className={`rankings-month-next${latest ? ' rankings-month-next--disabled' : ''}`}
          onClick={() => {
            if (!latest) show(tab, shiftMonth(month, 1));
          }}
        >
          下月 ›
        </View>
      </View>
      <SegmentTabs
        name="rankings"
        tabs={TABS.map((t) => ({ value: t.key, label: t.label }))}
        value={tab}
        onChange={(next) => show(next, month)}
      />
      <PageBody page={page} failedClassName="rankings-failed">
        {(ready) => <BoardView board={ready.board} month={ready.month} />}
      </PageBody>
      {tab === 'reports' && IS_H5 && <MapExport />}
      <Toast id={TOAST_ID} />
    </View>
  );
}

function BoardView({ board, month }: { board: Board; month: string }): ReactNode {
  if (board.items.length === 0) {
    return (
      <EmptyState
        className={`rankings-empty rankings-empty--${board.tab}`}
        title={
          board.tab === 'reports' ? `${monthLabel(month)}暂无月度通报` : `${monthLabel(month)}暂无排行数据`
        }
        description={board.tab === 'reports' ? '月度通报在每月初生成' : undefined}
      />
    );
  }
  switch (board.tab) {
    case 'visits':
    case 'rating':
      return (
        <View className="rankings-list">
          <View className="su-section-title">前 {RANKING_LIMIT} 名</View>
          {board.items.map((item) => (
            <StationRank key={item.stationId} item={item} by={board.tab} />
          ))}
        </View>
      );
    case 'masters':
      return (
        <View className="rankings-list">
          <View className="su-section-title">前 {RANKING_LIMIT} 名 · 按本月出勤天数</View>
          {board.items.map((item) => (
            <MasterRank key={item.userId} item={item} />
          ))}
        </View>
      );
    case 'reports':
      return (
        <View className="rankings-reports">
          {board.items.map((report) => (
            <Report key={report.id} report={report} />
          ))}
        </View>
      );
  }
}

function RankNumber({ rank }: { rank: number }): ReactNode {
  return <View className={`rankings-rank${rank <= 3 ? ' rankings-rank--top' : ''}`}>{rank}</View>;
}

function StationRank({ item, by }: { item: StationRankingItem; by: 'visits' | 'rating' }): ReactNode {
  const rating = item.rating === null ? '暂无评分' : `${item.rating.toFixed(1)} 分（${item.ratings} 人评）`;
  return (
    <View className="su-card rankings-item">
      <RankNumber rank={item.rank} />
      <View className="rankings-item-body">
        <View className="rankings-item-name">{item.name}</View>
        <View className="su-card-line">
          {item.org.name} · {STATION_LEVEL_LABELS[item.level]}
        </View>
        <View className="su-card-line rankings-item-metrics">
          {by === 'visits'
            ? `访问 ${item.visits} 次 · ${item.uniqueVisitors} 人 · ${rating}`
            : `${rating} · 访问 ${item.visits} 次`}
        </View>
      </View>
    </View>
  );
}

function MasterRank({ item }: { item: MasterRankingItem }): ReactNode {
  return (
    <View className="su-card rankings-item">
      <RankNumber rank={item.rank} />
      <View className="rankings-item-body">
        <View className="rankings-item-name">{item.displayName}</View>
        <View className="su-card-line rankings-item-metrics">出勤 {item.attendanceDays} 天</View>
        {item.stations.map((s) => (
          <View key={s.id} className="su-card-line">
            {s.name}
            {s.rating === null ? '' : ` · ${s.rating.toFixed(1)} 分`}
          </View>
        ))}
      </View>
    </View>
  );
}

const METRICS: readonly { key: keyof StationReportMetrics; label: string }[] = [
  { key: 'visits', label: '访问量' },
  { key: 'uniqueVisitors', label: '访问人数' },
  { key: 'activeStations', label: '活跃驿站' },
  { key: 'offlineStations', label: '离线驿站' },
];

function changeLabel(change: { previous: number; delta: number } | null): string {
  if (change === null) return '上月无数据';
  if (change.delta === 0) return '与上月持平';
  return `较上月 ${change.delta > 0 ? '+' : ''}${change.delta}`;
}

function Report({ report }: { report: StationReportResponse }): ReactNode {
  return (
    <View className="su-card rankings-report">
      <View className="su-card-title rankings-report-city">{report.cityOrg.name}</View>
      <View className="su-card-line">开放驿站 {report.stations} 个</View>
      <View className="rankings-report-metrics">
        {METRICS.map((m) => (
          <View key={m.key} className={`rankings-report-metric rankings-report-metric--${m.key}`}>
            <View className="rankings-report-value">{report[m.key]}</View>
            <View className="rankings-report-label">{m.label}</View>
            <View className="rankings-report-change">{changeLabel(report.changeVsLastMonth[m.key])}</View>
          </View>
        ))}
      </View>
    </View>
  );
}

/** H5: the stations of the scope as map data. */
function MapExport(): ReactNode {
  const [busy, setBusy] = useState<string | null>(null);

  async function onExport(format: StationExportFormat, coord: CoordSystem): Promise<void> {
    setBusy(format);
    try {
      await exportStations(format, coord);
      showSuccess('已导出');
    } catch (error) {
      showError(error);
    } finally {
      setBusy(null);
    }
  }

  return (
    <View className="rankings-export">
      <View className="su-section-title">导出地图数据</View>
      <View className="su-card">
        <View className="su-card-line">管理范围内全部驿站的位置和基本信息</View>
        <View className="su-card-actions">
          {STATION_EXPORTS.map((e) => (
            <Button
              key={e.format}
              className={`rankings-export-button rankings-export--${e.format}`}
              size="small"
              loading={busy === e.format}
              onClick={() => void onExport(e.format, e.coord)}
            >
              {e.label}
            </Button>
          ))}
        </View>
      </View>
    </View>
  );
}

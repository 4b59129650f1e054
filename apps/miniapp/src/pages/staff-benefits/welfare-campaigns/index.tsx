import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import { Button, Progress, Toast } from '@nutui/nutui-react-taro';
import {
  OCCUPATION_LABELS,
  WELFARE_CAMPAIGN_STATUS_LABELS,
  type WelfareProgressCounts,
  type WelfareProgressResponse,
} from '@smartunion/contracts';

import { errorMessage, TOAST_ID } from '../../../components/feedback';
import { Nowrap } from '../../../components/nowrap';
import {
  EmptyState,
  FailedState,
  LoadingState,
  type LoadState,
  SignedOutState,
} from '../../../components/page-state';
import { usePageData } from '../../../components/use-page-data';
import { formatDate } from '../../../services/format';
import { campaignProgress, listCampaigns } from '../../../services/welfare';

import './index.scss';

const percent = (c: Pick<WelfareProgressCounts, 'allotted' | 'pickedUp'>): number =>
  c.allotted === 0 ? 0 : Math.round((c.pickedUp / c.allotted) * 1000) / 10;

/** 福利活动进度: the welfare campaigns in the caller's scope, each with its pick-up progress per city. */
export default function WelfareCampaignsPage(): ReactNode {
  const [openId, setOpenId] = useState<string | null>(null);
  // Bumped on every show, so the open campaign's progress is read again with the list.
  const [shows, setShows] = useState(0);
  const { state, reload } = usePageData(
    async () => {
      const { items } = await listCampaigns();
      setOpenId((current) => (items.some((c) => c.id === current) ? current : (items[0]?.id ?? null)));
      return { items };
    },
    { login: true },
  );

  useDidShow(() => setShows((n) => n + 1));

  return (
    <View className="page welfare-campaigns">
      {state.status === 'loading' && <LoadingState />}
      {state.status === 'signedOut' && <SignedOutState reason={state.reason} />}
      {state.status === 'failed' && (
        <FailedState
          className="welfare-campaigns-failed"
          message={state.message}
          onRetry={() => void reload()}
        />
      )}
      {state.status === 'ready' && state.items.length === 0 && (
        <EmptyState
          className="welfare-campaigns-empty"
          title="暂无福利活动"
          description="管理范围内还没有福利活动"
        />
      )}
      {state.status === 'ready' &&
        state.items.map((c) => (
          <View key={c.id} className="su-card welfare-campaign">
            <View className="welfare-campaign-head" onClick={() => setOpenId(openId === c.id ? null : c.id)}>
              <View className="su-card-title welfare-campaign-title">{c.title}</View>
              <View className={`welfare-campaign-status welfare-campaign-status--${c.status}`}>
                {c.open ? '领取中' : WELFARE_CAMPAIGN_STATUS_LABELS[c.status]}
              </View>
            </View>
            <View className="su-card-line">
              {c.org.name} · {c.goods} × {c.quantityPerMember} {c.unit}
            </View>
            <View className="su-card-line">
              {c.occupations.map((o) => OCCUPATION_LABELS[o]).join('、')}
              {c.verifiedOnly ? '（限实名会员）' : ''} · <Nowrap>{formatDate(c.startsAt)}</Nowrap> 至{' '}
              <Nowrap>{formatDate(c.endsAt)}</Nowrap>
            </View>
            <View className="su-card-line welfare-campaign-totals">
              全活动已领取 {c.pickedUp} / 应发 {c.allotted} 人
            </View>
            {openId === c.id && <CampaignProgress campaignId={c.id} reloadKey={shows} />}
          </View>
        ))}
      <Toast id={TOAST_ID} />
    </View>
  );
}

/** Per city (or county) and per station, limited to the caller's scope by the API. */
function CampaignProgress({ campaignId, reloadKey }: { campaignId: string; reloadKey: number }): ReactNode {
  const [state, setState] = useState<LoadState<{ progress: WelfareProgressResponse }>>({ status: 'loading' });

  const load = useCallback(async (): Promise<void> => {
    try {
      setState({ status: 'ready', progress: await campaignProgress(campaignId) });
    } catch (error) {
      setState({ status: 'failed', message: errorMessage(error) });
    }
  }, [campaignId]);

  useEffect(() => {
    void load();
  }, [load, reloadKey]);

  // Never signed out: this state is the component's own, the page checked the session.
  if (state.status === 'loading' || state.status === 'signedOut') {
    return <View className="welfare-progress-hint">进度加载中…</View>;
  }
  if (state.status === 'failed') {
    return (
      <View className="welfare-progress-hint">
        {state.message}
        <Button size="small" onClick={() => void load()}>
          重试
        </Button>
      </View>
    );
  }
  const { totals, groups, stations } = state.progress;
  return (
    <View className="welfare-progress">
      <ProgressRow className="welfare-progress-total" label="管理范围内合计" counts={totals} />
      <View className="welfare-progress-title">各地领取进度</View>
      {groups.length === 0 && <View className="welfare-progress-hint">暂无发放对象</View>}
      {groups.map((g) => (
        <ProgressRow key={g.org.id} className="welfare-progress-group" label={g.org.name} counts={g} />
      ))}
      <View className="welfare-progress-title">各驿站已发放</View>
      {stations.map((s) => (
        <View key={s.station.id} className="welfare-progress-station">
          <View className="welfare-progress-station-name">{s.station.name}</View>
          <View className="welfare-progress-station-count">{s.pickedUp} 人</View>
        </View>
      ))}
    </View>
  );
}

function ProgressRow({
  className,
  label,
  counts,
}: {
  className: string;
  label: string;
  counts: WelfareProgressCounts;
}): ReactNode {
  return (
    <View className={`welfare-progress-row ${className}`}>
      <View className="welfare-progress-label">
        <View className="welfare-progress-name">{label}</View>
        <View className="welfare-progress-count">
          {counts.pickedUp} / {counts.allotted} 人（{percent(counts)}%）
        </View>
      </View>
      <Progress percent={percent(counts)} strokeWidth="8" />
    </View>
  );
}

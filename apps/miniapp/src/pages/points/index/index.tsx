import { useState, type ReactNode } from 'react';
import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Button, Progress, Toast } from '@nutui/nutui-react-taro';
import {
  ErrorCode,
  POINT_REASON_LABELS,
  type MyPointsResponse,
  type PointEntryListResponse,
  type PointEntryResponse,
  type TodayEarning,
} from '@smartunion/contracts';

import { showError, showSuccess, TOAST_ID } from '../../../components/feedback';
import { ListFooter, PageBody } from '../../../components/page-state';
import { unlessRefused, usePagedList } from '../../../components/use-page-data';
import { formatDateTime } from '../../../services/format';
import { myEntries, myPoints, signIn } from '../../../services/points';
import { Routes } from '../../../services/routes';

import './index.scss';

const NO_ENTRIES: PointEntryListResponse = { items: [], total: 0, page: 1, pageSize: 20 };

/** 积分: balance, 每日签到 with the streak, today's progress against each daily cap, and every change. */
export default function PointsPage(): ReactNode {
  const [signing, setSigning] = useState(false);
  // points null: not a member, who has no points and no history.
  const page = usePagedList(
    async (): Promise<{ points: MyPointsResponse | null; list: PointEntryListResponse }> => {
      const answer = await unlessRefused(Promise.all([myPoints(), myEntries()]), ErrorCode.NotAMember);
      return answer ? { points: answer[0], list: answer[1] } : { points: null, list: NO_ENTRIES };
    },
    (_ready, n) => myEntries(n),
    { login: '登录后查看你的积分和每日签到' },
  );

  async function onSignIn(): Promise<void> {
    if (signing) return;
    setSigning(true);
    try {
      const result = await signIn();
      if (result.alreadySigned) showSuccess('今天已经签过到了');
      else if (result.awarded > 0) showSuccess(`签到成功，积分 +${result.awarded}`);
      else showSuccess('签到成功，今日签到积分已达上限');
      await page.reload();
    } catch (error) {
      showError(error);
    } finally {
      setSigning(false);
    }
  }

  return (
    <View className="page points">
      <PageBody
        page={page}
        failedClassName="points-failed"
        empty={{
          when: (s) => s.points === null,
          className: 'points-not-member',
          title: '加入工会后即可赚积分',
          description: '会员每日签到、学习、参加活动都能获得积分，兑换实用好物',
          children: (
            <Button
              type="primary"
              block
              onClick={() => void Taro.navigateTo({ url: Routes.MembershipStatus })}
            >
              了解如何入会
            </Button>
          ),
        }}
      >
        {({ points, list }) =>
          points && (
            <View>
              <Summary points={points} signing={signing} onSignIn={() => void onSignIn()} />
              <TodayProgress today={points.today} />
              <View className="su-section-title">积分明细</View>
              {list.items.length === 0 && (
                <View className="su-note points-history-empty">还没有积分记录，先签个到吧</View>
              )}
              {list.items.map((entry) => (
                <EntryRow key={entry.id} entry={entry} />
              ))}
              <ListFooter more={page.more} />
            </View>
          )
        }
      </PageBody>
      <Toast id={TOAST_ID} />
    </View>
  );
}

function Summary({
  points,
  signing,
  onSignIn,
}: {
  points: MyPointsResponse;
  signing: boolean;
  onSignIn: () => void;
}): ReactNode {
  const { signIn: s } = points;
  const next = s.nextBonus;
  return (
    <View className="points-summary">
      <View className="points-balance-label">我的积分</View>
      <View className="points-balance">{points.balance}</View>
      <View className="points-totals">
        累计获得 {points.earnedTotal} · 累计使用 {points.spentTotal}
      </View>
      <View className="points-sign">
        <View className="points-sign-text">
          <View className="points-streak">{s.streak > 0 ? `已连续签到 ${s.streak} 天` : '今天还没签到'}</View>
          {next && (
            <View className="points-next-bonus">
              连续签到满 {next.fromDay} 天，每天额外 +{next.bonus}
            </View>
          )}
        </View>
        {s.signedToday ? (
          <View className="points-sign-in points-sign-in--done">{signInLabel(true, s.todayPoints)}</View>
        ) : (
          <Button className="points-sign-in" type="primary" size="small" loading={signing} onClick={onSignIn}>
            {signInLabel(false, s.todayPoints)}
          </Button>
        )}
      </View>
      <View className="points-links">
        <Button
          className="points-go-mall"
          size="small"
          onClick={() => void Taro.navigateTo({ url: Routes.PointsMall })}
        >
          积分商城
        </Button>
        <Button
          className="points-go-orders"
          size="small"
          onClick={() => void Taro.navigateTo({ url: Routes.PointsOrders })}
        >
          我的兑换
        </Button>
      </View>
    </View>
  );
}

function signInLabel(signed: boolean, points: number): string {
  const gain = points > 0 ? ` +${points}` : '';
  return signed ? `今日已签${gain}` : `签到${gain}`;
}

/** Each earn reason against its daily cap; reasons a union turned off are left out. */
function TodayProgress({ today }: { today: TodayEarning[] }): ReactNode {
  const shown = today.filter((t) => t.enabled);
  if (shown.length === 0) return null;
  return (
    <View className="su-card points-today">
      <View className="su-card-title">今日获得</View>
      {shown.map((t) => (
        <View key={t.reason} className={`points-today-item points-today-item--${t.reason}`}>
          <View className="points-today-head">
            <View>{POINT_REASON_LABELS[t.reason]}</View>
            <View className="points-today-count">
              {t.earned}/{t.dailyCap}
            </View>
          </View>
          <Progress percent={Math.min(100, Math.round((t.earned / t.dailyCap) * 100))} showText={false} />
        </View>
      ))}
      <View className="su-card-line">每项每日有获得上限，次日零点（北京时间）重新计算</View>
    </View>
  );
}

function EntryRow({ entry }: { entry: PointEntryResponse }): ReactNode {
  const gain = entry.delta > 0;
  return (
    <View className={`su-card points-entry points-entry--${entry.reason}`}>
      <View className="points-entry-main">
        <View className="points-entry-reason">{POINT_REASON_LABELS[entry.reason]}</View>
        <View className={`points-entry-delta${gain ? ' points-entry-delta--gain' : ''}`}>
          {gain ? `+${entry.delta}` : entry.delta}
        </View>
      </View>
      {entry.note && <View className="su-card-line points-entry-note">{entry.note}</View>}
      <View className="su-card-line points-entry-meta">
        {entry.businessDay === formatDateTime(entry.createdAt).slice(0, 10)
          ? formatDateTime(entry.createdAt)
          : entry.businessDay}
        {` · 余额 ${entry.balanceAfter}`}
      </View>
    </View>
  );
}

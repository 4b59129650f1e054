import type { ReactNode } from 'react';
import { View } from '@tarojs/components';
import type { ReconciliationResponse } from '@smartunion/contracts';

import { PageBody } from '../../../components/page-state';
import { usePageData } from '../../../components/use-page-data';
import { formatDateTime } from '../../../services/format';
import { reconciliations } from '../../../services/points';

/** Mismatched accounts listed on the page; the rest are counted. */
const SHOWN_MISMATCHES = 20;

/**
 * 积分对账: the latest run of the nightly check of every account against its ledger entries. The totals are of
 * the whole run; the listed accounts are those of members inside the caller's scope.
 */
export function ReconciliationCard(): ReactNode {
  const page = usePageData(
    async () => {
      const list = await reconciliations(1, 1);
      return { report: list.items[0] ?? null };
    },
    { onShow: false },
  );

  return (
    <View className="points-rules-reconciliation">
      <View className="su-section-title">积分对账</View>
      <PageBody page={page} failedClassName="points-rules-reconciliation-failed">
        {({ report }) => <Report report={report} />}
      </PageBody>
    </View>
  );
}

function Report({ report }: { report: ReconciliationResponse | null }): ReactNode {
  if (!report) {
    return (
      <View className="su-card points-rules-report points-rules-report--none">
        <View className="su-card-line">暂无对账报告。系统每天 03:30 自动核对全部积分账户与流水。</View>
      </View>
    );
  }
  const ok = report.mismatches === 0;
  return (
    <View className={`su-card points-rules-report points-rules-report--${ok ? 'ok' : 'mismatch'}`}>
      <View className="su-card-title points-rules-report-verdict">
        {ok ? '账实一致' : `发现 ${report.mismatches} 个账户不一致`}
      </View>
      <View className="su-card-line points-rules-report-checked">
        最近一次对账 {formatDateTime(report.finishedAt)} · 核对账户 {report.accountsChecked} 个
      </View>
      {!ok && report.details.length === 0 && (
        <View className="su-card-line">不一致的账户均不在您的管理范围内</View>
      )}
      {report.details.slice(0, SHOWN_MISMATCHES).map((d) => (
        <View key={d.memberId} className="su-card-line points-rules-mismatch">
          会员 ID {d.memberId}：余额 {d.balance}，流水合计 {d.entriesSum}；累计获得 {d.earnedTotal}/
          {d.entriesEarned}，累计使用 {d.spentTotal}/{d.entriesSpent}
        </View>
      ))}
      {report.details.length > SHOWN_MISMATCHES && (
        <View className="su-card-line">
          另有 {report.details.length - SHOWN_MISMATCHES} 个管理范围内的账户不一致
        </View>
      )}
      {!ok && (
        <View className="su-card-line points-rules-report-note">
          对账只报告差异，不会自动修正；请核实后通过「积分调整」处理。
        </View>
      )}
    </View>
  );
}

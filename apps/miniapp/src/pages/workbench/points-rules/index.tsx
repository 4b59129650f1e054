import { useCallback, useState, type ReactNode } from 'react';
import { View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import { Dialog, Toast } from '@nutui/nutui-react-taro';
import {
  type EarnReason,
  type EarnRulesResponse,
  type MeResponse,
  type OrgRef,
  Permission,
  POINT_REASON_LABELS,
} from '@smartunion/contracts';

import { errorMessage, showError, showSuccess, TOAST_ID } from '../../../components/feedback';
import { OrgChooser, ownOrgs } from '../../../components/org-chooser';
import { FailedState, LoadingState, type LoadState } from '../../../components/page-state';
import { getMe } from '../../../services/api';
import { requireSession } from '../../../services/auth';
import { deleteEarnRule, earnRules, putEarnRule } from '../../../services/points';
import { ReconciliationCard } from './reconciliation-card';
import { RuleCard, type RuleForm } from './rule-card';

import './index.scss';

type PageState = LoadState<{ me: MeResponse }>;
type RulesState = LoadState<{ view: EarnRulesResponse }> | { status: 'idle' };

/**
 * 积分规则与对账: the earn rules in force for members of an org of the caller's scope — its own, an upper
 * org's, or the built-in default — set and removed per reason; and the latest reconciliation report.
 */
export default function WorkbenchPointsRulesPage(): ReactNode {
  const [page, setPage] = useState<PageState>({ status: 'loading' });
  const [org, setOrg] = useState<OrgRef | null>(null);
  const [rules, setRules] = useState<RulesState>({ status: 'idle' });
  const [editing, setEditing] = useState<EarnReason | null>(null);
  const [removing, setRemoving] = useState<EarnReason | null>(null);

  const loadRules = useCallback(async (target: OrgRef): Promise<void> => {
    setRules({ status: 'loading' });
    try {
      setRules({ status: 'ready', view: await earnRules(target.id) });
    } catch (error) {
      setRules({ status: 'failed', message: errorMessage(error) });
    }
  }, []);

  const load = useCallback(async (): Promise<void> => {
    try {
      if (!(await requireSession())) return;
      const me = await getMe();
      setPage({ status: 'ready', me });
      // The caller's own union first: the usual org to set rules for.
      const first = ownOrgs(me, Permission.PointsManage, false)[0] ?? null;
      setOrg(first);
      if (first) await loadRules(first);
    } catch (error) {
      setPage({ status: 'failed', message: errorMessage(error) });
    }
  }, [loadRules]);

  useDidShow(() => {
    if (page.status !== 'ready') void load();
  });

  function choose(next: OrgRef | null): void {
    setOrg(next);
    setEditing(null);
    if (next) void loadRules(next);
    else setRules({ status: 'idle' });
  }

  async function save(reason: EarnReason, form: RuleForm): Promise<void> {
    if (!org) return;
    const view = await putEarnRule({
      orgId: org.id,
      reason,
      points: Number(form.points.trim()),
      dailyCap: Number(form.dailyCap.trim()),
      enabled: form.enabled,
    });
    setRules({ status: 'ready', view });
    setEditing(null);
    showSuccess('规则已保存');
  }

  async function remove(): Promise<void> {
    if (!org || !removing) return;
    try {
      const view = await deleteEarnRule(org.id, removing);
      setRules({ status: 'ready', view });
      setEditing(null);
      setRemoving(null);
      showSuccess('已删除本级规则');
    } catch (error) {
      showError(error);
      throw error;
    }
  }

  return (
    <View className="page points-rules">
      {page.status === 'loading' && <LoadingState />}
      {page.status === 'failed' && (
        <FailedState className="points-rules-failed" message={page.message} onRetry={() => void load()} />
      )}
      {page.status === 'ready' && (
        <>
          <OrgChooser
            me={page.me}
            permission={Permission.PointsManage}
            grassrootsOnly={false}
            title="为哪个组织设置（对其下属工会的会员生效）"
            value={org}
            onChange={choose}
          />
          {rules.status === 'loading' && <LoadingState />}
          {rules.status === 'failed' && (
            <FailedState
              className="points-rules-rules-failed"
              message={rules.message}
              onRetry={() => org && void loadRules(org)}
            />
          )}
          {rules.status === 'ready' && (
            <View className="points-rules-list">
              <View className="su-section-title">{rules.view.org.name} 会员的积分规则</View>
              {rules.view.rules.map((rule) => (
                <RuleCard
                  key={rule.reason}
                  rule={rule}
                  editing={editing === rule.reason}
                  onEdit={() => setEditing(rule.reason)}
                  onClose={() => setEditing(null)}
                  onSave={(form) => save(rule.reason, form)}
                  onDelete={() => setRemoving(rule.reason)}
                />
              ))}
            </View>
          )}
          <ReconciliationCard />
        </>
      )}
      <Dialog
        className="points-rules-delete-dialog"
        visible={removing !== null}
        title={`删除「${removing ? POINT_REASON_LABELS[removing] : ''}」本级规则`}
        confirmText="确认删除"
        cancelText="取消"
        onConfirm={remove}
        onCancel={() => setRemoving(null)}
        onClose={() => setRemoving(null)}
      >
        删除后，本组织及下属工会的会员将沿用上级组织的规则或系统默认规则。
      </Dialog>
      <Toast id={TOAST_ID} />
    </View>
  );
}

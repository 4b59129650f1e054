import { useState, type ReactNode } from 'react';
import { View } from '@tarojs/components';
import { Dialog, Toast } from '@nutui/nutui-react-taro';
import { type EarnReason, type OrgRef, Permission, POINT_REASON_LABELS } from '@smartunion/contracts';

import { showError, showSuccess, TOAST_ID } from '../../../components/feedback';
import { OrgChooser, ownOrgs } from '../../../components/org-chooser';
import { PageBody } from '../../../components/page-state';
import { usePageData } from '../../../components/use-page-data';
import { getMe } from '../../../services/api';
import { deleteEarnRule, earnRules, putEarnRule } from '../../../services/points';
import { ReconciliationCard } from './reconciliation-card';
import { RuleCard, type RuleForm } from './rule-card';

import './index.scss';

/**
 * 积分规则与对账: the earn rules in force for members of an org of the caller's scope — its own, an upper
 * org's, or the built-in default — set and removed per reason; and the latest reconciliation report.
 */
export default function WorkbenchPointsRulesPage(): ReactNode {
  const [org, setOrg] = useState<OrgRef | null>(null);
  const [editing, setEditing] = useState<EarnReason | null>(null);
  const [removing, setRemoving] = useState<EarnReason | null>(null);

  // Loaded once: an edit in progress survives a trip to another page.
  const page = usePageData(
    async () => {
      const me = await getMe();
      // The caller's own union first: the usual org to set rules for.
      setOrg(ownOrgs(me, Permission.PointsManage, false)[0] ?? null);
      return { me };
    },
    { login: true, onShow: false },
  );
  // The rules of the chosen org; none chosen: nothing to show.
  const rules = usePageData(async () => ({ view: org ? await earnRules(org.id) : null }), {
    onShow: false,
    deps: [org],
  });

  function choose(next: OrgRef | null): void {
    setOrg(next);
    setEditing(null);
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
    rules.setState({ status: 'ready', view });
    setEditing(null);
    showSuccess('规则已保存');
  }

  async function remove(): Promise<void> {
    if (!org || !removing) return;
    try {
      const view = await deleteEarnRule(org.id, removing);
      rules.setState({ status: 'ready', view });
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
      <PageBody page={page} failedClassName="points-rules-failed">
        {({ me }) => (
          <>
            <OrgChooser
              me={me}
              permission={Permission.PointsManage}
              grassrootsOnly={false}
              title="为哪个组织设置（对其下属工会的会员生效）"
              value={org}
              onChange={choose}
            />
            <PageBody page={rules} failedClassName="points-rules-rules-failed">
              {({ view }) =>
                view && (
                  <View className="points-rules-list">
                    <View className="su-section-title">{view.org.name} 会员的积分规则</View>
                    {view.rules.map((rule) => (
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
                )
              }
            </PageBody>
            <ReconciliationCard />
          </>
        )}
      </PageBody>
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

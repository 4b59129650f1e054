import { useState, type ReactNode } from 'react';
import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Button, Dialog, Toast } from '@nutui/nutui-react-taro';
import {
  APPLICATION_STATUS_LABELS,
  ApplicationStatus,
  OCCUPATION_LABELS,
  type JoinApplicationResponse,
  type MyMembershipResponse,
} from '@smartunion/contracts';

import { showError, showSuccess, TOAST_ID } from '../../../components/feedback';
import { EmptyState, PageBody } from '../../../components/page-state';
import { scanToJoin } from '../../../components/scan-join';
import { usePageData } from '../../../components/use-page-data';
import { formatDateTime } from '../../../services/format';
import { CAN_SCAN } from '../../../services/join-code';
import { getMyMembership, withdrawApplication } from '../../../services/membership';
import { Routes } from '../../../services/routes';

import './index.scss';

/** Where the caller's join application stands: its state, the refusal reason, withdrawal while pending. */
export default function StatusPage(): ReactNode {
  const [confirming, setConfirming] = useState(false);

  const page = usePageData(async () => ({ mine: await getMyMembership() }), {
    login: '登录后查看你的入会申请进度',
  });
  const { state } = page;

  async function withdraw(application: JoinApplicationResponse): Promise<void> {
    try {
      await withdrawApplication(application.id);
      showSuccess('已撤回申请');
      await page.reload();
    } catch (error) {
      showError(error);
      throw error;
    }
  }

  const application = state.status === 'ready' ? state.mine.latestApplication : null;

  return (
    <View className="page status">
      <PageBody page={page} failedClassName="status-failed">
        {(ready) => <StatusBody mine={ready.mine} onWithdraw={() => setConfirming(true)} />}
      </PageBody>
      <Dialog
        className="status-withdraw-dialog"
        visible={confirming && application !== null}
        title="撤回入会申请"
        content="撤回后如需入会，请重新扫码申请。"
        confirmText="撤回"
        cancelText="再想想"
        onConfirm={() => (application ? withdraw(application) : undefined)}
        onCancel={() => setConfirming(false)}
        onClose={() => setConfirming(false)}
      />
      <Toast id={TOAST_ID} />
    </View>
  );
}

function StatusBody({ mine, onWithdraw }: { mine: MyMembershipResponse; onWithdraw: () => void }): ReactNode {
  const { member, latestApplication: app } = mine;
  return (
    <View>
      {member && (
        <View className="su-card status-member">
          <View className="su-card-title">您已是{member.org.name}会员</View>
          <View className="su-card-line">会员号 {member.memberNo}</View>
          <View className="su-card-actions">
            <Button
              className="status-to-card"
              type="primary"
              size="small"
              onClick={() => void Taro.navigateTo({ url: Routes.MembershipCard })}
            >
              查看会员卡
            </Button>
          </View>
        </View>
      )}
      {app ? (
        <View className="su-card status-application">
          <View className="su-card-title">{app.org.name}</View>
          <View className={`status-label status-label--${app.status}`}>
            {APPLICATION_STATUS_LABELS[app.status]}
          </View>
          <View className="su-card-line">
            {app.name} · {OCCUPATION_LABELS[app.occupation]} · {app.employer}
          </View>
          <View className="su-card-line">提交时间 {formatDateTime(app.createdAt)}</View>
          {app.decidedAt && <View className="su-card-line">处理时间 {formatDateTime(app.decidedAt)}</View>}
          {app.status === ApplicationStatus.Rejected && app.rejectReason && (
            <View className="status-reject-reason">驳回原因：{app.rejectReason}</View>
          )}
          {app.status === ApplicationStatus.Pending && (
            <View className="su-card-actions">
              <Button className="status-withdraw" size="small" onClick={onWithdraw}>
                撤回申请
              </Button>
            </View>
          )}
        </View>
      ) : (
        !member && (
          <EmptyState
            className="status-none"
            title="还没有入会申请"
            description="扫描工会驿站或站点的入会二维码即可申请入会"
          />
        )
      )}
      {!member && app && app.status !== ApplicationStatus.Pending && (
        <View className="su-note">如需重新申请，请再次扫描工会的入会二维码。</View>
      )}
      {!member && CAN_SCAN && app?.status !== ApplicationStatus.Pending && (
        <View className="su-actions">
          <Button className="status-scan" type="primary" block onClick={() => void scanToJoin()}>
            扫码入会
          </Button>
        </View>
      )}
    </View>
  );
}

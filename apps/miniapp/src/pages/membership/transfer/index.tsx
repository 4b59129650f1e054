import { useState, type ReactNode } from 'react';
import { View } from '@tarojs/components';
import { Button, CellGroup, Dialog, Input, TextArea, Toast } from '@nutui/nutui-react-taro';
import {
  TRANSFER_STATUS_LABELS,
  TransferStatus,
  type JoinCodeInfoResponse,
  type TransferListResponse,
  type TransferResponse,
} from '@smartunion/contracts';

import { errorMessage, showError, showSuccess, TOAST_ID } from '../../../components/feedback';
import { FieldError, PageBody } from '../../../components/page-state';
import { usePageData } from '../../../components/use-page-data';
import { formatDateTime } from '../../../services/format';
import { CAN_SCAN, extractJoinCode, scanText } from '../../../services/join-code';
import {
  cancelTransfer,
  getMyMembership,
  listMyTransfers,
  requestTransfer,
  resolveJoinCode,
} from '../../../services/membership';

import './index.scss';

const OPEN: readonly TransferStatus[] = [TransferStatus.PendingOut, TransferStatus.PendingIn];

/** 组织关系转接: ask to move to another union by its join code; follow and cancel one's requests. */
export default function TransferPage(): ReactNode {
  const [codeText, setCodeText] = useState('');
  const [target, setTarget] = useState<JoinCodeInfoResponse | null>(null);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<{ code?: string; reason?: string }>({});
  const [submitting, setSubmitting] = useState(false);
  const [cancelling, setCancelling] = useState<TransferResponse | null>(null);

  const page = usePageData(
    async () => {
      const [mine, list] = await Promise.all([getMyMembership(), listMyTransfers()]);
      return { mine, list };
    },
    { login: '登录后办理组织关系转接' },
  );

  /** Shows which union a pasted or scanned code leads to, so the member knows where they are going. */
  async function lookUp(text: string): Promise<void> {
    setTarget(null);
    const code = extractJoinCode(text);
    if (!text.trim()) return;
    if (!code) {
      setErrors((e) => ({ ...e, code: '请粘贴新工会的入会二维码链接或入会码' }));
      return;
    }
    try {
      setTarget(await resolveJoinCode(code));
      setErrors((e) => ({ ...e, code: undefined }));
    } catch (error) {
      setErrors((e) => ({ ...e, code: errorMessage(error) }));
    }
  }

  async function scan(): Promise<void> {
    const text = await scanText();
    if (text === null) return;
    setCodeText(text);
    await lookUp(text);
  }

  async function submit(): Promise<void> {
    if (submitting) return;
    const joinCode = extractJoinCode(codeText);
    const found = {
      code: joinCode ? undefined : '请扫描或粘贴新工会的入会二维码',
      reason: reason.trim() ? undefined : '请填写转接原因',
    };
    setErrors(found);
    if (!joinCode || found.reason) return;
    setSubmitting(true);
    try {
      await requestTransfer({ joinCode, reason: reason.trim() });
      showSuccess('转接申请已提交');
      setCodeText('');
      setReason('');
      setTarget(null);
      await page.reload();
    } catch (error) {
      showError(error);
    } finally {
      setSubmitting(false);
    }
  }

  async function cancel(): Promise<void> {
    if (!cancelling) return;
    try {
      await cancelTransfer(cancelling.id);
      showSuccess('已撤销转接申请');
      await page.reload();
    } catch (error) {
      showError(error);
      throw error;
    }
  }

  function renderForm(): ReactNode {
    return (
      <View className="transfer-form">
        <CellGroup title="申请转接" description="扫描或粘贴新工会的入会二维码，由原工会和新工会先后审核">
          <View className="transfer-row">
            <Input
              className="transfer-code"
              placeholder="新工会入会二维码链接或入会码"
              value={codeText}
              onChange={setCodeText}
              onBlur={(value) => void lookUp(value)}
            />
            {CAN_SCAN && (
              <Button className="transfer-scan" size="small" onClick={() => void scan()}>
                扫码
              </Button>
            )}
          </View>
          {target && <View className="transfer-target">转入：{target.orgPath.join(' / ')}</View>}
          <FieldError name="code" message={errors.code} />
          <TextArea
            className="transfer-reason"
            placeholder="转接原因，如：更换工作单位"
            value={reason}
            maxLength={200}
            showCount
            onChange={setReason}
          />
          <FieldError name="reason" message={errors.reason} />
        </CellGroup>
        <View className="su-actions">
          <Button
            className="transfer-submit"
            type="primary"
            block
            loading={submitting}
            onClick={() => void submit()}
          >
            提交转接申请
          </Button>
        </View>
      </View>
    );
  }

  return (
    <View className="page transfer">
      <PageBody
        page={page}
        failedClassName="transfer-failed"
        empty={{
          when: (ready) => !ready.mine.member,
          className: 'transfer-not-member',
          title: '您还不是工会会员',
          description: '入会后才能办理组织关系转接',
        }}
      >
        {({ mine, list }) => (
          <View>
            <View className="su-card">
              <View className="su-card-line">当前所在工会</View>
              <View className="su-card-title transfer-current">{mine.member?.org.name}</View>
            </View>
            {mine.openTransfer ? (
              <View className="su-note">您有一份转接申请正在办理，办结或撤销后才能再次申请。</View>
            ) : (
              renderForm()
            )}
            <TransferList list={list} onCancel={setCancelling} />
          </View>
        )}
      </PageBody>
      <Dialog
        className="transfer-cancel-dialog"
        visible={cancelling !== null}
        title="撤销转接申请"
        content={cancelling ? `撤销转入${cancelling.to.name}的申请？` : ''}
        confirmText="撤销"
        cancelText="再想想"
        onConfirm={cancel}
        onCancel={() => setCancelling(null)}
        onClose={() => setCancelling(null)}
      />
      <Toast id={TOAST_ID} />
    </View>
  );
}

function TransferList({
  list,
  onCancel,
}: {
  list: TransferListResponse;
  onCancel: (t: TransferResponse) => void;
}): ReactNode {
  if (list.items.length === 0) return null;
  return (
    <View>
      <View className="su-section-title">我的转接申请</View>
      {list.items.map((t) => (
        <View key={t.id} className="su-card transfer-item">
          <View className="su-card-title">
            {t.from.name} → {t.to.name}
          </View>
          <View className="transfer-status">{TRANSFER_STATUS_LABELS[t.status]}</View>
          <View className="su-card-line">原因：{t.reason}</View>
          {t.rejectReason && (
            <View className="su-card-line transfer-reject-reason">驳回原因：{t.rejectReason}</View>
          )}
          <View className="su-card-line">申请时间 {formatDateTime(t.createdAt)}</View>
          {OPEN.includes(t.status) && (
            <View className="su-card-actions">
              <Button className="transfer-cancel" size="small" onClick={() => onCancel(t)}>
                撤销申请
              </Button>
            </View>
          )}
        </View>
      ))}
    </View>
  );
}

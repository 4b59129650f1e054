import { useState, type ReactNode } from 'react';
import { View } from '@tarojs/components';
import { Button, Toast } from '@nutui/nutui-react-taro';
import { DEFAULT_PAGE_SIZE, EstablishmentStatus, type EstablishmentResponse } from '@smartunion/contracts';

import { showError, showSuccess, TOAST_ID } from '../../../components/feedback';
import { PageBody } from '../../../components/page-state';
import { RejectDialog } from '../../../components/reject-dialog';
import { usePageData } from '../../../components/use-page-data';
import {
  approveEstablishment,
  listEstablishmentsForReview,
  rejectEstablishment,
} from '../../../services/establishments';
import { formatDateTime } from '../../../services/format';

/** 建会审批: enterprises' applications to found a union under an upper union in scope. */
export default function WorkbenchEstablishmentsPage(): ReactNode {
  const [busy, setBusy] = useState<string | null>(null);
  const [rejecting, setRejecting] = useState<EstablishmentResponse | null>(null);

  const page = usePageData(
    async () => {
      const list = await listEstablishmentsForReview({
        status: EstablishmentStatus.Pending,
        pageSize: DEFAULT_PAGE_SIZE,
      });
      return { list };
    },
    { login: true },
  );

  async function approve(e: EstablishmentResponse): Promise<void> {
    if (busy) return;
    setBusy(e.id);
    try {
      const done = await approveEstablishment(e.id);
      showSuccess(done.createdOrg ? `已成立${done.createdOrg.name}` : '已批准');
      await page.reload();
    } catch (error) {
      showError(error);
    } finally {
      setBusy(null);
    }
  }

  async function reject(reason: string): Promise<void> {
    if (!rejecting) return;
    await rejectEstablishment(rejecting.id, reason);
    showSuccess('已驳回');
    await page.reload();
  }

  return (
    <View className="page establishments">
      <PageBody
        page={page}
        failedClassName="establishments-failed"
        empty={{
          when: (ready) => ready.list.items.length === 0,
          className: 'establishments-empty',
          title: '没有待审批的建会申请',
        }}
      >
        {(state) => (
          <>
            <View className="su-section-title">待审批（{state.list.total}）</View>
            {state.list.items.map((e) => (
              <View key={e.id} className="su-card establishments-item">
                <View className="su-card-title establishments-item-name">{e.enterpriseName}</View>
                <View className="su-card-line">统一社会信用代码 {e.creditCode}</View>
                <View className="su-card-line">{e.address}</View>
                <View className="su-card-line">
                  职工 {e.employeeCount} 人 · 上级工会 {e.parent.name}
                </View>
                <View className="su-card-line">
                  申请人 {e.applicantName} · 发起人{' '}
                  {e.foundingMembers.map((m) => `${m.name}（${m.mobile}）`).join('、')}
                </View>
                <View className="su-card-line">申请时间 {formatDateTime(e.createdAt)}</View>
                <View className="su-card-actions">
                  <Button className="establishments-reject" size="small" onClick={() => setRejecting(e)}>
                    驳回
                  </Button>
                  <Button
                    className="establishments-approve"
                    type="primary"
                    size="small"
                    loading={busy === e.id}
                    onClick={() => void approve(e)}
                  >
                    批准建会
                  </Button>
                </View>
              </View>
            ))}
          </>
        )}
      </PageBody>
      <RejectDialog
        subject={rejecting?.enterpriseName ?? null}
        onReject={reject}
        onClose={() => setRejecting(null)}
      />
      <Toast id={TOAST_ID} />
    </View>
  );
}

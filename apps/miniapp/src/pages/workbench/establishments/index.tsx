import { useCallback, useState, type ReactNode } from 'react';
import { View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import { Button, Toast } from '@nutui/nutui-react-taro';
import {
  DEFAULT_PAGE_SIZE,
  EstablishmentStatus,
  type EstablishmentListResponse,
  type EstablishmentResponse,
} from '@smartunion/contracts';

import { errorMessage, showError, showSuccess, TOAST_ID } from '../../../components/feedback';
import { EmptyState, FailedState, LoadingState, type LoadState } from '../../../components/page-state';
import { RejectDialog } from '../../../components/reject-dialog';
import { requireSession } from '../../../services/auth';
import {
  approveEstablishment,
  listEstablishmentsForReview,
  rejectEstablishment,
} from '../../../services/establishments';
import { formatDateTime } from '../../../services/format';

type EstablishmentsState = LoadState<{ list: EstablishmentListResponse }>;

/** 建会审批: enterprises' applications to found a union under an upper union in scope. */
export default function WorkbenchEstablishmentsPage(): ReactNode {
  const [state, setState] = useState<EstablishmentsState>({ status: 'loading' });
  const [busy, setBusy] = useState<string | null>(null);
  const [rejecting, setRejecting] = useState<EstablishmentResponse | null>(null);

  const load = useCallback(async (): Promise<void> => {
    try {
      if (!(await requireSession())) return;
      const list = await listEstablishmentsForReview({
        status: EstablishmentStatus.Pending,
        pageSize: DEFAULT_PAGE_SIZE,
      });
      setState({ status: 'ready', list });
    } catch (error) {
      setState({ status: 'failed', message: errorMessage(error) });
    }
  }, []);

  useDidShow(() => {
    void load();
  });

  async function approve(e: EstablishmentResponse): Promise<void> {
    if (busy) return;
    setBusy(e.id);
    try {
      const done = await approveEstablishment(e.id);
      showSuccess(done.createdOrg ? `已成立${done.createdOrg.name}` : '已批准');
      await load();
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
    await load();
  }

  return (
    <View className="page establishments">
      {state.status === 'loading' && <LoadingState />}
      {state.status === 'failed' && (
        <FailedState className="establishments-failed" message={state.message} onRetry={() => void load()} />
      )}
      {state.status === 'ready' && state.list.items.length === 0 && (
        <EmptyState className="establishments-empty" title="没有待审批的建会申请" />
      )}
      {state.status === 'ready' && state.list.items.length > 0 && (
        <View className="su-section-title">待审批（{state.list.total}）</View>
      )}
      {state.status === 'ready' &&
        state.list.items.map((e) => (
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
      <RejectDialog
        subject={rejecting?.enterpriseName ?? null}
        onReject={reject}
        onClose={() => setRejecting(null)}
      />
      <Toast id={TOAST_ID} />
    </View>
  );
}

import { useCallback, useState, type ReactNode } from 'react';
import { View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import { Button, Toast } from '@nutui/nutui-react-taro';
import {
  DEFAULT_PAGE_SIZE,
  TransferStatus,
  type TransferListResponse,
  type TransferResponse,
} from '@smartunion/contracts';

import { errorMessage, showError, showSuccess, TOAST_ID } from '../../../components/feedback';
import { EmptyState, FailedState, LoadingState, type LoadState } from '../../../components/page-state';
import { RejectDialog } from '../../../components/reject-dialog';
import { requireSession } from '../../../services/auth';
import { formatDateTime } from '../../../services/format';
import { approveTransfer, listTransfersForReview, rejectTransfer } from '../../../services/membership-review';

import './index.scss';

type Direction = 'out' | 'in';
type TransfersState = LoadState<{ list: TransferListResponse }>;

/** The step each side decides: the old union lets the member go, then the new union takes them in. */
const WAITING: Readonly<Record<Direction, TransferStatus>> = {
  out: TransferStatus.PendingOut,
  in: TransferStatus.PendingIn,
};
const TAB_LABELS: Readonly<Record<Direction, string>> = { out: '转出审批', in: '转入审批' };

/** 转接审批: transfers leaving unions in scope, and those arriving, each waiting for this side's decision. */
export default function WorkbenchTransfersPage(): ReactNode {
  const [direction, setDirection] = useState<Direction>('out');
  const [state, setState] = useState<TransfersState>({ status: 'loading' });
  const [busy, setBusy] = useState<string | null>(null);
  const [rejecting, setRejecting] = useState<TransferResponse | null>(null);

  const load = useCallback(async (dir: Direction): Promise<void> => {
    try {
      if (!(await requireSession())) return;
      const list = await listTransfersForReview({
        direction: dir,
        status: WAITING[dir],
        pageSize: DEFAULT_PAGE_SIZE,
      });
      setState({ status: 'ready', list });
    } catch (error) {
      setState({ status: 'failed', message: errorMessage(error) });
    }
  }, []);

  useDidShow(() => {
    void load(direction);
  });

  function switchTo(dir: Direction): void {
    if (dir === direction) return;
    setDirection(dir);
    setState({ status: 'loading' });
    void load(dir);
  }

  async function approve(t: TransferResponse): Promise<void> {
    if (busy) return;
    setBusy(t.id);
    try {
      await approveTransfer(t.id);
      showSuccess(direction === 'out' ? '已同意转出' : '已同意转入');
      await load(direction);
    } catch (error) {
      showError(error);
    } finally {
      setBusy(null);
    }
  }

  async function reject(reason: string): Promise<void> {
    if (!rejecting) return;
    await rejectTransfer(rejecting.id, reason);
    showSuccess('已驳回');
    await load(direction);
  }

  return (
    <View className="page transfers">
      <View className="transfers-tabs">
        {(['out', 'in'] as const).map((dir) => (
          <View
            key={dir}
            className={`transfers-tab transfers-tab--${dir}${dir === direction ? ' transfers-tab--active' : ''}`}
            onClick={() => switchTo(dir)}
          >
            {TAB_LABELS[dir]}
          </View>
        ))}
      </View>
      {state.status === 'loading' && <LoadingState />}
      {state.status === 'failed' && (
        <FailedState
          className="transfers-failed"
          message={state.message}
          onRetry={() => void load(direction)}
        />
      )}
      {state.status === 'ready' && state.list.items.length === 0 && (
        <EmptyState
          className="transfers-empty"
          title={`没有待${direction === 'out' ? '转出' : '转入'}审批的申请`}
        />
      )}
      {state.status === 'ready' &&
        state.list.items.map((t) => (
          <View key={t.id} className="su-card transfers-item">
            <View className="su-card-title transfers-item-name">{t.memberName}</View>
            <View className="su-card-line">会员号 {t.memberNo}</View>
            <View className="su-card-line">
              {t.from.name} → {t.to.name}
            </View>
            <View className="su-card-line">原因：{t.reason}</View>
            <View className="su-card-line">申请时间 {formatDateTime(t.createdAt)}</View>
            <View className="su-card-actions">
              <Button className="transfers-reject" size="small" onClick={() => setRejecting(t)}>
                驳回
              </Button>
              <Button
                className="transfers-approve"
                type="primary"
                size="small"
                loading={busy === t.id}
                onClick={() => void approve(t)}
              >
                {direction === 'out' ? '同意转出' : '同意转入'}
              </Button>
            </View>
          </View>
        ))}
      <RejectDialog
        subject={rejecting?.memberName ?? null}
        onReject={reject}
        onClose={() => setRejecting(null)}
      />
      <Toast id={TOAST_ID} />
    </View>
  );
}

import { useState, type ReactNode } from 'react';
import { View } from '@tarojs/components';
import { Button, Toast } from '@nutui/nutui-react-taro';
import { DEFAULT_PAGE_SIZE, TransferStatus, type TransferResponse } from '@smartunion/contracts';

import { showError, showSuccess, TOAST_ID } from '../../../components/feedback';
import { PageBody } from '../../../components/page-state';
import { RejectDialog } from '../../../components/reject-dialog';
import { SegmentTabs } from '../../../components/segment-tabs';
import { usePageData } from '../../../components/use-page-data';
import { formatDateTime } from '../../../services/format';
import { approveTransfer, listTransfersForReview, rejectTransfer } from '../../../services/membership-review';

type Direction = 'out' | 'in';

/** The step each side decides: the old union lets the member go, then the new union takes them in. */
const WAITING: Readonly<Record<Direction, TransferStatus>> = {
  out: TransferStatus.PendingOut,
  in: TransferStatus.PendingIn,
};
const TAB_LABELS: Readonly<Record<Direction, string>> = { out: '转出审批', in: '转入审批' };

/** 转接审批: transfers leaving unions in scope, and those arriving, each waiting for this side's decision. */
export default function WorkbenchTransfersPage(): ReactNode {
  const [direction, setDirection] = useState<Direction>('out');
  const [busy, setBusy] = useState<string | null>(null);
  const [rejecting, setRejecting] = useState<TransferResponse | null>(null);

  const page = usePageData(
    async () => ({
      list: await listTransfersForReview({
        direction,
        status: WAITING[direction],
        pageSize: DEFAULT_PAGE_SIZE,
      }),
    }),
    { login: true, deps: [direction] },
  );

  async function approve(t: TransferResponse): Promise<void> {
    if (busy) return;
    setBusy(t.id);
    try {
      await approveTransfer(t.id);
      showSuccess(direction === 'out' ? '已同意转出' : '已同意转入');
      await page.reload();
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
    await page.reload();
  }

  return (
    <View className="page transfers">
      <SegmentTabs
        name="transfers"
        tabs={(['out', 'in'] as const).map((dir) => ({ value: dir, label: TAB_LABELS[dir] }))}
        value={direction}
        onChange={setDirection}
      />
      <PageBody
        page={page}
        failedClassName="transfers-failed"
        empty={{
          when: (ready) => ready.list.items.length === 0,
          className: 'transfers-empty',
          title: `没有待${direction === 'out' ? '转出' : '转入'}审批的申请`,
        }}
      >
        {(state) => (
          <>
            {state.list.items.map((t) => (
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
          </>
        )}
      </PageBody>
      <RejectDialog
        subject={rejecting?.memberName ?? null}
        onReject={reject}
        onClose={() => setRejecting(null)}
      />
      <Toast id={TOAST_ID} />
    </View>
  );
}

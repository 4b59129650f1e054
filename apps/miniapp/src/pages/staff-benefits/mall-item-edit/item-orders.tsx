import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { View } from '@tarojs/components';
import { Button, Dialog, TextArea } from '@nutui/nutui-react-taro';
import {
  DEFAULT_PAGE_SIZE,
  MALL_ORDER_STATUS_LABELS,
  MALL_ORDER_STATUSES,
  MallOrderStatus,
  type StaffMallOrderListResponse,
  type StaffMallOrderResponse,
} from '@smartunion/contracts';

import { Chip } from '../../../components/amenity-tags';
import { errorMessage, showError, showSuccess } from '../../../components/feedback';
import { useLoadMore } from '../../../components/load-more';
import { Nowrap } from '../../../components/nowrap';
import { EmptyState, FailedState, LoadingState, type LoadState } from '../../../components/page-state';
import { formatDateTime } from '../../../services/format';
import { adminMallOrders, cancelMallOrder } from '../../../services/points';

type OrdersState = LoadState<{ list: StaffMallOrderListResponse; filter: MallOrderStatus | null }>;

const MIN_REASON = 2;
const MAX_REASON = 200;

/**
 * The orders of one item (兑换订单): who redeemed (masked), the pickup code masked, and — before pickup —
 * cancelling with a reason the member reads, which refunds the points and returns the stock.
 */
export function ItemOrders({ itemId, onCancelled }: { itemId: string; onCancelled: () => void }): ReactNode {
  const [state, setState] = useState<OrdersState>({ status: 'loading' });
  const [filter, setFilter] = useState<MallOrderStatus | null>(null);
  const { more, loadMore } = useLoadMore(state, setState, (ready, page) =>
    ordersPage(itemId, ready.filter, page),
  );
  const [cancelling, setCancelling] = useState<StaffMallOrderResponse | null>(null);

  const load = useCallback(
    async (status: MallOrderStatus | null): Promise<void> => {
      try {
        setState({ status: 'ready', list: await ordersPage(itemId, status, 1), filter: status });
      } catch (error) {
        setState({ status: 'failed', message: errorMessage(error) });
      }
    },
    [itemId],
  );

  useEffect(() => {
    void load(null);
  }, [load]);

  function choose(status: MallOrderStatus | null): void {
    setFilter(status);
    void load(status);
  }

  async function cancel(order: StaffMallOrderResponse, reason: string): Promise<void> {
    const cancelled = await cancelMallOrder(order.id, reason);
    setCancelling(null);
    showSuccess(`已取消，${cancelled.points} 积分已退回会员`);
    setState((prev) =>
      prev.status === 'ready'
        ? {
            ...prev,
            list: {
              ...prev.list,
              items: prev.list.items.map((o) => (o.id === cancelled.id ? cancelled : o)),
            },
          }
        : prev,
    );
    onCancelled();
  }

  return (
    <View className="mall-item-orders">
      <View className="su-section-title">兑换订单</View>
      <View className="mall-item-orders-filters">
        <Chip
          className="mall-item-orders-filter mall-item-orders-filter--all"
          active={filter === null}
          label="全部"
          onClick={() => choose(null)}
        />
        {MALL_ORDER_STATUSES.map((s) => (
          <Chip
            key={s}
            className={`mall-item-orders-filter mall-item-orders-filter--${s}`}
            active={filter === s}
            label={MALL_ORDER_STATUS_LABELS[s]}
            onClick={() => choose(s)}
          />
        ))}
      </View>
      {state.status === 'loading' && <LoadingState />}
      {state.status === 'failed' && (
        <FailedState
          className="mall-item-orders-failed"
          message={state.message}
          onRetry={() => void load(filter)}
        />
      )}
      {state.status === 'ready' && state.list.items.length === 0 && (
        <EmptyState className="mall-item-orders-empty" title="暂无兑换订单" />
      )}
      {state.status === 'ready' &&
        state.list.items.map((order) => (
          <OrderCard key={order.id} order={order} onCancel={() => setCancelling(order)} />
        ))}
      {state.status === 'ready' && state.list.items.length < state.list.total && (
        <View className="su-more">
          <Button className="mall-item-orders-more" block loading={more} onClick={() => void loadMore()}>
            加载更多
          </Button>
        </View>
      )}
      <CancelDialog order={cancelling} onCancel={cancel} onClose={() => setCancelling(null)} />
    </View>
  );
}

function ordersPage(
  itemId: string,
  status: MallOrderStatus | null,
  page: number,
): Promise<StaffMallOrderListResponse> {
  return adminMallOrders({ itemId, status: status ?? undefined, page, pageSize: DEFAULT_PAGE_SIZE });
}

function OrderCard({ order, onCancel }: { order: StaffMallOrderResponse; onCancel: () => void }): ReactNode {
  return (
    <View className={`su-card mall-item-orders-item mall-item-orders-item--${order.status}`}>
      <View className="mall-item-orders-item-head">
        <View className="su-card-title mall-item-orders-member">
          {order.member.name} · {order.member.memberNo}
        </View>
        <View className="mall-item-orders-status">{MALL_ORDER_STATUS_LABELS[order.status]}</View>
      </View>
      <View className="su-card-line">
        ×{order.quantity} · {order.points} 积分 · 兑换于 <Nowrap>{formatDateTime(order.createdAt)}</Nowrap>
      </View>
      <View className="su-card-line mall-item-orders-code">提货码 {order.pickupCode}</View>
      {order.status === MallOrderStatus.Fulfilled && order.fulfilledAt && (
        <View className="su-card-line">
          已于 <Nowrap>{formatDateTime(order.fulfilledAt)}</Nowrap> 由{' '}
          {order.fulfilledBy?.displayName ?? '工作人员'} 发放
        </View>
      )}
      {order.status === MallOrderStatus.Cancelled && (
        <View className="su-card-line mall-item-orders-cancelled">
          {order.cancelledAt ? (
            <>
              <Nowrap>{formatDateTime(order.cancelledAt)}</Nowrap> 取消
            </>
          ) : (
            '已取消'
          )}
          {order.cancelReason ? `：${order.cancelReason}` : ''}，积分已退回
        </View>
      )}
      {order.status === MallOrderStatus.AwaitingPickup && (
        <View className="su-card-actions">
          <Button className="mall-item-orders-cancel" size="small" onClick={onCancel}>
            取消并退回积分
          </Button>
        </View>
      )}
    </View>
  );
}

/** Asks for the reason the member will read, then cancels; the dialog stays open on a refusal. */
function CancelDialog({
  order,
  onCancel,
  onClose,
}: {
  order: StaffMallOrderResponse | null;
  onCancel: (order: StaffMallOrderResponse, reason: string) => Promise<void>;
  onClose: () => void;
}): ReactNode {
  const [reason, setReason] = useState('');
  const [invalid, setInvalid] = useState(false);

  useEffect(() => {
    if (order !== null) {
      setReason('');
      setInvalid(false);
    }
  }, [order]);

  async function confirm(): Promise<void> {
    const text = reason.trim();
    if (!order) return;
    if (text.length < MIN_REASON || text.length > MAX_REASON) {
      setInvalid(true);
      // Keeps the dialog open: NutUI closes it only when onConfirm resolves.
      throw new Error('reason required');
    }
    try {
      await onCancel(order, text);
    } catch (error) {
      showError(error);
      throw error;
    }
  }

  return (
    <Dialog
      className="mall-item-orders-dialog"
      visible={order !== null}
      title="取消订单并退回积分"
      confirmText="确认取消"
      cancelText="返回"
      onConfirm={confirm}
      onCancel={onClose}
      onClose={onClose}
    >
      {order && (
        <View className="mall-item-orders-dialog-what">
          {order.member.name} 的 {order.points} 积分将退回，库存恢复 {order.quantity} 件
        </View>
      )}
      <TextArea
        className="mall-item-orders-reason"
        value={reason}
        placeholder="请填写取消原因（2–200 字），会员可以看到"
        maxLength={MAX_REASON}
        showCount
        onChange={(value) => {
          setReason(value);
          if (value.trim().length >= MIN_REASON) setInvalid(false);
        }}
      />
      {invalid ? (
        <View className="su-field-error mall-item-orders-reason-error">请填写取消原因（2–200 字）</View>
      ) : null}
    </Dialog>
  );
}

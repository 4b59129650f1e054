import { useCallback, useRef, useState, type ReactNode } from 'react';
import { Image, View } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { Button, Dialog, Toast } from '@nutui/nutui-react-taro';
import {
  ErrorCode,
  MALL_ORDER_STATUS_LABELS,
  MallOrderStatus,
  type MallOrderListResponse,
  type MallOrderResponse,
} from '@smartunion/contracts';

import { showError, showSuccess, TOAST_ID } from '../../../components/feedback';
import { Nowrap } from '../../../components/nowrap';
import { EmptyState, ListFooter, PageBody } from '../../../components/page-state';
import { unlessRefused, usePagedList } from '../../../components/use-page-data';
import { formatDateTime } from '../../../services/format';
import { cancelMyOrder, myOrder, myOrders } from '../../../services/points';

import './index.scss';

const NO_ORDERS: MallOrderListResponse = { items: [], total: 0, page: 1, pageSize: 20 };

/** 我的兑换: orders with their 8-digit pickup code; the QR to show at pickup; cancelling before pickup. */
export default function OrdersPage(): ReactNode {
  const highlight = useRouter().params.orderId ?? null;
  const [shown, setShown] = useState<MallOrderResponse | null>(null);
  const [cancelling, setCancelling] = useState<MallOrderResponse | null>(null);
  const opened = useRef(false);

  const showQr = useCallback(async (orderId: string): Promise<void> => {
    try {
      setShown(await myOrder(orderId));
    } catch (error) {
      showError(error);
    }
  }, []);

  const page = usePagedList(
    async (): Promise<{ member: boolean; list: MallOrderListResponse }> => {
      const list = await unlessRefused(myOrders(), ErrorCode.NotAMember);
      if (!list) return { member: false, list: NO_ORDERS };
      // Straight after redeeming: the new order's code and QR, once.
      if (highlight && !opened.current) {
        opened.current = true;
        void showQr(highlight);
      }
      return { member: true, list };
    },
    (_ready, n) => myOrders(n),
    { login: '登录后查看你的兑换记录' },
  );

  async function cancel(): Promise<void> {
    if (!cancelling) return;
    try {
      await cancelMyOrder(cancelling.id);
      setCancelling(null);
      showSuccess(`已取消，${cancelling.points} 积分已退回`);
      await page.reload();
    } catch (error) {
      showError(error);
      throw error;
    }
  }

  return (
    <View className="page orders">
      <PageBody page={page} failedClassName="orders-failed">
        {({ member, list }) => (
          <>
            {!member && <EmptyState className="orders-not-member" title="加入工会后即可兑换" />}
            {member && list.items.length === 0 && (
              <EmptyState
                className="orders-empty"
                title="还没有兑换记录"
                description="去积分商城看看有什么好物"
              />
            )}
            {shown && <PickupCard order={shown} onClose={() => setShown(null)} />}
            {list.items.map((order) => (
              <View key={order.id} className={`su-card orders-item orders-item--${order.status}`}>
                <View className="orders-item-head">
                  <View className="su-card-title orders-item-name">
                    {order.item.name} ×{order.quantity}
                  </View>
                  <View className="orders-item-status">{MALL_ORDER_STATUS_LABELS[order.status]}</View>
                </View>
                <View className="su-card-line">
                  <Nowrap>{order.points} 积分</Nowrap> · <Nowrap>{formatDateTime(order.createdAt)}</Nowrap>
                </View>
                <View className="su-card-line">领取：{order.item.pickup}</View>
                {order.status === MallOrderStatus.AwaitingPickup && (
                  <View className="orders-code-line">
                    提货码 <View className="orders-code">{order.pickupCode}</View>
                  </View>
                )}
                {order.status === MallOrderStatus.Fulfilled && order.fulfilledAt && (
                  <View className="su-card-line">
                    已于 <Nowrap>{formatDateTime(order.fulfilledAt)}</Nowrap> 领取
                  </View>
                )}
                {order.status === MallOrderStatus.Cancelled && (
                  <View className="su-card-line">
                    已取消{order.cancelReason ? `：${order.cancelReason}` : ''}，积分已退回
                  </View>
                )}
                {order.status === MallOrderStatus.AwaitingPickup && (
                  <View className="su-card-actions">
                    <Button className="orders-cancel" size="small" onClick={() => setCancelling(order)}>
                      取消兑换
                    </Button>
                    <Button
                      className="orders-show-qr"
                      type="primary"
                      size="small"
                      onClick={() => void showQr(order.id)}
                    >
                      出示提货码
                    </Button>
                  </View>
                )}
              </View>
            ))}
            <ListFooter more={page.more} />
          </>
        )}
      </PageBody>
      <Dialog
        className="orders-cancel-dialog"
        visible={cancelling !== null}
        title="取消兑换"
        confirmText="确认取消"
        cancelText="再想想"
        onConfirm={cancel}
        onCancel={() => setCancelling(null)}
        onClose={() => setCancelling(null)}
      >
        {cancelling
          ? `取消「${cancelling.item.name}」的兑换？${cancelling.points} 积分将退回到您的账户。`
          : ''}
      </Dialog>
      <Toast id={TOAST_ID} />
    </View>
  );
}

/** The code to show at the pickup point: digits to read out and a QR to scan. */
function PickupCard({ order, onClose }: { order: MallOrderResponse; onClose: () => void }): ReactNode {
  const open = order.status === MallOrderStatus.AwaitingPickup;
  return (
    <View className="orders-pickup">
      <View className="orders-pickup-title">
        {order.item.name} ×{order.quantity}
      </View>
      {open ? (
        <View>
          {order.pickupQrDataUrl && <Image className="orders-qr" src={order.pickupQrDataUrl} />}
          <View className="orders-pickup-code">{order.pickupCode}</View>
          <View className="orders-pickup-hint">请到「{order.item.pickup}」出示此码领取</View>
        </View>
      ) : (
        <View className="orders-pickup-hint">该订单{MALL_ORDER_STATUS_LABELS[order.status]}</View>
      )}
      <Button className="orders-pickup-close" size="small" onClick={onClose}>
        收起
      </Button>
    </View>
  );
}

import { useState, type ReactNode } from 'react';
import { View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import { Button, CellGroup, Input, Toast } from '@nutui/nutui-react-taro';
import {
  MALL_ORDER_STATUS_LABELS,
  MallOrderStatus,
  PICKUP_CODE_PATTERN,
  type StaffMallOrderResponse,
} from '@smartunion/contracts';

import { showError, showFailure, showSuccess, TOAST_ID } from '../../../components/feedback';
import { requireSession } from '../../../services/auth';
import { formatDateTime } from '../../../services/format';
import { CAN_SCAN, scanText } from '../../../services/join-code';
import { fulfilOrder, orderByPickupCode } from '../../../services/points';

import '../../../components/page-state.scss';
import './index.scss';

/** The 8 digits of a typed or scanned pickup code (the QR holds just the digits; spaces are forgiven). */
function digitsOf(text: string): string {
  return text.replace(/\s+/g, '');
}

/**
 * 积分商城提货: a station master, cadre or staff member finds an order by the code the member shows, checks it
 * against the member (name masked, member number), and hands the item over. Only items offered inside the
 * caller's scope can be handed over here.
 */
export default function MallFulfilPage(): ReactNode {
  const [code, setCode] = useState('');
  const [order, setOrder] = useState<StaffMallOrderResponse | null>(null);
  const [busy, setBusy] = useState(false);

  useDidShow(() => {
    void requireSession();
  });

  async function lookup(raw: string): Promise<void> {
    const value = digitsOf(raw);
    if (busy) return;
    if (!PICKUP_CODE_PATTERN.test(value)) {
      showFailure('提货码为 8 位数字');
      return;
    }
    setBusy(true);
    setOrder(null);
    try {
      setOrder(await orderByPickupCode(value));
    } catch (error) {
      showError(error);
    } finally {
      setBusy(false);
    }
  }

  async function scan(): Promise<void> {
    const text = await scanText();
    if (text === null) return;
    setCode(digitsOf(text));
    await lookup(text);
  }

  async function handOver(): Promise<void> {
    if (!order || busy) return;
    setBusy(true);
    try {
      setOrder(await fulfilOrder(order.id, order.pickupCode));
      showSuccess('已确认发放');
    } catch (error) {
      showError(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <View className="page mall-fulfil">
      <CellGroup title="提货码" description="请会员打开「我的积分 - 我的兑换」出示提货码">
        <View className="mall-fulfil-input">
          <Input
            className="mall-fulfil-code"
            type="digit"
            maxLength={8}
            placeholder="输入 8 位提货码"
            value={code}
            onChange={setCode}
          />
          <Button
            className="mall-fulfil-lookup"
            type="primary"
            size="small"
            loading={busy}
            onClick={() => void lookup(code)}
          >
            查询
          </Button>
        </View>
      </CellGroup>
      {CAN_SCAN && (
        <View className="su-actions">
          <Button className="mall-fulfil-scan" type="primary" block onClick={() => void scan()}>
            扫码提货
          </Button>
        </View>
      )}
      {order && <OrderCard order={order} busy={busy} onHandOver={() => void handOver()} />}
      <Toast id={TOAST_ID} />
    </View>
  );
}

function OrderCard({
  order,
  busy,
  onHandOver,
}: {
  order: StaffMallOrderResponse;
  busy: boolean;
  onHandOver: () => void;
}): ReactNode {
  const open = order.status === MallOrderStatus.AwaitingPickup;
  return (
    <View className={`su-card mall-fulfil-order mall-fulfil-order--${order.status}`}>
      <View className="mall-fulfil-status">{MALL_ORDER_STATUS_LABELS[order.status]}</View>
      <View className="su-card-title mall-fulfil-item">
        {order.item.name} ×{order.quantity}
      </View>
      <View className="su-card-line mall-fulfil-member">
        会员 {order.member.name} · {order.member.memberNo}
      </View>
      <View className="su-card-line">
        {order.points} 积分 · 兑换于 {formatDateTime(order.createdAt)}
      </View>
      <View className="su-card-line">{order.item.org.name}</View>
      {order.status === MallOrderStatus.Fulfilled && order.fulfilledAt && (
        <View className="su-card-line mall-fulfil-done">
          已于 {formatDateTime(order.fulfilledAt)} 由 {order.fulfilledBy?.displayName ?? '工作人员'} 发放
        </View>
      )}
      {order.status === MallOrderStatus.Cancelled && (
        <View className="su-card-line">订单已取消，积分已退回会员，请勿发放</View>
      )}
      {open && (
        <View className="su-actions">
          <View className="su-card-line">请核对会员卡后再发放</View>
          <Button className="mall-fulfil-confirm" type="primary" block loading={busy} onClick={onHandOver}>
            确认发放
          </Button>
        </View>
      )}
    </View>
  );
}

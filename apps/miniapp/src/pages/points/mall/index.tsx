import { useRef, useState, type ReactNode } from 'react';
import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Button, Dialog, InputNumber, Toast } from '@nutui/nutui-react-taro';
import {
  ErrorCode,
  type MemberMallItemListResponse,
  type MemberMallItemResponse,
} from '@smartunion/contracts';

import { showError, showSuccess, TOAST_ID } from '../../../components/feedback';
import { EmptyState, PageBody } from '../../../components/page-state';
import { unlessRefused, usePageData } from '../../../components/use-page-data';
import { isApiError } from '../../../services/api';
import { mallItems, myPoints, redeem } from '../../../services/points';
import { Routes } from '../../../services/routes';
import { newRequestId } from '../../../services/stations';

import './index.scss';

/** One confirm dialog: the item, the quantity, and the requestId of this tap, reused if the call is retried. */
interface Pending {
  item: MemberMallItemResponse;
  quantity: number;
  requestId: string;
  /** A call went out and its outcome is unknown (no answer): the retry must send the same request. */
  inFlight: boolean;
}

/** 积分商城: the items the member's unions offer, redeemed with a confirm dialog. */
export default function MallPage(): ReactNode {
  const [pending, setPending] = useState<Pending | null>(null);
  const sending = useRef(false);

  // items null: not a member.
  const page = usePageData(
    async (): Promise<{ items: MemberMallItemListResponse | null; balance: number }> => {
      const answer = await unlessRefused(Promise.all([mallItems(), myPoints()]), ErrorCode.NotAMember);
      return { items: answer?.[0] ?? null, balance: answer?.[1].balance ?? 0 };
    },
    { login: '登录后用积分兑换商品' },
  );
  const { state } = page;

  function open(item: MemberMallItemResponse): void {
    setPending({ item, quantity: 1, requestId: newRequestId(), inFlight: false });
  }

  async function confirm(): Promise<void> {
    if (!pending || sending.current) throw new Error('busy');
    sending.current = true;
    setPending({ ...pending, inFlight: true });
    try {
      const result = await redeem(pending.item.id, {
        quantity: pending.quantity,
        requestId: pending.requestId,
      });
      setPending(null);
      showSuccess('兑换成功');
      await Taro.navigateTo({ url: `${Routes.PointsOrders}?orderId=${result.order.id}` });
    } catch (error) {
      showError(error);
      // Without an answer the order may exist: keep the requestId so a retry cannot spend twice. A definite
      // refusal (out of stock, not enough points) closes the dialog; the list is reloaded to show why.
      if (isApiError(error) && error.status !== 0) {
        setPending(null);
        void page.reload();
      }
      throw error;
    } finally {
      sending.current = false;
    }
  }

  return (
    <View className="page mall">
      <PageBody
        page={page}
        failedClassName="mall-failed"
        empty={{
          when: (ready) => ready.items === null,
          className: 'mall-not-member',
          title: '加入工会后即可兑换',
          description: '积分商城面向工会会员开放',
        }}
      >
        {({ items, balance }) => (
          <View>
            <View className="mall-header">
              <View>
                可用积分 <View className="mall-balance">{balance}</View>
              </View>
              <Button
                className="mall-orders"
                size="small"
                onClick={() => void Taro.navigateTo({ url: Routes.PointsOrders })}
              >
                我的兑换
              </Button>
            </View>
            {items?.items.length === 0 && (
              <EmptyState
                className="mall-empty"
                title="暂无可兑换的商品"
                description="所在工会上架新商品后会显示在这里"
              />
            )}
            {items?.items.map((item) => (
              <ItemCard key={item.id} item={item} balance={balance} onRedeem={() => open(item)} />
            ))}
          </View>
        )}
      </PageBody>
      {pending && (
        <Dialog
          className="mall-confirm"
          visible
          title="确认兑换"
          confirmText={pending.inFlight ? '重试兑换' : '确认兑换'}
          cancelText="取消"
          onConfirm={confirm}
          onCancel={() => setPending(null)}
          onClose={() => setPending(null)}
        >
          <View className="mall-confirm-item">{pending.item.name}</View>
          <View className="mall-confirm-quantity">
            <View>数量</View>
            <InputNumber
              className="mall-quantity"
              value={pending.quantity}
              min={1}
              max={maxQuantity(pending.item, state.status === 'ready' ? state.balance : 0)}
              disabled={pending.inFlight}
              onChange={(value) => setPending({ ...pending, quantity: Number(value) || 1 })}
            />
          </View>
          <View className="mall-confirm-cost">共需 {pending.item.costPoints * pending.quantity} 积分</View>
          <View className="mall-confirm-pickup">领取：{pending.item.pickup}</View>
        </Dialog>
      )}
      <Toast id={TOAST_ID} />
    </View>
  );
}

/** What one order may hold: the member's remaining limit and stock, and what the balance pays for. */
function maxQuantity(item: MemberMallItemResponse, balance: number): number {
  return Math.max(1, Math.min(item.canRedeem, Math.floor(balance / item.costPoints)));
}

function ItemCard({
  item,
  balance,
  onRedeem,
}: {
  item: MemberMallItemResponse;
  balance: number;
  onRedeem: () => void;
}): ReactNode {
  const why =
    item.stock === 0
      ? '已兑完'
      : item.canRedeem === 0
        ? '已达兑换上限'
        : balance < item.costPoints
          ? '积分不足'
          : null;
  return (
    <View className="su-card mall-item">
      <View className="mall-item-head">
        <View className="su-card-title mall-item-name">{item.name}</View>
        <View className="mall-item-cost">{item.costPoints} 积分</View>
      </View>
      {item.description && <View className="su-card-line">{item.description}</View>}
      <View className="su-card-line mall-item-meta">
        库存 {item.stock} · 每人限兑 {item.perMemberLimit}
        {item.myRedeemed > 0 ? ` · 已兑 ${item.myRedeemed}` : ''}
      </View>
      <View className="su-card-line">
        {item.org.name} · 领取：{item.pickup}
      </View>
      <View className="su-card-actions">
        <Button
          className="mall-redeem"
          type="primary"
          size="small"
          disabled={why !== null}
          onClick={onRedeem}
        >
          {why ?? '兑换'}
        </Button>
      </View>
    </View>
  );
}

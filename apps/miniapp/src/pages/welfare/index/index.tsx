import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { Image, View } from '@tarojs/components';
import Taro, { useDidHide, useDidShow } from '@tarojs/taro';
import { Button, Toast } from '@nutui/nutui-react-taro';
import {
  ErrorCode,
  WELFARE_ALLOCATION_STATUS_LABELS,
  WELFARE_CODE_TTL_SECONDS,
  type MyWelfareItem,
  type WelfarePickupCodeResponse,
} from '@smartunion/contracts';

import { errorMessage, TOAST_ID } from '../../../components/feedback';
import { EmptyState, FailedState, LoadingState, type LoadState } from '../../../components/page-state';
import { isApiError } from '../../../services/api';
import { requireSession } from '../../../services/auth';
import { formatDate, formatDateTime } from '../../../services/format';
import { Routes } from '../../../services/routes';
import { myWelfare, pickupCode } from '../../../services/welfare';

import './index.scss';

/**
 * The QR is renewed this long before it lapses, timed from receipt (the device clock may be off), like the
 * member card's.
 */
const REFRESH_AFTER_MS = WELFARE_CODE_TTL_SECONDS * 1000 - 15_000;

type WelfareState = LoadState<{ items: MyWelfareItem[] }> | { status: 'notMember' };

/** What the member sees of a share's state: 待领取 / 已领取, or why it cannot be collected now. */
function statusLabel(item: MyWelfareItem, now: number): string {
  if (item.status === 'picked_up') return WELFARE_ALLOCATION_STATUS_LABELS.picked_up;
  if (item.open) return WELFARE_ALLOCATION_STATUS_LABELS.allotted;
  return Date.parse(item.campaign.startsAt) > now && item.campaign.status === 'published'
    ? '未开始'
    : '已结束';
}

/** 我的福利: the member's welfare shares (智送清凉…), where to collect them, and a pick-up QR. */
export default function WelfarePage(): ReactNode {
  const [state, setState] = useState<WelfareState>({ status: 'loading' });
  const [shown, setShown] = useState(true);
  const [qrFor, setQrFor] = useState<string | null>(null);

  const load = useCallback(async (): Promise<void> => {
    try {
      if (!(await requireSession())) return;
      const { items } = await myWelfare();
      setState({ status: 'ready', items });
      // The first share that can be collected shows its QR straight away.
      setQrFor((current) =>
        items.some((i) => i.allocationId === current && i.open)
          ? current
          : (items.find((i) => i.open)?.allocationId ?? null),
      );
    } catch (error) {
      if (isApiError(error) && error.code === ErrorCode.NotAMember) setState({ status: 'notMember' });
      else setState({ status: 'failed', message: errorMessage(error) });
    }
  }, []);

  useDidShow(() => {
    setShown(true);
    void load();
  });
  useDidHide(() => setShown(false));

  return (
    <View className="page welfare">
      {state.status === 'loading' && <LoadingState />}
      {state.status === 'failed' && (
        <FailedState className="welfare-failed" message={state.message} onRetry={() => void load()} />
      )}
      {state.status === 'notMember' && (
        <EmptyState
          className="welfare-not-member"
          title="您还不是工会会员"
          description="入会后可领取工会福利"
        >
          <Button type="primary" block onClick={() => void Taro.navigateTo({ url: Routes.MembershipStatus })}>
            查看入会申请
          </Button>
        </EmptyState>
      )}
      {state.status === 'ready' && state.items.length === 0 && (
        <EmptyState
          className="welfare-empty"
          title="暂无可领取的福利"
          description="工会发放“智送清凉”等福利时，符合条件的会员会在这里看到"
        />
      )}
      {state.status === 'ready' &&
        state.items.map((item) => (
          <WelfareCard
            key={item.allocationId}
            item={item}
            qrShown={shown && qrFor === item.allocationId}
            onShowQr={() => setQrFor(item.allocationId)}
            onCollected={() => void load()}
          />
        ))}
      <Toast id={TOAST_ID} />
    </View>
  );
}

function WelfareCard({
  item,
  qrShown,
  onShowQr,
  onCollected,
}: {
  item: MyWelfareItem;
  qrShown: boolean;
  onShowQr: () => void;
  onCollected: () => void;
}): ReactNode {
  const picked = item.status === 'picked_up';
  const modifier = picked ? ' welfare-item--picked' : item.open ? '' : ' welfare-item--closed';
  return (
    <View className={`su-card welfare-item${modifier}`}>
      <View className="welfare-head">
        <View className="su-card-title welfare-title">{item.campaign.title}</View>
        <View className="welfare-status">{statusLabel(item, Date.now())}</View>
      </View>
      <View className="welfare-goods">
        {item.campaign.goods}
        <View className="welfare-quantity">
          × {item.quantity} {item.campaign.unit}
        </View>
      </View>
      <View className="su-card-line welfare-org">{item.campaign.org.name}</View>
      <View className="su-card-line welfare-window">
        领取时间 {formatDate(item.campaign.startsAt)} 至 {formatDate(item.campaign.endsAt)}
      </View>
      {item.campaign.description && <View className="su-card-line">{item.campaign.description}</View>}
      {picked ? (
        <View className="welfare-picked">
          已于 {item.pickedUpAt ? formatDateTime(item.pickedUpAt) : ''} 在{' '}
          {item.pickedUpStation?.name ?? '驿站'} 领取
        </View>
      ) : (
        <View className="welfare-stations">
          <View className="welfare-stations-title">领取地点</View>
          {item.stations.map((s) => (
            <View key={s.id} className="welfare-station">
              <View className="welfare-station-name">{s.name}</View>
              <View className="welfare-station-address">{s.address}</View>
            </View>
          ))}
        </View>
      )}
      {item.open &&
        (qrShown ? (
          <PickupQr allocationId={item.allocationId} onCollected={onCollected} />
        ) : (
          <View className="su-card-actions">
            <Button className="welfare-show-qr" type="primary" size="small" onClick={onShowQr}>
              出示领取码
            </Button>
          </View>
        ))}
    </View>
  );
}

type QrState = LoadState<{ code: WelfarePickupCodeResponse }>;

/** The pick-up QR of one share, renewed shortly before it lapses while on screen. */
function PickupQr({
  allocationId,
  onCollected,
}: {
  allocationId: string;
  onCollected: () => void;
}): ReactNode {
  const [state, setState] = useState<QrState>({ status: 'loading' });
  // The parent's callback changes every render; the fetch must not.
  const collected = useRef(onCollected);
  collected.current = onCollected;

  const fetchCode = useCallback(async (): Promise<void> => {
    try {
      setState({ status: 'ready', code: await pickupCode(allocationId) });
    } catch (error) {
      // Collected (or the campaign closed) since the list loaded: show the share as it is now.
      if (isApiError(error) && error.status === 409) collected.current();
      else setState({ status: 'failed', message: errorMessage(error) });
    }
  }, [allocationId]);

  useEffect(() => {
    void fetchCode();
  }, [fetchCode]);

  const token = state.status === 'ready' ? state.code.qrToken : null;
  useEffect(() => {
    if (!token) return undefined;
    const timer = setTimeout(() => void fetchCode(), REFRESH_AFTER_MS);
    return () => clearTimeout(timer);
  }, [token, fetchCode]);

  return (
    <View className="welfare-qr-box">
      {state.status === 'loading' && <View className="welfare-qr-hint">领取码生成中…</View>}
      {state.status === 'failed' && (
        <View className="welfare-qr-error" onClick={() => void fetchCode()}>
          {state.message}，点此重试
        </View>
      )}
      {state.status === 'ready' && (
        <>
          <Image className="welfare-qr" src={state.code.qrDataUrl} data-token={state.code.qrToken} />
          <View className="welfare-qr-hint">到领取地点向站长出示此码，二维码自动刷新</View>
        </>
      )}
    </View>
  );
}

import { useEffect, useState, type ReactNode } from 'react';
import { Image, View } from '@tarojs/components';
import Taro, { useDidHide, useDidShow } from '@tarojs/taro';
import { Button, Toast } from '@nutui/nutui-react-taro';
import {
  ErrorCode,
  formatCounterCode,
  WELFARE_ALLOCATION_STATUS_LABELS,
  WELFARE_CODE_TTL_SECONDS,
  type MyWelfareItem,
  type WelfarePickupCodeResponse,
} from '@smartunion/contracts';

import { TOAST_ID } from '../../../components/feedback';
import { Nowrap } from '../../../components/nowrap';
import { EmptyState, PageBody } from '../../../components/page-state';
import { unlessRefused, usePageData } from '../../../components/use-page-data';
import { isApiError } from '../../../services/api';
import { formatDate, formatDateTime } from '../../../services/format';
import { Routes } from '../../../services/routes';
import { myWelfare, pickupCode } from '../../../services/welfare';

import './index.scss';

/**
 * The QR is renewed this long before it lapses, timed from receipt (the device clock may be off), like the
 * member card's.
 */
const REFRESH_AFTER_MS = WELFARE_CODE_TTL_SECONDS * 1000 - 15_000;

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
  const [shown, setShown] = useState(true);
  const [qrFor, setQrFor] = useState<string | null>(null);

  // items null: not a member.
  const page = usePageData(
    async () => {
      const answer = await unlessRefused(myWelfare(), ErrorCode.NotAMember);
      const items = answer?.items ?? null;
      // The first share that can be collected shows its QR straight away.
      setQrFor((current) =>
        items?.some((i) => i.allocationId === current && i.open)
          ? current
          : (items?.find((i) => i.open)?.allocationId ?? null),
      );
      return { items };
    },
    { login: '登录后领取你的工会福利' },
  );

  useDidShow(() => setShown(true));
  useDidHide(() => setShown(false));

  return (
    <View className="page welfare">
      <PageBody
        page={page}
        failedClassName="welfare-failed"
        empty={{
          when: (ready) => ready.items === null,
          className: 'welfare-not-member',
          title: '您还不是工会会员',
          description: '入会后可领取工会福利',
          children: (
            <Button
              type="primary"
              block
              onClick={() => void Taro.navigateTo({ url: Routes.MembershipStatus })}
            >
              查看入会申请
            </Button>
          ),
        }}
      >
        {({ items }) =>
          items?.length === 0 ? (
            <EmptyState
              className="welfare-empty"
              title="暂无可领取的福利"
              description="工会发放“智送清凉”等福利时，符合条件的会员会在这里看到"
            />
          ) : (
            items?.map((item) => (
              <WelfareCard
                key={item.allocationId}
                item={item}
                qrShown={shown && qrFor === item.allocationId}
                onShowQr={() => setQrFor(item.allocationId)}
                onCollected={() => void page.reload()}
              />
            ))
          )
        }
      </PageBody>
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
        领取时间 <Nowrap>{formatDate(item.campaign.startsAt)}</Nowrap> 至{' '}
        <Nowrap>{formatDate(item.campaign.endsAt)}</Nowrap>
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

/** The pick-up QR of one share and its counter code, renewed together shortly before they lapse while on screen. */
function PickupQr({
  allocationId,
  onCollected,
}: {
  allocationId: string;
  onCollected: () => void;
}): ReactNode {
  const { state, reload } = usePageData(
    async (): Promise<{ code: WelfarePickupCodeResponse } | null> => {
      try {
        return { code: await pickupCode(allocationId) };
      } catch (error) {
        // Collected (or the campaign closed) since the list loaded: show the share as it is now.
        if (!(isApiError(error) && error.status === 409)) throw error;
        onCollected();
        return null;
      }
    },
    { onShow: false, deps: [allocationId] },
  );

  const token = state.status === 'ready' ? state.code.qrToken : null;
  useEffect(() => {
    if (!token) return undefined;
    const timer = setTimeout(() => void reload(), REFRESH_AFTER_MS);
    return () => clearTimeout(timer);
  }, [token, reload]);

  return (
    <View className="welfare-qr-box">
      {state.status === 'loading' && <View className="welfare-qr-hint">领取码生成中…</View>}
      {state.status === 'failed' && (
        <View className="welfare-qr-error" onClick={() => void reload()}>
          {state.message}，点此重试
        </View>
      )}
      {state.status === 'ready' && (
        <>
          <Image className="welfare-qr" src={state.code.qrDataUrl} data-token={state.code.qrToken} />
          <View className="welfare-short-code-label">领取码</View>
          <View className="welfare-short-code" data-code={state.code.shortCode}>
            {formatCounterCode(state.code.shortCode)}
          </View>
          <View className="welfare-qr-hint">
            到领取地点请站长扫码，或报出领取码由站长输入；二维码和领取码自动刷新
          </View>
        </>
      )}
    </View>
  );
}

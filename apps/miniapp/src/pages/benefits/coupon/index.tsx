import { useEffect, useState, type ReactNode } from 'react';
import { Image, View } from '@tarojs/components';
import { useDidHide, useDidShow, useRouter } from '@tarojs/taro';
import { Cell, CellGroup, Toast } from '@nutui/nutui-react-taro';
import {
  COUPON_QR_TTL_SECONDS,
  COUPON_SOURCE_LABELS,
  COUPON_STATUS_LABELS,
  type CouponQrResponse,
  type CouponResponse,
  formatCounterCode,
} from '@smartunion/contracts';

import { TOAST_ID } from '../../../components/feedback';
import { PageBody } from '../../../components/page-state';
import { usePageData } from '../../../components/use-page-data';
import { getCouponQr, getMyCoupon } from '../../../services/benefits';
import { formatDateTime } from '../../../services/format';

import './index.scss';

/**
 * The QR is renewed this long before it lapses, timed from receipt (the device clock may be off; the token
 * lives the TTL from its issue a moment earlier).
 */
const REFRESH_AHEAD_MS = 20_000;
const REFRESH_AFTER_MS = COUPON_QR_TTL_SECONDS * 1000 - REFRESH_AHEAD_MS;

/**
 * One coupon: what it is worth, where and until when, and — while usable — its write-off QR with the counter code
 * beside it (the same token, for a cashier to type), both renewed together.
 */
export default function CouponPage(): ReactNode {
  const couponId = useRouter().params.id ?? '';
  const [shown, setShown] = useState(true);
  const [qrFailed, setQrFailed] = useState(false);

  const page = usePageData(
    async () => {
      const coupon = await getMyCoupon(decodeURIComponent(couponId));
      const qr = coupon.status === 'active' ? await getCouponQr(coupon.id).catch(() => null) : null;
      setQrFailed(coupon.status === 'active' && qr === null);
      return { coupon, qr };
    },
    { login: '登录后出示你的优惠券券码' },
  );
  const { state, setState, reload } = page;

  useDidShow(() => setShown(true));
  useDidHide(() => setShown(false));

  // A new QR shortly before each one lapses while the page is on screen; a refusal (written off meanwhile,
  // lapsed) reloads the coupon, which then shows its new status instead of a code.
  const qrToken = state.status === 'ready' ? (state.qr?.qrToken ?? null) : null;
  const readyId = state.status === 'ready' ? state.coupon.id : null;
  useEffect(() => {
    if (!qrToken || !readyId || !shown) return undefined;
    const timer = setTimeout(() => {
      getCouponQr(readyId)
        .then((qr) => setState((prev) => (prev.status === 'ready' ? { ...prev, qr } : prev)))
        .catch(() => void reload());
    }, REFRESH_AFTER_MS);
    return () => clearTimeout(timer);
  }, [qrToken, readyId, shown, setState, reload]);

  return (
    <View className="page coupon">
      <PageBody page={page} failedClassName="coupon-failed">
        {(ready) => (
          <CouponBody coupon={ready.coupon} qr={ready.qr} qrFailed={qrFailed} retry={() => void reload()} />
        )}
      </PageBody>
      <Toast id={TOAST_ID} />
    </View>
  );
}

function CouponBody({
  coupon,
  qr,
  qrFailed,
  retry,
}: {
  coupon: CouponResponse;
  qr: CouponQrResponse | null;
  qrFailed: boolean;
  retry: () => void;
}): ReactNode {
  return (
    <View>
      <View className={`coupon-face coupon-face--${coupon.status}`}>
        <View className="coupon-value">{coupon.valueLabel}</View>
        <View className="coupon-title">{coupon.title}</View>
        <View className="coupon-merchant">{coupon.merchant.name}</View>
        <View className="coupon-status">{COUPON_STATUS_LABELS[coupon.status]}</View>
      </View>

      {coupon.status === 'active' && (
        <View className="coupon-qr">
          {qr && (
            <>
              <Image className="coupon-qr-image" src={qr.qrDataUrl} />
              <View className="coupon-short-code-label">券码</View>
              <View className="coupon-short-code" data-code={qr.shortCode}>
                {formatCounterCode(qr.shortCode)}
              </View>
            </>
          )}
          <View className="coupon-qr-hint">
            到店消费时请商户扫码，或报出券码由商户输入；二维码和券码自动刷新，请勿截图转发
          </View>
          {qrFailed && (
            <View className="coupon-qr-error" onClick={retry}>
              券码加载失败，点此重试
            </View>
          )}
        </View>
      )}

      <CellGroup title="使用说明">
        {coupon.description ? <Cell className="coupon-description" title={coupon.description} /> : null}
        <Cell
          title="有效期"
          extra={`${formatDateTime(coupon.validFrom)} 至 ${formatDateTime(coupon.validTo)}`}
        />
        <Cell title="来源" extra={COUPON_SOURCE_LABELS[coupon.source]} />
        <Cell title="领取时间" extra={formatDateTime(coupon.claimedAt)} />
        {coupon.usedAt && (
          <Cell
            className="coupon-used"
            title="核销"
            extra={`${formatDateTime(coupon.usedAt)}${coupon.usedStore ? ` · ${coupon.usedStore.name}` : ''}`}
          />
        )}
      </CellGroup>
    </View>
  );
}

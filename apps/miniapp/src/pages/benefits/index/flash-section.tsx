import { useRef, useState, type ReactNode } from 'react';
import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { Button, CountDown } from '@nutui/nutui-react-taro';
import {
  FLASH_DROP_STATUS_LABELS,
  GRAB_RESULT_LABELS,
  type FlashDropStatus,
  type GrabResult,
  type MemberFlashDropResponse,
} from '@smartunion/contracts';

import { errorMessage } from '../../../components/feedback';
import { Nowrap } from '../../../components/nowrap';
import { usePageData } from '../../../components/use-page-data';
import { isApiError } from '../../../services/api';
import { grabFlashDrop, myFlashDrops, serverClockOffset } from '../../../services/flash';
import { formatDateTime } from '../../../services/format';
import { Routes } from '../../../services/routes';
import { newRequestId } from '../../../services/stations';

import './flash-section.scss';

/** A tap whose answer was lost is sent again with the same key this many times. */
const RETRIES = 2;
const DAY_MS = 86_400_000;

interface Tap {
  busy: boolean;
  result?: GrabResult;
  couponId?: string | null;
  message?: string;
}

const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * 限时秒杀 on the 福利 tab: the member's drops with a countdown on the server's clock and a grab button. A tap
 * draws one Idempotency-Key; a retry after a lost answer sends the same key, so it gets the first answer (the
 * coupon, if one was granted) and never grabs twice. A granted coupon links to its page.
 */
export function FlashSection(): ReactNode {
  const [taps, setTaps] = useState<Record<string, Tap>>({});
  // The server clock minus the device clock; countdowns and the open/closed state read the server's time.
  const offset = useRef(0);
  const [, rerender] = useState(0);
  const keys = useRef(new Map<string, string>());

  const serverNow = (): number => Date.now() + offset.current;

  // Mounted once the tab has loaded (after its first show): loads on mount, then on each return.
  const { state, setState, reload } = usePageData(async () => {
    const [drops, measured] = await Promise.all([myFlashDrops(), serverClockOffset().catch(() => null)]);
    offset.current = measured ?? drops.now - Date.now();
    return { items: drops.items };
  });

  function setTap(dropId: string, tap: Tap): void {
    setTaps((current) => ({ ...current, [dropId]: tap }));
  }

  async function grab(drop: MemberFlashDropResponse): Promise<void> {
    if (taps[drop.id]?.busy) return;
    const key = keys.current.get(drop.id) ?? newRequestId();
    keys.current.set(drop.id, key);
    setTap(drop.id, { busy: true });
    for (let attempt = 0; ; attempt += 1) {
      try {
        const answer = await grabFlashDrop(drop.id, key);
        keys.current.delete(drop.id);
        setTap(drop.id, { busy: false, result: answer.result, couponId: answer.couponId });
        setState((s) =>
          s.status !== 'ready'
            ? s
            : {
                ...s,
                items: s.items.map((d) =>
                  d.id !== drop.id
                    ? d
                    : {
                        ...d,
                        remaining: answer.remaining ?? (answer.result === 'sold_out' ? 0 : d.remaining),
                        myCouponIds:
                          answer.result === 'granted' &&
                          answer.couponId &&
                          !d.myCouponIds.includes(answer.couponId)
                            ? [...d.myCouponIds, answer.couponId]
                            : d.myCouponIds,
                      },
                ),
              },
        );
        return;
      } catch (error) {
        const lost = isApiError(error) && error.status === 0;
        if (lost && attempt < RETRIES) {
          await wait(300 * (attempt + 1));
          continue;
        }
        // No answer at all: the key is kept, so tapping again is still the same tap.
        if (!lost) keys.current.delete(drop.id);
        setTap(drop.id, { busy: false, message: errorMessage(error) });
        return;
      }
    }
  }

  // Never signed out: the section loads without `login`.
  if (state.status === 'loading' || state.status === 'signedOut') return null;
  if (state.status === 'failed') {
    return (
      <View className="flash-section flash-section--failed">
        <View className="su-section-title">限时秒杀</View>
        <View className="su-card flash-section-failed" onClick={() => void reload()}>
          秒杀活动加载失败，点击重试
        </View>
      </View>
    );
  }
  if (state.items.length === 0) return null;
  const now = serverNow();
  // An ended drop has nothing to tap: one quiet line each under the open ones, not a card with a big button.
  const over = (drop: MemberFlashDropResponse): boolean => {
    const phase = phaseOf(drop, now);
    return phase === 'ended' || phase === 'cancelled';
  };
  const open = state.items.filter((drop) => !over(drop));
  const ended = state.items.filter(over);
  return (
    <View className="flash-section">
      <View className="su-section-title">限时秒杀</View>
      {open.map((drop) => (
        <FlashDropCard
          key={drop.id}
          drop={drop}
          now={now}
          tap={taps[drop.id]}
          onGrab={() => void grab(drop)}
          onTick={() => rerender((n) => n + 1)}
        />
      ))}
      {ended.map((drop) => (
        <EndedDropLine key={drop.id} drop={drop} phase={phaseOf(drop, now)} />
      ))}
    </View>
  );
}

/** A drop that is over: its name, 已结束, and the way to the member's coupon of it if they got one. */
function EndedDropLine({
  drop,
  phase,
}: {
  drop: MemberFlashDropResponse;
  phase: FlashDropStatus;
}): ReactNode {
  const couponId = drop.myCouponIds[drop.myCouponIds.length - 1] ?? null;
  return (
    <View className="flash-ended">
      <View className="flash-ended-status">{FLASH_DROP_STATUS_LABELS[phase]}</View>
      <View className="flash-ended-title">{drop.title}</View>
      {couponId && (
        <View
          className="flash-ended-coupon"
          onClick={() =>
            void Taro.navigateTo({ url: `${Routes.BenefitsCoupon}?id=${encodeURIComponent(couponId)}` })
          }
        >
          我的券 ›
        </View>
      )}
    </View>
  );
}

/** What the drop looks like at `now` on the server's clock (the list's status may be a minute old). */
function phaseOf(drop: MemberFlashDropResponse, now: number): FlashDropStatus {
  if (drop.status === 'cancelled' || drop.status === 'ended') return drop.status;
  if (now >= Date.parse(drop.endsAt)) return 'ended';
  if (now < Date.parse(drop.startsAt)) return 'upcoming';
  return drop.remaining <= 0 ? 'sold_out' : 'live';
}

function buttonText(phase: FlashDropStatus, drop: MemberFlashDropResponse, full: boolean): string {
  if (phase === 'upcoming') return '即将开抢';
  if (phase !== 'live') return FLASH_DROP_STATUS_LABELS[phase];
  if (!drop.eligible) return '不在活动范围';
  return full ? '已抢到' : '立即抢';
}

function FlashDropCard({
  drop,
  now,
  tap,
  onGrab,
  onTick,
}: {
  drop: MemberFlashDropResponse;
  now: number;
  tap: Tap | undefined;
  onGrab: () => void;
  onTick: () => void;
}): ReactNode {
  const phase = phaseOf(drop, now);
  const full = drop.myCouponIds.length >= drop.perMemberLimit;
  const canGrab = phase === 'live' && drop.eligible && !full;
  const target = phase === 'upcoming' ? Date.parse(drop.startsAt) : Date.parse(drop.endsAt);
  const couponId =
    tap?.result === 'granted' ? tap.couponId : (drop.myCouponIds[drop.myCouponIds.length - 1] ?? null);
  return (
    <View className={`su-card flash-drop flash-drop--${phase}`}>
      <View className="flash-drop-head">
        <View className="flash-drop-value">{drop.template.valueLabel}</View>
        <View className="flash-drop-body">
          <View className="su-card-title flash-drop-title">{drop.title}</View>
          <View className="su-card-line">
            {drop.template.merchant.name} · 每人限 {drop.perMemberLimit} 张
            {drop.verifiedOnly ? ' · 限实名会员' : ''}
          </View>
          <View className="su-card-line flash-drop-stock">
            剩余 {drop.remaining} / {drop.stock} 张 · <Nowrap>{formatDateTime(drop.startsAt)}</Nowrap> 开抢
          </View>
        </View>
        <View className={`flash-status flash-status--${phase}`}>{FLASH_DROP_STATUS_LABELS[phase]}</View>
      </View>
      {(phase === 'upcoming' || phase === 'live' || phase === 'sold_out') && (
        <View className="flash-countdown">
          <View className="flash-countdown-label">{phase === 'upcoming' ? '距开抢' : '距结束'}</View>
          <CountDown
            key={`${drop.id}-${phase}`}
            className="flash-countdown-time"
            startTime={now}
            endTime={target}
            format={target - now >= DAY_MS ? 'DD天 HH:mm:ss' : 'HH:mm:ss'}
            onEnd={onTick}
          />
        </View>
      )}
      <View className="su-card-actions flash-drop-actions">
        <Button
          className="flash-grab"
          type="primary"
          disabled={!canGrab}
          loading={tap?.busy === true}
          onClick={onGrab}
        >
          {buttonText(phase, drop, full)}
        </Button>
      </View>
      {(tap?.result || tap?.message || (full && couponId)) && (
        <View className={`flash-result flash-result--${tap?.result ?? (tap?.message ? 'error' : 'granted')}`}>
          <View className="flash-result-text">
            {tap?.result
              ? GRAB_RESULT_LABELS[tap.result]
              : (tap?.message ?? `您已抢到 ${drop.myCouponIds.length} 张`)}
          </View>
          {couponId && (tap?.result === 'granted' || !tap?.result) && (
            <View
              className="flash-coupon-link"
              onClick={() =>
                void Taro.navigateTo({ url: `${Routes.BenefitsCoupon}?id=${encodeURIComponent(couponId)}` })
              }
            >
              查看优惠券 ›
            </View>
          )}
        </View>
      )}
    </View>
  );
}

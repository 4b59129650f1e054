/**
 * Flash-sale coupon drops (线上秒杀): a coupon template, a stock, a window and a per-member limit, scheduled
 * ahead, pre-heated into Redis and grabbed by up to 100,000 members in the same second.
 */
import type { CouponKind } from './benefits';
import type { Paged } from './common';
import type { Occupation } from './membership';
import type { OrgRef } from './orgs';

/** The answer to one grab. Only `granted` carries a coupon id. */
export const GrabResult = {
  Granted: 'granted',
  SoldOut: 'sold_out',
  LimitReached: 'limit_reached',
  NotStarted: 'not_started',
  Ended: 'ended',
  NotEligible: 'not_eligible',
} as const;
export type GrabResult = (typeof GrabResult)[keyof typeof GrabResult];
export const GRAB_RESULTS: readonly GrabResult[] = Object.values(GrabResult);

export const GRAB_RESULT_LABELS: Readonly<Record<GrabResult, string>> = {
  granted: '抢到了！',
  sold_out: '已抢光',
  limit_reached: '您已抢到，每人限领',
  not_started: '秒杀尚未开始',
  ended: '秒杀已结束',
  not_eligible: '本场秒杀仅面向指定范围的会员',
};

/** What a drop looks like now, computed from its window, its stock and whether it was cancelled. */
export const FlashDropStatus = {
  Upcoming: 'upcoming',
  Live: 'live',
  SoldOut: 'sold_out',
  Ended: 'ended',
  Cancelled: 'cancelled',
} as const;
export type FlashDropStatus = (typeof FlashDropStatus)[keyof typeof FlashDropStatus];
export const FLASH_DROP_STATUSES: readonly FlashDropStatus[] = Object.values(FlashDropStatus);

export const FLASH_DROP_STATUS_LABELS: Readonly<Record<FlashDropStatus, string>> = {
  upcoming: '即将开始',
  live: '抢购中',
  sold_out: '已抢光',
  ended: '已结束',
  cancelled: '已取消',
};

export const MAX_FLASH_STOCK = 1_000_000;
export const MAX_FLASH_PER_MEMBER_LIMIT = 10;
/** The longest window a drop may stay open. */
export const MAX_FLASH_WINDOW_DAYS = 31;

/** The answer of `POST /benefits/flash-drops/:id/grab`. */
export interface GrabResponse {
  result: GrabResult;
  /** The coupon granted (persisted shortly after: the member's coupon list shows it within a second). */
  couponId: string | null;
  /** Coupons left when the answer was given; null when it was answered without looking (sold out). */
  remaining: number | null;
  /** Server time (ms since the epoch) of the answer, for the client's countdown. */
  now: number;
  /** true when this is the stored first answer of a retried Idempotency-Key. */
  replayed: boolean;
}

export interface CreateFlashDropRequest {
  templateId: string;
  /** The audience's org subtree, inside the caller's scope. */
  orgId: string;
  title: string;
  /** Reserved from the template's stock when the drop is created; unsold coupons return at the end. */
  stock: number;
  /** Default 1. */
  perMemberLimit?: number;
  /** ISO instants; the drop opens at startsAt (in the future) and closes at endsAt. */
  startsAt: string;
  endsAt: string;
  /** Members of these occupations only; empty or absent: everyone in the subtree. */
  occupations?: Occupation[];
  verifiedOnly?: boolean;
}

/** Anything but the template may change until the drop starts. */
export type UpdateFlashDropRequest = Partial<Omit<CreateFlashDropRequest, 'templateId'>>;

/** One Redis grant that PostgreSQL refused at reconciliation (a Redis fault: the constraints held). */
export interface FlashConflict {
  couponId: string;
  userId: string;
  seq: number;
  slot: number;
  reason: 'duplicate_slot' | 'member_over_limit' | 'out_of_range' | 'not_a_member';
}

/** What the end-of-drop job found comparing Redis grants with database coupons. */
export interface FlashReconciliation {
  redisGrants: number;
  databaseCoupons: number;
  /** Redis grants the persist queue had not written yet, written by the reconciliation. */
  inserted: number;
  conflictCount: number;
  /** The first conflicts (at most 100). */
  conflicts: FlashConflict[];
  /** Database coupons of the drop missing from Redis (Redis lost data after they were persisted). */
  missingInRedis: number;
  /** Unsold coupons given back to the template's stock. */
  returned: number;
}

export interface FlashTemplateRef {
  id: string;
  title: string;
  description: string;
  kind: CouponKind;
  valueLabel: string;
  minSpendCents: number;
  merchant: { id: string; name: string };
  validFrom: string;
  validTo: string;
}

/** A drop as staff manage it. */
export interface FlashDropResponse {
  id: string;
  title: string;
  template: FlashTemplateRef;
  org: OrgRef;
  stock: number;
  perMemberLimit: number;
  startsAt: string;
  endsAt: string;
  occupations: Occupation[];
  verifiedOnly: boolean;
  status: FlashDropStatus;
  /** Coupons written to the database so far. */
  granted: number;
  /** Coupons left: from Redis while the drop runs. */
  remaining: number;
  preheatedAt: string | null;
  /** Members who may grab (counted when the drop was pre-heated). */
  audienceSize: number | null;
  returned: number | null;
  reconciledAt: string | null;
  reconciliation: FlashReconciliation | null;
  createdAt: string;
  updatedAt: string;
}

export interface FlashDropListQuery {
  page?: number;
  pageSize?: number;
  /** Only drops of this org's subtree (inside the scope). */
  orgId?: string;
  status?: FlashDropStatus;
}

export type FlashDropListResponse = Paged<FlashDropResponse>;

/** A drop as a member sees it on the 福利 tab. */
export interface MemberFlashDropResponse {
  id: string;
  title: string;
  template: FlashTemplateRef;
  orgName: string;
  stock: number;
  remaining: number;
  perMemberLimit: number;
  startsAt: string;
  endsAt: string;
  status: FlashDropStatus;
  verifiedOnly: boolean;
  occupations: Occupation[];
  /** The member matches the drop's occupations and verification rule. */
  eligible: boolean;
  /** Coupons of this drop the member holds (persisted). */
  myCouponIds: string[];
}

export interface MemberFlashDropsResponse {
  items: MemberFlashDropResponse[];
  /** Server time of the answer (ms), so the countdown does not trust the device clock. */
  now: number;
}

import type { Paged } from './common';
import type { OrgRef } from './orgs';

/**
 * Points (积分): a ledger per member where every change is an entry and the balance is always the sum of the
 * entries; earn rules per org scope with daily caps; the points mall (积分商城).
 * Business days are Asia/Shanghai, written 'YYYY-MM-DD'.
 */

/** Why points moved. The earn reasons are configurable per org scope (earn rules); the rest are system moves. */
export const PointReason = {
  SignIn: 'sign_in',
  Reading: 'reading',
  Course: 'course',
  Quiz: 'quiz',
  Activity: 'activity',
  Volunteer: 'volunteer',
  MallRedeem: 'mall_redeem',
  MallRefund: 'mall_refund',
  Adjustment: 'adjustment',
} as const;
export type PointReason = (typeof PointReason)[keyof typeof PointReason];
export const POINT_REASONS: readonly PointReason[] = Object.values(PointReason);

/** Reasons that earn points under an earn rule (daily sign-in with streaks, reading, courses, quizzes…). */
export const EARN_REASONS = [
  PointReason.SignIn,
  PointReason.Reading,
  PointReason.Course,
  PointReason.Quiz,
  PointReason.Activity,
  PointReason.Volunteer,
] as const;
export type EarnReason = (typeof EARN_REASONS)[number];

export const POINT_REASON_LABELS: Readonly<Record<PointReason, string>> = {
  sign_in: '每日签到',
  reading: '阅读学习',
  course: '课程结业',
  quiz: '答题挑战',
  activity: '参加活动',
  volunteer: '志愿服务',
  mall_redeem: '积分兑换',
  mall_refund: '兑换退回',
  adjustment: '工会调整',
};

// ---------------------------------------------------------------------------------------------- earn rules

export interface EarnRuleValues {
  /** Points per occurrence (for sign-in: the base, before the streak bonus). */
  points: number;
  /** Most points the reason earns a member per business day, the sign-in streak bonus included. */
  dailyCap: number;
  enabled: boolean;
}

/**
 * The rules a member earns under when no org on their path set its own: sign-in 5 a day (up to 10 with the
 * streak bonus), reading 2 up to 10 a day, a course 20 up to 60, a quiz 10 up to 30, an activity 10 up to 30,
 * volunteering 30 up to 90.
 */
export const DEFAULT_EARN_RULES: Readonly<Record<EarnReason, EarnRuleValues>> = {
  sign_in: { points: 5, dailyCap: 10, enabled: true },
  reading: { points: 2, dailyCap: 10, enabled: true },
  course: { points: 20, dailyCap: 60, enabled: true },
  quiz: { points: 10, dailyCap: 30, enabled: true },
  activity: { points: 10, dailyCap: 30, enabled: true },
  volunteer: { points: 30, dailyCap: 90, enabled: true },
};

export const MAX_EARN_POINTS = 1000;
export const MAX_EARN_DAILY_CAP = 10_000;

/**
 * The sign-in streak bonus (连续签到奖励): from the `fromDay`-th consecutive day on, each sign-in earns `bonus`
 * points on top of the rule's points (the highest step reached applies; the daily cap still holds).
 */
export const SIGN_IN_STREAK_BONUSES: readonly { fromDay: number; bonus: number }[] = [
  { fromDay: 3, bonus: 1 },
  { fromDay: 7, bonus: 3 },
  { fromDay: 14, bonus: 5 },
];

/** The bonus a sign-in on the `streak`-th consecutive day earns. */
export function signInStreakBonus(streak: number): number {
  let bonus = 0;
  for (const step of SIGN_IN_STREAK_BONUSES) if (streak >= step.fromDay) bonus = step.bonus;
  return bonus;
}

/** The next bonus step above `streak`, or null at the top. */
export function nextStreakBonus(streak: number): { fromDay: number; bonus: number } | null {
  return SIGN_IN_STREAK_BONUSES.find((s) => s.fromDay > streak) ?? null;
}

export interface EarnRuleResponse extends EarnRuleValues {
  reason: EarnReason;
  /** Where the rule comes from: an org on the path (`org`), or the built-in default. */
  source: 'org' | 'default';
  org: OrgRef | null;
}

/** The rules in force for members of `org`, and which of them `org` set itself. */
export interface EarnRulesResponse {
  org: OrgRef;
  rules: (EarnRuleResponse & { own: boolean })[];
}

export interface PutEarnRuleRequest {
  orgId: string;
  reason: EarnReason;
  points: number;
  dailyCap: number;
  enabled: boolean;
}

export interface DeleteEarnRuleQuery {
  orgId: string;
  reason: EarnReason;
}

// ---------------------------------------------------------------------------------------------- ledger

export interface PointEntryResponse {
  id: string;
  /** Positive: earned or refunded; negative: spent or taken off. */
  delta: number;
  reason: PointReason;
  balanceAfter: number;
  /** What the change was for, e.g. "连续签到第 7 天（含奖励 3 分）", "兑换 保温杯 ×1". */
  note: string | null;
  sourceType: string;
  sourceId: string;
  /** The Asia/Shanghai day it counts for (daily caps). */
  businessDay: string;
  createdAt: string;
}

export type PointEntryListResponse = Paged<PointEntryResponse>;

/** Today's earnings of one reason against its cap. */
export interface TodayEarning {
  reason: EarnReason;
  earned: number;
  points: number;
  dailyCap: number;
  enabled: boolean;
}

export interface SignInState {
  signedToday: boolean;
  /** Consecutive days signed up to today (if signed) or yesterday (if not yet): 0 when the run broke. */
  streak: number;
  /** Points today's sign-in earned, or would earn now, the bonus and cap applied. */
  todayPoints: number;
  nextBonus: { fromDay: number; bonus: number } | null;
}

export interface MyPointsResponse {
  memberId: string;
  balance: number;
  earnedTotal: number;
  spentTotal: number;
  businessDay: string;
  today: TodayEarning[];
  signIn: SignInState;
}

export interface SignInResponse {
  day: string;
  streak: number;
  /** Points this sign-in earned (0 when the rule is off or the cap was reached), the bonus included. */
  awarded: number;
  bonus: number;
  /** The cap cut the award. */
  capped: boolean;
  /** The member had signed in today already: this is that sign-in. */
  alreadySigned: boolean;
  balance: number;
  entryId: string | null;
}

/** Staff: a member's account (a member of the scope). */
export interface MemberPointsResponse {
  memberId: string;
  memberNo: string;
  /** Masked (张*三). */
  name: string;
  org: OrgRef;
  balance: number;
  earnedTotal: number;
  spentTotal: number;
  recent: PointEntryResponse[];
}

export const MAX_ADJUSTMENT_POINTS = 100_000;

/** A manual correction by a union (工会调整), with a reason the member sees in their history. */
export interface AdjustPointsRequest {
  memberId: string;
  /** Non-zero, at most ±{@link MAX_ADJUSTMENT_POINTS}; a deduction never takes a balance below 0. */
  delta: number;
  note: string;
  /** Drawn once per submission, reused on retry: the adjustment is made once. */
  requestId: string;
}

export interface AdjustPointsResponse {
  entry: PointEntryResponse;
  balance: number;
  /** The requestId had been used: this is the first answer. */
  replayed: boolean;
}

export interface PointsMismatch {
  memberId: string;
  orgId: string;
  balance: number;
  entriesSum: number;
  earnedTotal: number;
  entriesEarned: number;
  spentTotal: number;
  entriesSpent: number;
}

/** One run of the reconciliation job; `details` lists the mismatched accounts inside the caller's scope. */
export interface ReconciliationResponse {
  id: string;
  startedAt: string;
  finishedAt: string;
  accountsChecked: number;
  /** Mismatches found anywhere. */
  mismatches: number;
  details: PointsMismatch[];
}

export type ReconciliationListResponse = Paged<ReconciliationResponse>;

// ---------------------------------------------------------------------------------------------- points mall

export const MallItemStatus = {
  Active: 'active',
  Inactive: 'inactive',
} as const;
export type MallItemStatus = (typeof MallItemStatus)[keyof typeof MallItemStatus];
export const MALL_ITEM_STATUSES: readonly MallItemStatus[] = Object.values(MallItemStatus);

export const MALL_ITEM_STATUS_LABELS: Readonly<Record<MallItemStatus, string>> = {
  active: '兑换中',
  inactive: '已下架',
};

export const MallOrderStatus = {
  AwaitingPickup: 'awaiting_pickup',
  Fulfilled: 'fulfilled',
  Cancelled: 'cancelled',
} as const;
export type MallOrderStatus = (typeof MallOrderStatus)[keyof typeof MallOrderStatus];
export const MALL_ORDER_STATUSES: readonly MallOrderStatus[] = Object.values(MallOrderStatus);

export const MALL_ORDER_STATUS_LABELS: Readonly<Record<MallOrderStatus, string>> = {
  awaiting_pickup: '待领取',
  fulfilled: '已领取',
  cancelled: '已取消',
};

export const PICKUP_CODE_PATTERN = /^\d{8}$/;
export const MAX_MALL_COST_POINTS = 1_000_000;
export const MAX_MALL_STOCK = 1_000_000;
export const MAX_PER_MEMBER_LIMIT = 99;
export const MAX_REDEEM_QUANTITY = 10;

export interface MallItemResponse {
  id: string;
  /** The org offering it; members of its whole subtree may redeem. */
  org: OrgRef;
  name: string;
  description: string;
  imageUrl: string | null;
  costPoints: number;
  stock: number;
  perMemberLimit: number;
  /** Where and when to pick it up, e.g. "小店区总工会服务大厅（工作日 9:00–17:00）". */
  pickup: string;
  status: MallItemStatus;
  redeemedCount: number;
  createdAt: string;
  updatedAt: string;
}

/** An item as a member sees it: how many they hold already and may still redeem. */
export interface MemberMallItemResponse extends MallItemResponse {
  myRedeemed: number;
  /** Most the member can redeem now (limit and stock); 0 when none. */
  canRedeem: number;
}

export type MallItemListResponse = Paged<MallItemResponse>;
export type MemberMallItemListResponse = Paged<MemberMallItemResponse>;

export interface MallItemListQuery {
  orgId?: string;
  status?: MallItemStatus;
  page?: number;
  pageSize?: number;
}

export interface CreateMallItemRequest {
  orgId: string;
  name: string;
  description?: string;
  imageUrl?: string;
  costPoints: number;
  stock: number;
  perMemberLimit: number;
  pickup: string;
}

/** Stock changes by a delta (restock or take off), so it never overwrites units redeemed meanwhile. */
export interface UpdateMallItemRequest {
  name?: string;
  description?: string;
  imageUrl?: string | null;
  costPoints?: number;
  perMemberLimit?: number;
  pickup?: string;
  status?: MallItemStatus;
  stockDelta?: number;
}

export interface RedeemRequest {
  quantity: number;
  /** Drawn once per tap, reused on retries; or send the Idempotency-Key header. One of them is required. */
  requestId?: string;
}

export interface MallOrderResponse {
  id: string;
  item: { id: string; name: string; imageUrl: string | null; pickup: string; org: OrgRef };
  quantity: number;
  points: number;
  status: MallOrderStatus;
  pickupCode: string;
  /**
   * PNG data URL of the pickup code while the order awaits pickup, for the member to show: in the order's own
   * answer (GET my-orders/:id) only, so redeeming and listing never spend time drawing QR codes.
   */
  pickupQrDataUrl: string | null;
  createdAt: string;
  fulfilledAt: string | null;
  cancelledAt: string | null;
  cancelReason: string | null;
}

export interface RedeemResponse {
  order: MallOrderResponse;
  balance: number;
  /** The requestId had been used: this is the first order, nothing was spent again. */
  replayed: boolean;
}

export type MallOrderListResponse = Paged<MallOrderResponse>;

export interface MallOrderListQuery {
  status?: MallOrderStatus;
  page?: number;
  pageSize?: number;
}

/** An order as staff see it: who redeemed (masked) and who handed it over. */
export interface StaffMallOrderResponse extends Omit<MallOrderResponse, 'pickupQrDataUrl'> {
  member: { id: string; memberNo: string; name: string };
  fulfilledBy: { userId: string; displayName: string } | null;
}

export type StaffMallOrderListResponse = Paged<StaffMallOrderResponse>;

export interface StaffMallOrderListQuery extends MallOrderListQuery {
  itemId?: string;
}

/** Handing over needs the code the member shows, not just the order id. */
export interface FulfilMallOrderRequest {
  pickupCode: string;
}

export interface CancelMallOrderRequest {
  reason: string;
}

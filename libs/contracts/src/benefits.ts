import type { Paged } from './common';
import type { Occupation } from './membership';
import type { OrgRef } from './orgs';
import type { CoordSystem, GeoPoint } from './stations';

/**
 * Benefits (普惠): partner merchants and their stores, coupon templates, members' coupons and their write-off
 * at the counter. Amounts are in fen (cents): ¥12.50 is 1250.
 */

export const CouponKind = {
  /** 满减/立减: `amountOffCents` off a bill of at least `minSpendCents`. */
  AmountOff: 'amount_off',
  /** 折扣: pay `discountPercent`% (85 = 8.5 折). */
  Discount: 'discount',
  /** 免费兑换: one `itemName` free. */
  FreeItem: 'free_item',
} as const;
export type CouponKind = (typeof CouponKind)[keyof typeof CouponKind];
export const COUPON_KINDS: readonly CouponKind[] = Object.values(CouponKind);

export const COUPON_KIND_LABELS: Readonly<Record<CouponKind, string>> = {
  amount_off: '满减券',
  discount: '折扣券',
  free_item: '兑换券',
};

/** How a member came by a coupon. */
export const CouponSource = {
  Claim: 'claim',
  Flash: 'flash',
  Campaign: 'campaign',
} as const;
export type CouponSource = (typeof CouponSource)[keyof typeof CouponSource];

export const COUPON_SOURCE_LABELS: Readonly<Record<CouponSource, string>> = {
  claim: '领券中心',
  flash: '限时秒杀',
  campaign: '工会福利活动',
};

/** Stored status; a coupon past its `validTo` is shown as expired whatever is stored. */
export const CouponStatus = {
  Active: 'active',
  Used: 'used',
  Expired: 'expired',
  Void: 'void',
} as const;
export type CouponStatus = (typeof CouponStatus)[keyof typeof CouponStatus];
export const COUPON_STATUSES: readonly CouponStatus[] = Object.values(CouponStatus);

export const COUPON_STATUS_LABELS: Readonly<Record<CouponStatus, string>> = {
  active: '可使用',
  used: '已核销',
  expired: '已过期',
  void: '已作废',
};

/** Outcome of one write-off attempt at a counter; every attempt is recorded. */
export const WriteOffResult = {
  Ok: 'ok',
  AlreadyUsed: 'already_used',
  Expired: 'expired',
  NotYetValid: 'not_yet_valid',
  WrongMerchant: 'wrong_merchant',
  InvalidCode: 'invalid_code',
  /** The QR token itself has lapsed (the member shows a fresh one). */
  CodeExpired: 'code_expired',
  Void: 'void',
} as const;
export type WriteOffResult = (typeof WriteOffResult)[keyof typeof WriteOffResult];
export const WRITE_OFF_RESULTS: readonly WriteOffResult[] = Object.values(WriteOffResult);

export const WRITE_OFF_RESULT_LABELS: Readonly<Record<WriteOffResult, string>> = {
  ok: '核销成功',
  already_used: '已核销过',
  expired: '券已过期',
  not_yet_valid: '未到使用时间',
  wrong_merchant: '非本商户券',
  invalid_code: '券码无效',
  code_expired: '券码已过期',
  void: '券已作废',
};

export const MerchantStatus = {
  Active: 'active',
  Suspended: 'suspended',
} as const;
export type MerchantStatus = (typeof MerchantStatus)[keyof typeof MerchantStatus];
export const MERCHANT_STATUSES: readonly MerchantStatus[] = Object.values(MerchantStatus);

export const StoreStatus = {
  Active: 'active',
  Closed: 'closed',
} as const;
export type StoreStatus = (typeof StoreStatus)[keyof typeof StoreStatus];
export const STORE_STATUSES: readonly StoreStatus[] = Object.values(StoreStatus);

/** active: claimable and usable; paused: no new claims, issued coupons still usable; ended: for good. */
export const CouponTemplateStatus = {
  Active: 'active',
  Paused: 'paused',
  Ended: 'ended',
} as const;
export type CouponTemplateStatus = (typeof CouponTemplateStatus)[keyof typeof CouponTemplateStatus];
export const COUPON_TEMPLATE_STATUSES: readonly CouponTemplateStatus[] = Object.values(CouponTemplateStatus);

/** The write-off QR of a coupon lives this long; the coupon page renews it shortly before. */
export const COUPON_QR_TTL_SECONDS = 180;
export const MAX_COUPON_PER_MEMBER_LIMIT = 10;
export const MAX_COUPON_STOCK = 10_000_000;
export const MAX_VALID_DAYS_AFTER_CLAIM = 365;
export const STORES_NEARBY_DEFAULT_RADIUS_M = 5_000;
export const STORES_NEARBY_MAX_RADIUS_M = 50_000;
export const STORES_NEARBY_DEFAULT_LIMIT = 20;
export const STORES_NEARBY_MAX_LIMIT = 50;

/** What a coupon is worth, as a member reads it: 满50减10, 立减15元, 8.5折, 免费兑换 洗车一次. */
export function couponValueLabel(c: {
  kind: CouponKind;
  amountOffCents: number | null;
  discountPercent: number | null;
  itemName: string | null;
  minSpendCents: number;
}): string {
  const yuan = (cents: number): string =>
    cents % 100 === 0 ? String(cents / 100) : (cents / 100).toFixed(2);
  switch (c.kind) {
    case CouponKind.AmountOff:
      return c.minSpendCents > 0
        ? `满${yuan(c.minSpendCents)}减${yuan(c.amountOffCents ?? 0)}`
        : `立减${yuan(c.amountOffCents ?? 0)}元`;
    case CouponKind.Discount: {
      const p = c.discountPercent ?? 100;
      const zhe = p % 10 === 0 ? String(p / 10) : (p / 10).toFixed(1);
      return c.minSpendCents > 0 ? `满${yuan(c.minSpendCents)}享${zhe}折` : `${zhe}折`;
    }
    case CouponKind.FreeItem:
      return `免费兑换 ${c.itemName ?? ''}`.trim();
  }
}

// ---------------------------------------------------------------------------------------------- merchants

export interface CreateMerchantRequest {
  /** The org that signs up and manages the merchant, inside the caller's scope. */
  orgId: string;
  name: string;
  /** Unified social credit code (GB 32100), optional for individual businesses. */
  creditCode?: string;
  contactName: string;
  /** Mobile or landline (0351-1234567). */
  contactPhone: string;
}

export type UpdateMerchantRequest = Partial<CreateMerchantRequest> & { status?: MerchantStatus };

export interface CreateStoreRequest {
  name: string;
  address: string;
  location: GeoPoint;
  /** Datum of `location`; default gcj02. */
  coord?: CoordSystem;
  phone?: string;
}

export type UpdateStoreRequest = Partial<CreateStoreRequest> & { status?: StoreStatus };

export interface StoreResponse {
  id: string;
  merchantId: string;
  name: string;
  address: string;
  location: GeoPoint;
  coord: CoordSystem;
  phone: string | null;
  status: StoreStatus;
}

export interface MerchantUserRef {
  userId: string;
  displayName: string;
}

export interface MerchantResponse {
  id: string;
  org: OrgRef;
  name: string;
  creditCode: string | null;
  contactName: string;
  contactPhone: string;
  status: MerchantStatus;
  stores: StoreResponse[];
  users: MerchantUserRef[];
  createdAt: string;
  updatedAt: string;
}

export interface MerchantListQuery {
  page?: number;
  pageSize?: number;
  /** Only merchants of this org's subtree (inside the scope). */
  orgId?: string;
  q?: string;
  status?: MerchantStatus;
  coord?: CoordSystem;
}

export type MerchantListResponse = Paged<MerchantResponse>;

/** The merchants the caller works for at the counter, with their stores (the write-off page). */
export interface MyMerchantsResponse {
  items: { id: string; name: string; status: MerchantStatus; stores: { id: string; name: string }[] }[];
}

export interface NearbyStoresQuery {
  lat: number;
  lng: number;
  coord?: CoordSystem;
  radius?: number;
  limit?: number;
}

export interface NearbyStoreResponse {
  id: string;
  name: string;
  address: string;
  phone: string | null;
  merchant: { id: string; name: string };
  location: GeoPoint;
  coord: CoordSystem;
  distanceMeters: number;
}

export interface NearbyStoresResponse {
  items: NearbyStoreResponse[];
  coord: CoordSystem;
  radius: number;
}

// ---------------------------------------------------------------------------------------------- templates

export interface CreateCouponTemplateRequest {
  merchantId: string;
  /** The audience's org subtree (and the owner of the template), inside the caller's scope. */
  orgId: string;
  title: string;
  description?: string;
  kind: CouponKind;
  /** amount_off only. */
  amountOffCents?: number;
  /** discount only: 1–99 (85 = 8.5 折). */
  discountPercent?: number;
  /** free_item only. */
  itemName?: string;
  minSpendCents?: number;
  /** ISO instants: claims and use happen inside [validFrom, validTo). */
  validFrom: string;
  validTo: string;
  /** A claimed coupon lapses this many days after its claim (never after validTo). */
  validDaysAfterClaim?: number | null;
  /** Default 1. */
  perMemberLimit?: number;
  totalStock: number;
  /** Members of these occupations only; empty or absent: everyone. */
  occupations?: Occupation[];
  verifiedOnly?: boolean;
  /** false: handed out only through flash drops and campaigns, never claimed directly. Default true. */
  claimable?: boolean;
}

/** Value and merchant are fixed once created (issued coupons carry them); the rest may change. */
export interface UpdateCouponTemplateRequest {
  title?: string;
  description?: string;
  validFrom?: string;
  validTo?: string;
  validDaysAfterClaim?: number | null;
  perMemberLimit?: number;
  /** Never below what is issued and reserved already. */
  totalStock?: number;
  /**
   * Raises the stock by this many, added to the stored total under the template's row lock, so two staff raising
   * at once both count (a `totalStock` computed from a stale read would lose one). Not with `totalStock`.
   */
  addStock?: number;
  occupations?: Occupation[];
  verifiedOnly?: boolean;
  claimable?: boolean;
  /** ended is final. */
  status?: CouponTemplateStatus;
}

export interface CouponTemplateResponse {
  id: string;
  merchant: { id: string; name: string };
  org: OrgRef;
  title: string;
  description: string;
  kind: CouponKind;
  amountOffCents: number | null;
  discountPercent: number | null;
  itemName: string | null;
  minSpendCents: number;
  valueLabel: string;
  validFrom: string;
  validTo: string;
  validDaysAfterClaim: number | null;
  perMemberLimit: number;
  totalStock: number;
  issued: number;
  /** Set aside for flash drops. */
  reserved: number;
  remaining: number;
  occupations: Occupation[];
  verifiedOnly: boolean;
  claimable: boolean;
  status: CouponTemplateStatus;
  createdAt: string;
  updatedAt: string;
}

export interface CouponTemplateListQuery {
  page?: number;
  pageSize?: number;
  orgId?: string;
  merchantId?: string;
  status?: CouponTemplateStatus;
}

export type CouponTemplateListResponse = Paged<CouponTemplateResponse>;

/** A template the calling member may claim now, with what they hold of it already. */
export interface ClaimableCouponResponse {
  templateId: string;
  merchant: { id: string; name: string };
  title: string;
  description: string;
  kind: CouponKind;
  valueLabel: string;
  minSpendCents: number;
  validFrom: string;
  validTo: string;
  validDaysAfterClaim: number | null;
  perMemberLimit: number;
  verifiedOnly: boolean;
  occupations: Occupation[];
  remaining: number;
  /** How many of it the member holds (any status). */
  claimed: number;
  /** The member can claim one more now: stock left and under the limit. */
  canClaim: boolean;
}

export interface ClaimableCouponsResponse {
  items: ClaimableCouponResponse[];
}

export interface ClaimCouponRequest {
  /** Drawn once per tap, reused on retries; or send the Idempotency-Key header. */
  requestId?: string;
}

// ---------------------------------------------------------------------------------------------- coupons

export interface CouponResponse {
  id: string;
  templateId: string;
  merchant: { id: string; name: string };
  title: string;
  description: string;
  kind: CouponKind;
  valueLabel: string;
  amountOffCents: number | null;
  discountPercent: number | null;
  itemName: string | null;
  minSpendCents: number;
  source: CouponSource;
  /** Computed: active past validTo reads expired. */
  status: CouponStatus;
  validFrom: string;
  validTo: string;
  claimedAt: string;
  usedAt: string | null;
  usedStore: { id: string; name: string } | null;
}

export interface MyCouponsQuery {
  /** active: usable now or later; used; expired (incl. void). Absent: all. */
  status?: Exclude<CouponStatus, 'void'>;
  page?: number;
  pageSize?: number;
}

export type MyCouponsResponse = Paged<CouponResponse> & {
  /** Counts per tab, for the badges. */
  counts: { active: number; used: number; expired: number };
};

/** A fresh write-off QR for one of the caller's usable coupons. */
export interface CouponQrResponse {
  couponId: string;
  qrToken: string;
  qrDataUrl: string;
  /** The 8-digit counter code standing for {@link qrToken}, for typing; lives exactly as long. */
  shortCode: string;
  qrExpiresAt: string;
}

// ---------------------------------------------------------------------------------------------- write-off

export interface WriteOffRequest {
  /** What the counter scanned (the QR's token or the text it encodes), or the typed 8-digit counter code. */
  code: string;
  /** The counter's store; one of the coupon merchant's stores. */
  storeId?: string;
  /** Drawn once per scan, reused on retries: a retried success answers the same write-off. */
  requestId?: string;
}

export interface WriteOffResponse {
  writeOffId: string;
  result: 'ok';
  coupon: {
    id: string;
    title: string;
    valueLabel: string;
    minSpendCents: number;
  };
  merchant: { id: string; name: string };
  store: { id: string; name: string } | null;
  /** Masked (王**). */
  memberName: string;
  usedAt: string;
}

/**
 * `details` of a refused write-off's error: the attempt's record, and for a used coupon (`already_used`) when and
 * where it was written off — the store, or the merchant where the write-off named no store.
 */
export interface WriteOffRefusalDetails {
  writeOffId: string;
  result: Exclude<WriteOffResult, 'ok'>;
  couponTitle?: string;
  usedAt?: string;
  usedStore?: { id: string; name: string } | null;
  merchantName?: string;
}

export interface WriteOffRecordResponse {
  id: string;
  result: WriteOffResult;
  couponId: string | null;
  couponTitle: string | null;
  valueLabel: string | null;
  memberName: string | null;
  store: { id: string; name: string } | null;
  byUser: string | null;
  at: string;
}

export interface WriteOffListResponse {
  /** Asia/Shanghai business day, YYYY-MM-DD. */
  date: string;
  okCount: number;
  attempts: number;
  items: WriteOffRecordResponse[];
}

import type {
  ClaimableCouponsResponse,
  CouponQrResponse,
  CouponResponse,
  CouponTemplateListQuery,
  CouponTemplateListResponse,
  CouponTemplateResponse,
  CouponTemplateStatus,
  CreateCouponTemplateRequest,
  CreateMerchantRequest,
  CreateStoreRequest,
  MerchantListQuery,
  MerchantListResponse,
  MerchantResponse,
  MerchantStatus,
  MyCouponsQuery,
  MyCouponsResponse,
  MyMerchantsResponse,
  StoreResponse,
  StoreStatus,
  UpdateCouponTemplateRequest,
  UpdateMerchantRequest,
  UpdateStoreRequest,
  WriteOffListResponse,
  WriteOffRequest,
  WriteOffResponse,
} from '@smartunion/contracts';

import { apiDelete, apiGet, apiPatch, apiPost } from './api';

const BASE = '/api/v1/benefits';
const id = (value: string): string => encodeURIComponent(value);

/** The coupons the member may claim now (in audience and window), with what they hold of each. */
export function listClaimableCoupons(): Promise<ClaimableCouponsResponse> {
  return apiGet<ClaimableCouponsResponse>(`${BASE}/coupon-templates/claimable`);
}

/**
 * Claims one coupon of a template. `requestId` is drawn once per tap and reused on a retry, so a retry never
 * claims twice and answers the first coupon.
 */
export function claimCoupon(templateId: string, requestId: string): Promise<CouponResponse> {
  return apiPost<CouponResponse>(`${BASE}/coupon-templates/${id(templateId)}/claim`, { requestId });
}

export function listMyCoupons(query: MyCouponsQuery = {}): Promise<MyCouponsResponse> {
  return apiGet<MyCouponsResponse>(`${BASE}/coupons/mine`, { ...query });
}

export function getMyCoupon(couponId: string): Promise<CouponResponse> {
  return apiGet<CouponResponse>(`${BASE}/coupons/${id(couponId)}`);
}

/** A fresh write-off QR, living COUPON_QR_TTL_SECONDS. */
export function getCouponQr(couponId: string): Promise<CouponQrResponse> {
  return apiGet<CouponQrResponse>(`${BASE}/coupons/${id(couponId)}/qr`);
}

/** Merchant counter: the merchants (and stores) the caller writes off for. */
export function listMyMerchants(): Promise<MyMerchantsResponse> {
  return apiGet<MyMerchantsResponse>(`${BASE}/merchants/mine`);
}

/** Merchant counter: writes off the coupon the scanned code names. */
export function writeOffCoupon(request: WriteOffRequest): Promise<WriteOffResponse> {
  return apiPost<WriteOffResponse>(`${BASE}/write-offs`, request);
}

/** Merchant counter: today's attempts at the caller's merchants. */
export function listTodayWriteOffs(): Promise<WriteOffListResponse> {
  return apiGet<WriteOffListResponse>(`${BASE}/write-offs`);
}

// ---------------------------------------------------------------------------------------------- workbench

/** Partner merchants of the caller's scope (benefits:manage), newest first, each with its stores. */
export function listMerchants(query: MerchantListQuery = {}): Promise<MerchantListResponse> {
  return apiGet<MerchantListResponse>(`${BASE}/merchants`, { ...query });
}

export function getMerchant(merchantId: string): Promise<MerchantResponse> {
  return apiGet<MerchantResponse>(`${BASE}/merchants/${id(merchantId)}`);
}

export function createMerchant(request: CreateMerchantRequest): Promise<MerchantResponse> {
  return apiPost<MerchantResponse>(`${BASE}/merchants`, request);
}

/** Edits the merchant's details, or suspends / reactivates it (`status`). */
export function updateMerchant(
  merchantId: string,
  request: UpdateMerchantRequest,
): Promise<MerchantResponse> {
  return apiPatch<MerchantResponse>(`${BASE}/merchants/${id(merchantId)}`, request);
}

export function addMerchantStore(merchantId: string, request: CreateStoreRequest): Promise<StoreResponse> {
  return apiPost<StoreResponse>(`${BASE}/merchants/${id(merchantId)}/stores`, request);
}

export function updateMerchantStore(
  merchantId: string,
  storeId: string,
  request: UpdateStoreRequest,
): Promise<StoreResponse> {
  return apiPatch<StoreResponse>(`${BASE}/merchants/${id(merchantId)}/stores/${id(storeId)}`, request);
}

/** Lets the user (by account id) write off the merchant's coupons at the counter. */
export function linkMerchantUser(merchantId: string, userId: string): Promise<MerchantResponse> {
  return apiPost<MerchantResponse>(`${BASE}/merchants/${id(merchantId)}/users/${id(userId)}`);
}

export function unlinkMerchantUser(merchantId: string, userId: string): Promise<MerchantResponse> {
  return apiDelete<MerchantResponse>(`${BASE}/merchants/${id(merchantId)}/users/${id(userId)}`);
}

/** Coupon templates of the caller's scope (benefits:manage), newest first, with their stock. */
export function listCouponTemplates(
  query: CouponTemplateListQuery = {},
): Promise<CouponTemplateListResponse> {
  return apiGet<CouponTemplateListResponse>(`${BASE}/coupon-templates`, { ...query });
}

export function getCouponTemplate(templateId: string): Promise<CouponTemplateResponse> {
  return apiGet<CouponTemplateResponse>(`${BASE}/coupon-templates/${id(templateId)}`);
}

export function createCouponTemplate(request: CreateCouponTemplateRequest): Promise<CouponTemplateResponse> {
  return apiPost<CouponTemplateResponse>(`${BASE}/coupon-templates`, request);
}

/** Edits the terms, the stock (never below issued + reserved) or the status (pause, resume, end). */
export function updateCouponTemplate(
  templateId: string,
  request: UpdateCouponTemplateRequest,
): Promise<CouponTemplateResponse> {
  return apiPatch<CouponTemplateResponse>(`${BASE}/coupon-templates/${id(templateId)}`, request);
}

export const MERCHANT_STATUS_LABELS: Readonly<Record<MerchantStatus, string>> = {
  active: '合作中',
  suspended: '已暂停',
};

export const STORE_STATUS_LABELS: Readonly<Record<StoreStatus, string>> = {
  active: '营业中',
  closed: '已停业',
};

export const COUPON_TEMPLATE_STATUS_LABELS: Readonly<Record<CouponTemplateStatus, string>> = {
  active: '发放中',
  paused: '已暂停',
  ended: '已结束',
};

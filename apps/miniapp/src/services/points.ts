import type {
  AdjustPointsRequest,
  AdjustPointsResponse,
  CancelMallOrderRequest,
  CreateMallItemRequest,
  EarnReason,
  EarnRulesResponse,
  FulfilMallOrderRequest,
  MallItemListQuery,
  MallItemListResponse,
  MallItemResponse,
  MallOrderListResponse,
  MallOrderResponse,
  MallOrderStatus,
  MemberMallItemListResponse,
  MemberPointsResponse,
  MyPointsResponse,
  PointEntryListResponse,
  PutEarnRuleRequest,
  ReconciliationListResponse,
  RedeemRequest,
  RedeemResponse,
  SignInResponse,
  StaffMallOrderListQuery,
  StaffMallOrderListResponse,
  StaffMallOrderResponse,
  UpdateMallItemRequest,
} from '@smartunion/contracts';

import { apiDelete, apiGet, apiPatch, apiPost, apiPut } from './api';

/** 积分 and 积分商城: the member's points, sign-in, the mall and its orders; handing orders over. */
const BASE = '/api/v1/points';
const id = (value: string): string => encodeURIComponent(value);

export function myPoints(): Promise<MyPointsResponse> {
  return apiGet<MyPointsResponse>(`${BASE}/me`);
}

export function myEntries(page = 1, pageSize = 20): Promise<PointEntryListResponse> {
  return apiGet<PointEntryListResponse>(`${BASE}/me/entries`, { page, pageSize });
}

/** 每日签到; a second tap the same day answers the same sign-in (alreadySigned). */
export function signIn(): Promise<SignInResponse> {
  return apiPost<SignInResponse>(`${BASE}/sign-in`);
}

export function mallItems(page = 1, pageSize = 50): Promise<MemberMallItemListResponse> {
  return apiGet<MemberMallItemListResponse>(`${BASE}/mall/items`, { page, pageSize });
}

/** Redeems once per requestId: send the same requestId again on a retry and nothing is spent twice. */
export function redeem(itemId: string, body: RedeemRequest): Promise<RedeemResponse> {
  return apiPost<RedeemResponse>(`${BASE}/mall/items/${id(itemId)}/redeem`, body);
}

export function myOrders(page = 1, status?: MallOrderStatus): Promise<MallOrderListResponse> {
  return apiGet<MallOrderListResponse>(`${BASE}/mall/my-orders`, { page, status });
}

/** One order with its pickup QR (while it awaits pickup). */
export function myOrder(orderId: string): Promise<MallOrderResponse> {
  return apiGet<MallOrderResponse>(`${BASE}/mall/my-orders/${id(orderId)}`);
}

export function cancelMyOrder(orderId: string): Promise<MallOrderResponse> {
  return apiPost<MallOrderResponse>(`${BASE}/mall/my-orders/${id(orderId)}/cancel`);
}

/** Workbench: the order a member's 8-digit pickup code names. */
export function orderByPickupCode(code: string): Promise<StaffMallOrderResponse> {
  return apiGet<StaffMallOrderResponse>(`${BASE}/mall/pickup/${id(code)}`);
}

export function fulfilOrder(orderId: string, pickupCode: string): Promise<StaffMallOrderResponse> {
  const body: FulfilMallOrderRequest = { pickupCode };
  return apiPost<StaffMallOrderResponse>(`${BASE}/mall/orders/${id(orderId)}/fulfil`, body);
}

// ---------------------------------------------------------------------------------------------- workbench (points:manage)

/** The mall items of the caller's scope (or of one org's subtree), newest first. */
export function adminMallItems(query: MallItemListQuery = {}): Promise<MallItemListResponse> {
  return apiGet<MallItemListResponse>(`${BASE}/mall/admin/items`, { ...query });
}

export function adminMallItem(itemId: string): Promise<MallItemResponse> {
  return apiGet<MallItemResponse>(`${BASE}/mall/admin/items/${id(itemId)}`);
}

export function createMallItem(body: CreateMallItemRequest): Promise<MallItemResponse> {
  return apiPost<MallItemResponse>(`${BASE}/mall/admin/items`, body);
}

/** Edits an item; stock moves by `stockDelta`, never to an absolute number. */
export function updateMallItem(itemId: string, body: UpdateMallItemRequest): Promise<MallItemResponse> {
  return apiPatch<MallItemResponse>(`${BASE}/mall/admin/items/${id(itemId)}`, body);
}

/** Orders of the scope's items (pickup codes masked), e.g. of one item. */
export function adminMallOrders(query: StaffMallOrderListQuery = {}): Promise<StaffMallOrderListResponse> {
  return apiGet<StaffMallOrderListResponse>(`${BASE}/mall/admin/orders`, { ...query });
}

/** Cancels an order awaiting pickup: the points go back to the member and the stock to the item, once. */
export function cancelMallOrder(orderId: string, reason: string): Promise<StaffMallOrderResponse> {
  const body: CancelMallOrderRequest = { reason };
  return apiPost<StaffMallOrderResponse>(`${BASE}/mall/admin/orders/${id(orderId)}/cancel`, body);
}

/** The earn rules in force for members of an org of the scope, marking those the org set itself. */
export function earnRules(orgId: string): Promise<EarnRulesResponse> {
  return apiGet<EarnRulesResponse>(`${BASE}/rules`, { orgId });
}

export function putEarnRule(body: PutEarnRuleRequest): Promise<EarnRulesResponse> {
  return apiPut<EarnRulesResponse>(`${BASE}/rules`, body);
}

/** Removes the org's own rule: its members fall back to the upper org's rule or the default. */
export function deleteEarnRule(orgId: string, reason: EarnReason): Promise<EarnRulesResponse> {
  return apiDelete<EarnRulesResponse>(`${BASE}/rules`, { orgId, reason });
}

/** A member of the scope's account and recent entries. */
export function memberPoints(memberId: string): Promise<MemberPointsResponse> {
  return apiGet<MemberPointsResponse>(`${BASE}/members/${id(memberId)}`);
}

/** 工会调整: made once per requestId; send the same requestId again on a retry. */
export function adjustPoints(body: AdjustPointsRequest): Promise<AdjustPointsResponse> {
  return apiPost<AdjustPointsResponse>(`${BASE}/adjustments`, body);
}

/** Reconciliation reports, newest first, each listing the mismatched accounts inside the scope. */
export function reconciliations(page = 1, pageSize = 1): Promise<ReconciliationListResponse> {
  return apiGet<ReconciliationListResponse>(`${BASE}/reconciliations`, { page, pageSize });
}

import {
  type CouponTemplateListResponse,
  type CreateFlashDropRequest,
  type FlashDropListQuery,
  type FlashDropListResponse,
  type FlashDropResponse,
  IDEMPOTENCY_KEY_HEADER,
  type GrabResponse,
  type MemberFlashDropsResponse,
  type ServerTimeResponse,
} from '@smartunion/contracts';

import { apiGet, apiGetPublic, apiPost } from './api';

/** 线上秒杀: the member's drops and the grab; staff scheduling in the workbench. */
const BASE = '/api/v1/benefits/flash-drops';
const id = (value: string): string => encodeURIComponent(value);

/** The drops of the member's union and the unions above it, with the server's time of the answer. */
export function myFlashDrops(): Promise<MemberFlashDropsResponse> {
  return apiGet<MemberFlashDropsResponse>(`${BASE}/mine`);
}

/**
 * One grab. `idempotencyKey` is drawn once per tap and sent again on a retry of that tap, so a retry after a
 * lost answer gets the first answer (the coupon granted then) instead of a second try.
 */
export function grabFlashDrop(dropId: string, idempotencyKey: string): Promise<GrabResponse> {
  return apiPost<GrabResponse>(`${BASE}/${id(dropId)}/grab`, undefined, {
    [IDEMPOTENCY_KEY_HEADER]: idempotencyKey,
  });
}

/**
 * How far the device clock is behind the server's (ms to add to Date.now()), half the round trip taken as
 * the answer's age: countdowns must not trust the phone's clock.
 */
export async function serverClockOffset(): Promise<number> {
  const sent = Date.now();
  const { now } = await apiGetPublic<ServerTimeResponse>('/api/v1/time');
  const received = Date.now();
  return now + (received - sent) / 2 - received;
}

// ---------------------------------------------------------------------------------------------- workbench

export function listFlashDrops(query: FlashDropListQuery = {}): Promise<FlashDropListResponse> {
  return apiGet<FlashDropListResponse>(BASE, { ...query });
}

export function createFlashDrop(request: CreateFlashDropRequest): Promise<FlashDropResponse> {
  return apiPost<FlashDropResponse>(BASE, request);
}

export function cancelFlashDrop(dropId: string): Promise<FlashDropResponse> {
  return apiPost<FlashDropResponse>(`${BASE}/${id(dropId)}/cancel`);
}

/** Active coupon templates of the caller's scope, to make a drop of (benefits:manage). */
export function flashTemplates(): Promise<CouponTemplateListResponse> {
  return apiGet<CouponTemplateListResponse>('/api/v1/benefits/coupon-templates', {
    status: 'active',
    pageSize: 100,
  });
}

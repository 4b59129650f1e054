import type {
  ApplyEstablishmentRequest,
  EstablishmentListResponse,
  EstablishmentResponse,
  RejectRequest,
  ReviewEstablishmentsQuery,
  UpperUnionListResponse,
  UpperUnionQuery,
} from '@smartunion/contracts';

import { apiGet, apiPost } from './api';

const BASE = '/api/v1/establishments';
const id = (value: string): string => encodeURIComponent(value);

/** Upper-level unions an enterprise may apply under, by part of the name. */
export function searchUpperUnions(query: UpperUnionQuery): Promise<UpperUnionListResponse> {
  return apiGet<UpperUnionListResponse>(`${BASE}/upper-unions`, { ...query });
}

export function applyEstablishment(request: ApplyEstablishmentRequest): Promise<EstablishmentResponse> {
  return apiPost<EstablishmentResponse>(BASE, request);
}

export function listMyEstablishments(page = 1): Promise<EstablishmentListResponse> {
  return apiGet<EstablishmentListResponse>(`${BASE}/mine`, { page });
}

export function listEstablishmentsForReview(
  query: ReviewEstablishmentsQuery,
): Promise<EstablishmentListResponse> {
  return apiGet<EstablishmentListResponse>(`${BASE}/review`, { ...query });
}

export function approveEstablishment(establishmentId: string): Promise<EstablishmentResponse> {
  return apiPost<EstablishmentResponse>(`${BASE}/review/${id(establishmentId)}/approve`);
}

export function rejectEstablishment(establishmentId: string, reason: string): Promise<EstablishmentResponse> {
  const body: RejectRequest = { reason };
  return apiPost<EstablishmentResponse>(`${BASE}/review/${id(establishmentId)}/reject`, body);
}

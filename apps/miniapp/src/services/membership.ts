import type {
  JoinApplicationResponse,
  JoinCodeInfoResponse,
  JoinUnionListResponse,
  JoinUnionQuery,
  MemberCardResponse,
  MemberEventResponse,
  MyMembershipResponse,
  RequestTransferRequest,
  SubmitJoinApplicationRequest,
  TransferListResponse,
  TransferResponse,
  VerificationResponse,
} from '@smartunion/contracts';

import { apiGet, apiGetPublic, apiPost } from './api';

const BASE = '/api/v1/membership';
const id = (value: string): string => encodeURIComponent(value);

/** Public: the union a scanned join code admits to, shown before the worker logs in. */
export function resolveJoinCode(code: string): Promise<JoinCodeInfoResponse> {
  return apiGetPublic<JoinCodeInfoResponse>(`${BASE}/join-codes/resolve`, { code });
}

/** 找工会入会: unions taking applications online, by a part of their name or of a place above them. */
export function findJoinUnions(query: JoinUnionQuery): Promise<JoinUnionListResponse> {
  return apiGet<JoinUnionListResponse>(`${BASE}/join-unions`, { ...query });
}

/** Files a join application (the same pending one again on a repeat). */
export function submitApplication(request: SubmitJoinApplicationRequest): Promise<JoinApplicationResponse> {
  return apiPost<JoinApplicationResponse>(`${BASE}/applications`, request);
}

export function withdrawApplication(applicationId: string): Promise<JoinApplicationResponse> {
  return apiPost<JoinApplicationResponse>(`${BASE}/applications/${id(applicationId)}/withdraw`);
}

/** The caller's membership, newest application and open transfer. */
export function getMyMembership(): Promise<MyMembershipResponse> {
  return apiGet<MyMembershipResponse>(`${BASE}/me`);
}

export function getMyEvents(): Promise<MemberEventResponse[]> {
  return apiGet<MemberEventResponse[]>(`${BASE}/me/events`);
}

/** Runs real-name verification again (limited per day by the API). */
export function verifyMe(): Promise<VerificationResponse> {
  return apiPost<VerificationResponse>(`${BASE}/me/verify`);
}

/** The member card with a fresh short-lived QR. */
export function getCard(): Promise<MemberCardResponse> {
  return apiGet<MemberCardResponse>(`${BASE}/card`);
}

export function requestTransfer(request: RequestTransferRequest): Promise<TransferResponse> {
  return apiPost<TransferResponse>(`${BASE}/transfers`, request);
}

export function listMyTransfers(page = 1): Promise<TransferListResponse> {
  return apiGet<TransferListResponse>(`${BASE}/transfers/mine`, { page });
}

export function cancelTransfer(transferId: string): Promise<TransferResponse> {
  return apiPost<TransferResponse>(`${BASE}/transfers/${id(transferId)}/cancel`);
}

import type {
  BatchApproveRequest,
  BatchApproveResponse,
  CheckCardRequest,
  CheckCardResponse,
  CreateJoinCodeRequest,
  JoinApplicationListResponse,
  JoinApplicationResponse,
  JoinCodeListResponse,
  JoinCodeResponse,
  MemberListQuery,
  MemberListResponse,
  RejectRequest,
  ReviewApplicationsQuery,
  ReviewTransfersQuery,
  TransferListResponse,
  TransferResponse,
} from '@smartunion/contracts';

import { apiGet, apiPost } from './api';

// The workbench side of membership: join codes, the review queues, the roster and card checks.

const BASE = '/api/v1/membership';
const id = (value: string): string => encodeURIComponent(value);

export function listJoinCodes(orgId: string, page = 1): Promise<JoinCodeListResponse> {
  return apiGet<JoinCodeListResponse>(`${BASE}/join-codes`, { orgId, page });
}

export function createJoinCode(request: CreateJoinCodeRequest): Promise<JoinCodeResponse> {
  return apiPost<JoinCodeResponse>(`${BASE}/join-codes`, request);
}

export function revokeJoinCode(codeId: string): Promise<JoinCodeResponse> {
  return apiPost<JoinCodeResponse>(`${BASE}/join-codes/${id(codeId)}/revoke`);
}

/** Applications in scope, oldest first (pending unless another status is asked for). */
export function listApplications(query: ReviewApplicationsQuery): Promise<JoinApplicationListResponse> {
  return apiGet<JoinApplicationListResponse>(`${BASE}/review/applications`, { ...query });
}

export function approveApplication(applicationId: string): Promise<JoinApplicationResponse> {
  return apiPost<JoinApplicationResponse>(`${BASE}/review/applications/${id(applicationId)}/approve`);
}

export function rejectApplication(applicationId: string, reason: string): Promise<JoinApplicationResponse> {
  const body: RejectRequest = { reason };
  return apiPost<JoinApplicationResponse>(`${BASE}/review/applications/${id(applicationId)}/reject`, body);
}

export function batchApprove(ids: string[]): Promise<BatchApproveResponse> {
  const body: BatchApproveRequest = { ids };
  return apiPost<BatchApproveResponse>(`${BASE}/review/applications/batch-approve`, body);
}

export function listMembers(query: MemberListQuery): Promise<MemberListResponse> {
  return apiGet<MemberListResponse>(`${BASE}/members`, { ...query });
}

export function listTransfersForReview(query: ReviewTransfersQuery): Promise<TransferListResponse> {
  return apiGet<TransferListResponse>(`${BASE}/review/transfers`, { ...query });
}

export function approveTransfer(transferId: string): Promise<TransferResponse> {
  return apiPost<TransferResponse>(`${BASE}/review/transfers/${id(transferId)}/approve`);
}

export function rejectTransfer(transferId: string, reason: string): Promise<TransferResponse> {
  const body: RejectRequest = { reason };
  return apiPost<TransferResponse>(`${BASE}/review/transfers/${id(transferId)}/reject`, body);
}

/** A station master, merchant or cadre checks the QR a member shows. */
export function checkCard(token: string): Promise<CheckCardResponse> {
  const body: CheckCardRequest = { token };
  return apiPost<CheckCardResponse>(`${BASE}/card/check`, body);
}

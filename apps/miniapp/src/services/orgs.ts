import type { OrgDetailResponse, OrgListQuery, OrgListResponse } from '@smartunion/contracts';

import { apiGet } from './api';

/** Children of `parentId`, a search within the caller's scope, or (with neither) the roots of that scope. */
export function listOrgs(query: OrgListQuery = {}): Promise<OrgListResponse> {
  return apiGet<OrgListResponse>('/api/v1/orgs', { ...query });
}

/** One organisation in scope, with its ancestors for the breadcrumb. */
export function getOrg(id: string): Promise<OrgDetailResponse> {
  return apiGet<OrgDetailResponse>(`/api/v1/orgs/${encodeURIComponent(id)}`);
}

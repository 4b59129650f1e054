import type { OrgDetailResponse, OrgRef, OrgResponse } from '@smartunion/contracts';

import type { OrgWithCount } from './orgs.repository';

export const toOrgRef = (o: OrgWithCount): OrgRef => ({
  id: o.id,
  name: o.name,
  type: o.type,
  areaCode: o.areaCode,
});

export function toOrgResponse(o: OrgWithCount): OrgResponse {
  return {
    ...toOrgRef(o),
    code: o.code,
    parentId: o.parentId,
    path: o.path,
    depth: o.path.split('.').length,
    childCount: o.childCount,
    createdAt: o.createdAt.toISOString(),
    updatedAt: o.updatedAt.toISOString(),
  };
}

export const toOrgDetail = (o: OrgWithCount, ancestors: OrgWithCount[]): OrgDetailResponse => ({
  ...toOrgResponse(o),
  ancestors: ancestors.map(toOrgRef),
});

/** What the audit log keeps of an org. */
export const auditShape = (o: OrgWithCount): Record<string, unknown> => ({
  code: o.code,
  name: o.name,
  type: o.type,
  areaCode: o.areaCode,
  parentId: o.parentId,
  path: o.path,
});

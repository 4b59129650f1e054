import { maskMobile, type MemberResponse, type OrgRef } from '@smartunion/contracts';

import type { MemberRow } from './members.repository';

export const memberOrgRef = (
  m: Pick<MemberRow, 'orgId' | 'orgName' | 'orgType' | 'orgAreaCode'>,
): OrgRef => ({
  id: m.orgId,
  name: m.orgName,
  type: m.orgType,
  areaCode: m.orgAreaCode,
});

/** A member as every response shows it: ID number and mobile masked. */
export function toMemberResponse(m: MemberRow): MemberResponse {
  return {
    id: m.id,
    memberNo: m.memberNo,
    name: m.name,
    org: memberOrgRef(m),
    status: m.status,
    mobile: maskMobile(m.mobile),
    idNumber: m.idMasked,
    gender: m.gender,
    birthDate: m.birthDate,
    employer: m.employer,
    occupation: m.occupation,
    newEmploymentForm: m.newEmploymentForm,
    verification: m.verification,
    verifiedAt: m.verifiedAt?.toISOString() ?? null,
    joinedAt: m.joinedAt.toISOString(),
    source: m.source,
  };
}

/** What the audit log keeps of a member: never the ID number or mobile in clear. */
export function memberAuditShape(m: MemberRow): Record<string, unknown> {
  return {
    memberNo: m.memberNo,
    name: m.name,
    orgId: m.orgId,
    status: m.status,
    idNumber: m.idMasked,
    verification: m.verification,
  };
}

import { ageOn, businessDay, type JoinApplicationResponse, maskMobile } from '@smartunion/contracts';

import type { ApplicationRow } from './applications.repository';

/** An application as responses show it: ID number and mobile masked, age at submission. */
export function toApplicationResponse(a: ApplicationRow): JoinApplicationResponse {
  return {
    id: a.id,
    status: a.status,
    org: { id: a.orgId, name: a.orgName, type: a.orgType, areaCode: a.orgAreaCode },
    name: a.name,
    mobile: maskMobile(a.mobile),
    idNumber: a.idMasked,
    gender: a.gender,
    age: ageOn(a.birthDate, businessDay(a.createdAt)),
    employer: a.employer,
    occupation: a.occupation,
    newEmploymentForm: a.newEmploymentForm,
    verification: a.verification,
    rejectReason: a.rejectReason,
    decidedAt: a.decidedAt?.toISOString() ?? null,
    createdAt: a.createdAt.toISOString(),
  };
}

/** What the audit log keeps of an application. */
export function applicationAuditShape(a: ApplicationRow): Record<string, unknown> {
  return {
    status: a.status,
    orgId: a.orgId,
    name: a.name,
    idNumber: a.idMasked,
    rejectReason: a.rejectReason,
    memberId: a.memberId,
  };
}

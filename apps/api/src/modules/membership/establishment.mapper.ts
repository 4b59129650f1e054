import { type EstablishmentResponse, maskMobile } from '@smartunion/contracts';

import type { EstablishmentRow } from './establishments.repository';

/** An application as every response shows it: founding members' mobiles masked. */
export function toEstablishmentResponse(e: EstablishmentRow): EstablishmentResponse {
  return {
    id: e.id,
    status: e.status,
    enterpriseName: e.enterpriseName,
    creditCode: e.creditCode,
    address: e.address,
    parent: { id: e.parent.id, name: e.parent.name, type: e.parent.type, areaCode: e.parent.areaCode },
    employeeCount: e.employeeCount,
    foundingMembers: e.foundingMembers.map((m) => ({ name: m.name, mobile: maskMobile(m.mobile) })),
    applicantName: e.applicantName,
    createdOrg: e.createdOrg,
    rejectReason: e.rejectReason,
    decidedAt: e.decidedAt?.toISOString() ?? null,
    createdAt: e.createdAt.toISOString(),
  };
}

/** What the audit log keeps of an application: no mobiles. */
export const establishmentAuditShape = (e: EstablishmentRow): Record<string, unknown> => ({
  enterpriseName: e.enterpriseName,
  creditCode: e.creditCode,
  parentOrgId: e.parent.id,
  employeeCount: e.employeeCount,
  foundingMembers: e.foundingMembers.length,
  status: e.status,
  createdOrgId: e.createdOrg?.id ?? null,
  rejectReason: e.rejectReason,
});

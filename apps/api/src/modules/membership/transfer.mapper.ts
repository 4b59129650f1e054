import type { OrgRef, TransferResponse } from '@smartunion/contracts';

import type { TransferOrg, TransferRow } from './transfers.repository';

const orgRef = (o: TransferOrg): OrgRef => ({ id: o.id, name: o.name, type: o.type, areaCode: o.areaCode });

export function toTransferResponse(t: TransferRow): TransferResponse {
  return {
    id: t.id,
    status: t.status,
    memberNo: t.memberNo,
    memberName: t.memberName,
    from: orgRef(t.from),
    to: orgRef(t.to),
    reason: t.reason,
    rejectReason: t.rejectReason,
    outDecidedAt: t.outDecidedAt?.toISOString() ?? null,
    inDecidedAt: t.inDecidedAt?.toISOString() ?? null,
    createdAt: t.createdAt.toISOString(),
  };
}

/** What the audit log keeps of a transfer. */
export const transferAuditShape = (t: TransferRow): Record<string, unknown> => ({
  memberNo: t.memberNo,
  status: t.status,
  fromOrgId: t.from.id,
  toOrgId: t.to.id,
  reason: t.reason,
  rejectReason: t.rejectReason,
});

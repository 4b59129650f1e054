import {
  type ClaimableCouponResponse,
  couponValueLabel,
  type CouponTemplateResponse,
} from '@smartunion/contracts';

import type { ClaimableRow, NewTemplate, TemplateRow } from './coupon-templates.repository';

export const remainingOf = (t: Pick<TemplateRow, 'totalStock' | 'issued' | 'reserved'>): number =>
  Math.max(0, t.totalStock - t.issued - t.reserved);

export function toTemplateResponse(t: TemplateRow): CouponTemplateResponse {
  return {
    id: t.id,
    merchant: { id: t.merchantId, name: t.merchantName },
    org: { id: t.orgId, name: t.orgName, type: t.orgType, areaCode: t.orgAreaCode },
    title: t.title,
    description: t.description,
    kind: t.kind,
    amountOffCents: t.amountOffCents,
    discountPercent: t.discountPercent,
    itemName: t.itemName,
    minSpendCents: t.minSpendCents,
    valueLabel: couponValueLabel(t),
    validFrom: t.validFrom.toISOString(),
    validTo: t.validTo.toISOString(),
    validDaysAfterClaim: t.validDaysAfterClaim,
    perMemberLimit: t.perMemberLimit,
    totalStock: t.totalStock,
    issued: t.issued,
    reserved: t.reserved,
    remaining: remainingOf(t),
    occupations: t.occupations,
    verifiedOnly: t.verifiedOnly,
    claimable: t.claimable,
    status: t.status,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
  };
}

export function toClaimableResponse(t: ClaimableRow): ClaimableCouponResponse {
  const remaining = remainingOf(t);
  return {
    templateId: t.id,
    merchant: { id: t.merchantId, name: t.merchantName },
    title: t.title,
    description: t.description,
    kind: t.kind,
    valueLabel: couponValueLabel(t),
    minSpendCents: t.minSpendCents,
    validFrom: t.validFrom.toISOString(),
    validTo: t.validTo.toISOString(),
    validDaysAfterClaim: t.validDaysAfterClaim,
    perMemberLimit: t.perMemberLimit,
    verifiedOnly: t.verifiedOnly,
    occupations: t.occupations,
    remaining,
    claimed: t.claimed,
    canClaim: remaining > 0 && t.claimed < t.perMemberLimit,
  };
}

/** What the audit log keeps of a template. */
export function templateAuditShape(t: NewTemplate): Record<string, unknown> {
  return {
    merchantId: t.merchantId,
    orgId: t.orgId,
    title: t.title,
    kind: t.kind,
    value: couponValueLabel(t),
    validFrom: t.validFrom.toISOString(),
    validTo: t.validTo.toISOString(),
    validDaysAfterClaim: t.validDaysAfterClaim,
    perMemberLimit: t.perMemberLimit,
    totalStock: t.totalStock,
    occupations: t.occupations,
    verifiedOnly: t.verifiedOnly,
    claimable: t.claimable,
    status: t.status,
  };
}

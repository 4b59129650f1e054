import {
  couponValueLabel,
  type FlashDropResponse,
  type FlashDropStatus,
  type FlashTemplateRef,
  type MemberFlashDropResponse,
} from '@smartunion/contracts';

import type { DropRow, DropTemplate, MemberDropRow } from './flash-drops.repository';

/** What a drop looks like at `now`, given the coupons left. */
export function dropStatus(d: DropRow, remaining: number, now: number): FlashDropStatus {
  if (d.status === 'cancelled') return 'cancelled';
  if (d.status === 'ended' || d.status === 'reconciled' || now >= d.endsAt.getTime()) return 'ended';
  if (now < d.startsAt.getTime()) return 'upcoming';
  return remaining <= 0 ? 'sold_out' : 'live';
}

function templateRef(t: DropTemplate): FlashTemplateRef {
  return {
    id: t.id,
    title: t.title,
    description: t.description,
    kind: t.kind,
    valueLabel: couponValueLabel(t),
    minSpendCents: t.minSpendCents,
    merchant: { id: t.merchantId, name: t.merchantName },
    validFrom: t.validFrom.toISOString(),
    validTo: t.validTo.toISOString(),
  };
}

export function toFlashDropResponse(d: DropRow, remaining: number, now: number): FlashDropResponse {
  return {
    id: d.id,
    title: d.title,
    template: templateRef(d.template),
    org: { id: d.orgId, name: d.orgName, type: d.orgType, areaCode: d.orgAreaCode },
    stock: d.stock,
    perMemberLimit: d.perMemberLimit,
    startsAt: d.startsAt.toISOString(),
    endsAt: d.endsAt.toISOString(),
    occupations: d.occupations,
    verifiedOnly: d.verifiedOnly,
    status: dropStatus(d, remaining, now),
    granted: d.granted,
    remaining,
    preheatedAt: d.preheatedAt?.toISOString() ?? null,
    audienceSize: d.audienceSize,
    returned: d.returned,
    reconciledAt: d.reconciledAt?.toISOString() ?? null,
    reconciliation: d.reconciliation,
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
  };
}

export function toMemberFlashDrop(
  d: MemberDropRow,
  remaining: number,
  now: number,
  eligible: boolean,
): MemberFlashDropResponse {
  return {
    id: d.id,
    title: d.title,
    template: templateRef(d.template),
    orgName: d.orgName,
    stock: d.stock,
    remaining,
    perMemberLimit: d.perMemberLimit,
    startsAt: d.startsAt.toISOString(),
    endsAt: d.endsAt.toISOString(),
    status: dropStatus(d, remaining, now),
    verifiedOnly: d.verifiedOnly,
    occupations: d.occupations,
    eligible,
    myCouponIds: d.myCouponIds,
  };
}

import { couponValueLabel, type CouponResponse } from '@smartunion/contracts';

import type { CouponRow } from './coupons.repository';

export function toCouponResponse(c: CouponRow): CouponResponse {
  return {
    id: c.id,
    templateId: c.templateId,
    merchant: { id: c.merchantId, name: c.merchantName },
    title: c.title,
    description: c.description,
    kind: c.kind,
    valueLabel: couponValueLabel(c),
    amountOffCents: c.amountOffCents,
    discountPercent: c.discountPercent,
    itemName: c.itemName,
    minSpendCents: c.minSpendCents,
    source: c.source,
    status: c.status,
    validFrom: c.validFrom.toISOString(),
    validTo: c.validTo.toISOString(),
    claimedAt: c.claimedAt.toISOString(),
    usedAt: c.usedAt?.toISOString() ?? null,
    usedStore: c.usedStoreId ? { id: c.usedStoreId, name: c.usedStoreName ?? '' } : null,
  };
}

import type { MyWelfareItem, WelfareCampaignResponse } from '@smartunion/contracts';

import type { MyAllocationRow } from './allocations.repository';
import type { CampaignRow } from './campaigns.repository';

/** Published and inside its window at `now`: pick-ups are accepted. */
export const isOpen = (c: Pick<CampaignRow, 'status' | 'startsAt' | 'endsAt'>, now: Date): boolean =>
  c.status === 'published' && c.startsAt <= now && now < c.endsAt;

export function toCampaignResponse(c: CampaignRow, now: Date): WelfareCampaignResponse {
  return {
    id: c.id,
    org: c.org,
    title: c.title,
    goods: c.goods,
    unit: c.unit,
    description: c.description,
    quantityPerMember: c.quantityPerMember,
    occupations: c.occupations,
    verifiedOnly: c.verifiedOnly,
    regions: c.regions.map((r) => ({ id: r.id, name: r.name, type: r.type, areaCode: r.areaCode })),
    stations: c.stations,
    startsAt: c.startsAt.toISOString(),
    endsAt: c.endsAt.toISOString(),
    status: c.status,
    open: isOpen(c, now),
    publishedAt: c.publishedAt?.toISOString() ?? null,
    closedAt: c.closedAt?.toISOString() ?? null,
    allocatedAt: c.allocatedAt?.toISOString() ?? null,
    allotted: c.allotted,
    pickedUp: c.pickedUp,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

export function toMyWelfareItem(a: MyAllocationRow): MyWelfareItem {
  return {
    allocationId: a.id,
    campaign: {
      ...a.campaign,
      startsAt: a.campaign.startsAt.toISOString(),
      endsAt: a.campaign.endsAt.toISOString(),
    },
    quantity: a.quantity,
    status: a.status,
    open: a.open,
    stations: a.stations,
    pickedUpAt: a.pickedUpAt?.toISOString() ?? null,
    pickedUpStation: a.pickedUpStation,
  };
}

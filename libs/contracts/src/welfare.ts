/**
 * Welfare campaigns (智送清凉 and the like): goods for the members of a region and occupations, a quantity
 * each, picked up at a station and written off there.
 */
import type { Paged } from './common';
import type { Occupation } from './membership';
import type { OrgRef } from './orgs';

export const WelfareCampaignStatus = {
  Draft: 'draft',
  Published: 'published',
  Closed: 'closed',
} as const;
export type WelfareCampaignStatus = (typeof WelfareCampaignStatus)[keyof typeof WelfareCampaignStatus];
export const WELFARE_CAMPAIGN_STATUSES: readonly WelfareCampaignStatus[] =
  Object.values(WelfareCampaignStatus);

export const WELFARE_CAMPAIGN_STATUS_LABELS: Readonly<Record<WelfareCampaignStatus, string>> = {
  draft: '草稿',
  published: '发放中',
  closed: '已结束',
};

export const WelfareAllocationStatus = {
  Allotted: 'allotted',
  PickedUp: 'picked_up',
} as const;
export type WelfareAllocationStatus = (typeof WelfareAllocationStatus)[keyof typeof WelfareAllocationStatus];

export const WELFARE_ALLOCATION_STATUS_LABELS: Readonly<Record<WelfareAllocationStatus, string>> = {
  allotted: '待领取',
  picked_up: '已领取',
};

/** A pick-up QR lives this long: a screenshot passed around is useless soon after. */
export const WELFARE_CODE_TTL_SECONDS = 120;
export const MAX_WELFARE_QUANTITY = 99;
export const MAX_WELFARE_STATIONS = 30;
export const MAX_WELFARE_REGIONS = 50;
export const MAX_WELFARE_TITLE_LENGTH = 60;
export const MAX_WELFARE_GOODS_LENGTH = 200;
export const MAX_WELFARE_DESCRIPTION_LENGTH = 500;
export const MAX_WELFARE_UNIT_LENGTH = 6;

/** A pick-up station as members and station masters see it. */
export interface WelfareStationRef {
  id: string;
  name: string;
  address: string;
}

// ------------------------------------------------------------------------------------------- staff: campaigns

export interface CreateWelfareCampaignRequest {
  /** The organising union; members of its subtree are targeted. */
  orgId: string;
  title: string;
  /** What one share holds, e.g. "藿香正气水 2 盒、绿豆沙 6 罐、防晒冰袖 1 副". */
  goods: string;
  /** Unit of {@link quantityPerMember}, default 份. */
  unit?: string;
  description?: string;
  quantityPerMember: number;
  /** Occupation codes of members' records; at least one. */
  occupations: Occupation[];
  verifiedOnly?: boolean;
  /** Optional narrower orgs inside the organising union's subtree; empty means the whole subtree. */
  regionOrgIds?: string[];
  /** Pick-up stations, within the caller's scope and the organising union's subtree. */
  stationIds: string[];
  startsAt: string;
  endsAt: string;
}

/** Drafts only; the organising union does not change. */
export type UpdateWelfareCampaignRequest = Partial<Omit<CreateWelfareCampaignRequest, 'orgId'>>;

export interface WelfareCampaignListQuery {
  status?: WelfareCampaignStatus;
  page?: number;
  pageSize?: number;
}

export interface WelfareCampaignResponse {
  id: string;
  org: OrgRef;
  title: string;
  goods: string;
  unit: string;
  description: string;
  quantityPerMember: number;
  occupations: Occupation[];
  verifiedOnly: boolean;
  regions: OrgRef[];
  stations: WelfareStationRef[];
  startsAt: string;
  endsAt: string;
  status: WelfareCampaignStatus;
  /** Published and within its window: pick-ups are accepted. */
  open: boolean;
  publishedAt: string | null;
  closedAt: string | null;
  /** When allocation last ran (publish, then daily while published). */
  allocatedAt: string | null;
  /** Members allotted a share, and of them those who picked it up (whole campaign). */
  allotted: number;
  pickedUp: number;
  createdAt: string;
  updatedAt: string;
}

export type WelfareCampaignListResponse = Paged<WelfareCampaignResponse>;

/** Allotted vs picked up of one group (a city federation, or a county for a city-level campaign) or station. */
export interface WelfareProgressCounts {
  /** Members allotted a share. */
  allotted: number;
  pickedUp: number;
  /** The same in goods units (shares × quantity). */
  allottedQuantity: number;
  pickedUpQuantity: number;
}

export interface WelfareProgressGroup extends WelfareProgressCounts {
  org: OrgRef;
}

export interface WelfareStationProgress {
  station: WelfareStationRef;
  pickedUp: number;
  pickedUpQuantity: number;
}

/**
 * Progress limited to the members in the caller's scope, grouped by the organising union's children: per city
 * federation for a province campaign, per county for a city campaign. Members of the organising union itself
 * form a group of their own.
 */
export interface WelfareProgressResponse {
  campaignId: string;
  totals: WelfareProgressCounts;
  groups: WelfareProgressGroup[];
  stations: WelfareStationProgress[];
}

// ------------------------------------------------------------------------------------------------ member

export interface MyWelfareItem {
  allocationId: string;
  campaign: {
    id: string;
    title: string;
    goods: string;
    unit: string;
    description: string;
    org: OrgRef;
    startsAt: string;
    endsAt: string;
    status: WelfareCampaignStatus;
  };
  quantity: number;
  status: WelfareAllocationStatus;
  /** A pick-up code can be issued now: allotted, campaign published and in its window. */
  open: boolean;
  stations: WelfareStationRef[];
  pickedUpAt: string | null;
  pickedUpStation: WelfareStationRef | null;
}

export interface MyWelfareResponse {
  items: MyWelfareItem[];
}

export interface WelfarePickupCodeResponse {
  allocationId: string;
  /** Short-lived signed token the station scans; refresh before {@link qrExpiresAt}. */
  qrToken: string;
  qrDataUrl: string;
  /** The 8-digit counter code standing for {@link qrToken}, for typing; lives exactly as long. */
  shortCode: string;
  qrExpiresAt: string;
}

// ----------------------------------------------------------------------------------------- station write-off

export interface WelfarePickupRequest {
  /** The token from the member's pick-up QR, or the typed 8-digit counter code beside it. */
  code: string;
  stationId: string;
}

export interface WelfarePickupResponse {
  allocationId: string;
  campaign: { id: string; title: string; goods: string; unit: string };
  quantity: number;
  /** Masked (王*军). */
  memberName: string;
  memberOrg: OrgRef;
  station: WelfareStationRef;
  pickedUpAt: string;
}

/** Details of a WELFARE_ALREADY_PICKED_UP refusal. */
export interface WelfareAlreadyPickedUpDetails {
  pickedUpAt: string;
  station: WelfareStationRef | null;
}

/** Stations where the caller may hand out goods of open campaigns (as master, or within scope). */
export interface WelfarePickupStationsResponse {
  items: (WelfareStationRef & { campaigns: { id: string; title: string; goods: string }[] })[];
}

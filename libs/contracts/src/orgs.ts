import type { Paged } from './common';

/** Levels of the union tree, top to bottom. A child is always of a deeper level than its parent. */
export const OrgType = {
  Province: 'province',
  City: 'city',
  County: 'county',
  Street: 'street',
  Grassroots: 'grassroots',
} as const;
export type OrgType = (typeof OrgType)[keyof typeof OrgType];
export const ORG_TYPES: readonly OrgType[] = Object.values(OrgType);

/** Depth rank of each level: province 0 … grassroots 4. */
export const ORG_TYPE_RANK: Readonly<Record<OrgType, number>> = {
  province: 0,
  city: 1,
  county: 2,
  street: 3,
  grassroots: 4,
};

export const ORG_TYPE_LABELS: Readonly<Record<OrgType, string>> = {
  province: '省总工会',
  city: '市总工会',
  county: '县(区)总工会',
  street: '街道/行业工会联合会',
  grassroots: '基层工会',
};

/** GB/T 2260 administrative division code: six digits. */
export const AREA_CODE_PATTERN = /^[1-8]\d{5}$/;
/** Organisation codes: letters, digits, '-' and '_' (a union's own code or its credit code). */
export const ORG_CODE_PATTERN = /^[A-Za-z0-9_-]{2,40}$/;

export interface OrgRef {
  id: string;
  name: string;
  type: OrgType;
  areaCode: string;
}

export interface OrgResponse extends OrgRef {
  code: string;
  parentId: string | null;
  /** ltree path of ids from the root, e.g. "1.12.140". */
  path: string;
  depth: number;
  childCount: number;
  createdAt: string;
  updatedAt: string;
}

/** An org with its ancestors' names, for breadcrumbs. */
export interface OrgDetailResponse extends OrgResponse {
  ancestors: OrgRef[];
}

export type OrgListResponse = Paged<OrgResponse>;

export interface CreateOrgRequest {
  code: string;
  name: string;
  type: OrgType;
  areaCode: string;
  parentId: string;
}

export interface UpdateOrgRequest {
  name?: string;
  code?: string;
  areaCode?: string;
}

export interface MoveOrgRequest {
  newParentId: string;
}

export interface OrgListQuery {
  parentId?: string;
  type?: OrgType;
  q?: string;
  page?: number;
  pageSize?: number;
}

/** CSV columns of an org-tree import, in this order. */
export const ORG_IMPORT_COLUMNS = ['code', 'name', 'type', 'area_code', 'parent_code'] as const;

export interface OrgImportResponse {
  created: number;
  /** Rows whose code already existed with the same name, type, area and parent: re-imports add nothing. */
  unchanged: number;
}

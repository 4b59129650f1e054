import type { Paged } from './common';
import type { CoordSystem, StationLevel } from './stations';

/**
 * Running the post-station network: patrols (巡查) by the federation that rated each station, monthly
 * rankings, the monthly report each city federation receives, and the map export.
 * Business months and days are Asia/Shanghai; a month is written 'YYYY-MM'.
 */

/** 'YYYY-MM', 2000-01 … 2099-12. */
export const MONTH_PATTERN = /^20\d{2}-(0[1-9]|1[0-2])$/;

// ---------------------------------------------------------------------------------------------- patrols

/** How often a station of each level must be patrolled, in months: yearly, every six months, quarterly. */
export const PATROL_INTERVAL_MONTHS: Readonly<Record<StationLevel, number>> = {
  province: 12,
  city: 6,
  county: 3,
};

/** The fixed patrol checklist; every patrol answers each item once. */
export const PatrolItem = {
  Facilities: 'facilities',
  Water: 'water',
  HeatingCooling: 'heating_cooling',
  Hygiene: 'hygiene',
  FirstAid: 'first_aid',
  Signage: 'signage',
  OpeningHours: 'opening_hours',
} as const;
export type PatrolItem = (typeof PatrolItem)[keyof typeof PatrolItem];
export const PATROL_ITEMS: readonly PatrolItem[] = Object.values(PatrolItem);

export const PATROL_ITEM_LABELS: Readonly<Record<PatrolItem, string>> = {
  facilities: '设施完好',
  water: '饮水供应',
  heating_cooling: '冷暖设备',
  hygiene: '卫生整洁',
  first_aid: '应急药箱',
  signage: '标识标牌',
  opening_hours: '开放时间执行',
};

export const MAX_PATROL_PHOTOS = 9;
export const MAX_PATROL_NOTE_LENGTH = 200;
export const MAX_PATROL_NOTES_LENGTH = 2000;

export interface PatrolCheck {
  item: PatrolItem;
  passed: boolean;
  note?: string;
}

export interface CreatePatrolRequest {
  /** Exactly one entry per {@link PATROL_ITEMS} item. */
  checklist: PatrolCheck[];
  notes?: string;
  photoUrls?: string[];
  /** When the patrol took place (ISO 8601); defaults to now. Not in the future, not before the station existed. */
  patrolledAt?: string;
}

export interface PatrolResponse {
  id: string;
  stationId: string;
  patrolledBy: { userId: string; displayName: string };
  /** The patrolling federation: the caller's scope org (outermost role binding) covering the station. */
  org: { id: string; name: string };
  patrolledAt: string;
  checklist: PatrolCheck[];
  /** Items failed. */
  failed: number;
  notes: string | null;
  photoUrls: string[];
  createdAt: string;
}

export type PatrolListResponse = Paged<PatrolResponse>;

export const PatrolDueStatus = {
  /** Due within the next `days` days, or already overdue. */
  Due: 'due',
  /** Past the due date. */
  Overdue: 'overdue',
  All: 'all',
} as const;
export type PatrolDueStatus = (typeof PatrolDueStatus)[keyof typeof PatrolDueStatus];
export const PATROL_DUE_STATUSES: readonly PatrolDueStatus[] = Object.values(PatrolDueStatus);
export const PATROL_DUE_DEFAULT_DAYS = 30;

export interface PatrolDueQuery {
  status?: PatrolDueStatus;
  /** With status=due: how far ahead to look, 0–366 days. */
  days?: number;
  page?: number;
  pageSize?: number;
}

export interface PatrolDueItem {
  stationId: string;
  name: string;
  level: StationLevel;
  org: { id: string; name: string };
  lastPatrol: { id: string; patrolledAt: string; failed: number } | null;
  /**
   * 'YYYY-MM-DD' (Asia/Shanghai): the last patrol's day plus the level's interval; a station never patrolled is
   * due on the day it was registered.
   */
  dueOn: string;
  /** Past `dueOn` today (Asia/Shanghai). */
  overdue: boolean;
  /** Negative when overdue. */
  daysLeft: number;
}

export type PatrolDueResponse = Paged<PatrolDueItem> & { today: string };

// ---------------------------------------------------------------------------------------------- ratings

export interface StationRatingRequest {
  /** 1–5. */
  score: number;
  comment?: string;
}

export const MAX_RATING_COMMENT_LENGTH = 300;

export interface StationRatingResponse {
  stationId: string;
  month: string;
  score: number;
  comment: string | null;
  updatedAt: string;
}

/** The caller's rating of a station this month (Asia/Shanghai), and whether they may rate it at all. */
export interface MyStationRatingResponse {
  stationId: string;
  month: string;
  /** Opened its door this month: only then may they rate (again, replacing the score). */
  canRate: boolean;
  rating: StationRatingResponse | null;
}

// ---------------------------------------------------------------------------------------------- rankings

export const RANKING_LIMIT = 100;

export const StationRankingBy = {
  Visits: 'visits',
  Rating: 'rating',
} as const;
export type StationRankingBy = (typeof StationRankingBy)[keyof typeof StationRankingBy];
export const STATION_RANKING_BY: readonly StationRankingBy[] = Object.values(StationRankingBy);

export interface StationRankingQuery {
  /** Defaults to the current month. */
  month?: string;
  by?: StationRankingBy;
}

export interface StationRankingItem {
  rank: number;
  stationId: string;
  name: string;
  level: StationLevel;
  org: { id: string; name: string };
  /** Doors opened this month. */
  visits: number;
  uniqueVisitors: number;
  /** Average score this month, one decimal; null without ratings. */
  rating: number | null;
  ratings: number;
}

export interface StationRankingResponse {
  month: string;
  by: StationRankingBy;
  items: StationRankingItem[];
}

export interface MasterRankingQuery {
  month?: string;
}

export interface MasterRankingItem {
  rank: number;
  userId: string;
  displayName: string;
  /** Distinct days checked in at any station in scope this month. */
  attendanceDays: number;
  /** The stations in scope they check in at, with this month's ratings. */
  stations: { id: string; name: string; rating: number | null; ratings: number }[];
}

export interface MasterRankingResponse {
  month: string;
  items: MasterRankingItem[];
}

// ---------------------------------------------------------------------------------------------- reports

export interface StationReportMetrics {
  /** Doors opened in the month. */
  visits: number;
  uniqueVisitors: number;
  /** Open stations with at least one visit in the month. */
  activeStations: number;
  /** Open stations whose device was silent when the report was written. */
  offlineStations: number;
}

/** Each metric's change against the previous month's report; null when there was none. */
export type StationReportChange = {
  [K in keyof StationReportMetrics]: { previous: number; delta: number } | null;
};

export interface StationReportResponse extends StationReportMetrics {
  id: string;
  cityOrg: { id: string; name: string };
  month: string;
  /** Open stations under the city when the report was written. */
  stations: number;
  changeVsLastMonth: StationReportChange;
  createdAt: string;
}

export interface StationReportQuery {
  month?: string;
  page?: number;
  pageSize?: number;
}

export type StationReportListResponse = Paged<StationReportResponse>;

// ---------------------------------------------------------------------------------------------- export

export const StationExportFormat = {
  GeoJson: 'geojson',
  Csv: 'csv',
} as const;
export type StationExportFormat = (typeof StationExportFormat)[keyof typeof StationExportFormat];
export const STATION_EXPORT_FORMATS: readonly StationExportFormat[] = Object.values(StationExportFormat);

export interface StationExportQuery {
  format?: StationExportFormat;
  /** Datum of the exported coordinates; defaults to gcj02. */
  coord?: CoordSystem;
}

/** CSV columns, in order. */
export const STATION_EXPORT_COLUMNS = [
  'id',
  'name',
  'address',
  'lng',
  'lat',
  'coord',
  'hours',
  'amenities',
  'level',
  'status',
  'org_name',
] as const;

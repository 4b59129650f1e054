import type { Paged } from './common';
import type { OrgRef } from './orgs';

/**
 * Post stations (工会驿站 / 户外劳动者服务站): where outdoor workers rest, drink water, charge and warm up.
 * Locations are stored in WGS-84; clients speak the datum of their map (WeChat and AMap: GCJ-02, Baidu: BD-09).
 */

// ---------------------------------------------------------------------------------------------- coordinates

export const CoordSystem = {
  Wgs84: 'wgs84',
  Gcj02: 'gcj02',
  Bd09: 'bd09',
} as const;
export type CoordSystem = (typeof CoordSystem)[keyof typeof CoordSystem];
export const COORD_SYSTEMS: readonly CoordSystem[] = Object.values(CoordSystem);
/** WeChat's `wx.getLocation({ type: 'gcj02' })` and its map component speak GCJ-02. */
export const DEFAULT_COORD_SYSTEM: CoordSystem = CoordSystem.Gcj02;

export interface GeoPoint {
  /** Degrees north, -90…90. */
  lat: number;
  /** Degrees east, -180…180. */
  lng: number;
}

// ---------------------------------------------------------------------------------------------- amenities

export const Amenity = {
  Water: 'water',
  HeatingCooling: 'heating_cooling',
  Charging: 'charging',
  Microwave: 'microwave',
  Restroom: 'restroom',
  FirstAid: 'first_aid',
  RestSeats: 'rest_seats',
} as const;
export type Amenity = (typeof Amenity)[keyof typeof Amenity];
export const AMENITIES: readonly Amenity[] = Object.values(Amenity);

export const AMENITY_LABELS: Readonly<Record<Amenity, string>> = {
  water: '饮水',
  heating_cooling: '冷暖空调',
  charging: '充电',
  microwave: '微波炉热饭',
  restroom: '卫生间',
  first_aid: '应急药箱',
  rest_seats: '休息座椅',
};

// ---------------------------------------------------------------------------------------------- levels

/** Which federation built and rates the station (省级 / 市级 / 县级示范驿站). */
export const StationLevel = {
  Province: 'province',
  City: 'city',
  County: 'county',
} as const;
export type StationLevel = (typeof StationLevel)[keyof typeof StationLevel];
export const STATION_LEVELS: readonly StationLevel[] = Object.values(StationLevel);

export const STATION_LEVEL_LABELS: Readonly<Record<StationLevel, string>> = {
  province: '省级驿站',
  city: '市级驿站',
  county: '县级驿站',
};

export const StationStatus = {
  Active: 'active',
  Closed: 'closed',
} as const;
export type StationStatus = (typeof StationStatus)[keyof typeof StationStatus];
export const STATION_STATUSES: readonly StationStatus[] = Object.values(StationStatus);

export const STATION_STATUS_LABELS: Readonly<Record<StationStatus, string>> = {
  active: '开放',
  closed: '已关闭',
};

// ---------------------------------------------------------------------------------------------- hours

/** 'HH:MM', 00:00–23:59. */
export const HHMM_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;

/**
 * Daily opening hours in Asia/Shanghai. `always` is 24-hour service (then `opens`/`closes` are absent);
 * otherwise `opens` and `closes` differ, and a `closes` earlier than `opens` runs past midnight
 * (20:00–02:00 is open from 8 pm to 2 am the next day).
 */
export interface OpeningHours {
  always: boolean;
  opens?: string;
  closes?: string;
}

// ---------------------------------------------------------------------------------------------- requests

export interface CreateStationRequest {
  /** The owning org (any level) inside the caller's scope. */
  orgId: string;
  name: string;
  address: string;
  location: GeoPoint;
  /** Datum of `location`; default gcj02. */
  coord?: CoordSystem;
  hours: OpeningHours;
  /** Seats / people the station holds at once. */
  capacity: number;
  amenities: Amenity[];
  level: StationLevel;
  /** Photo URLs (http or https), at most {@link MAX_STATION_PHOTOS}. */
  photos: string[];
  /** Open to verified (实名认证) members only. */
  verifiedOnly: boolean;
  /**
   * How near a member must stand to open the door (扫码开门), in metres: {@link MIN_DOOR_RADIUS_M}…
   * {@link MAX_DOOR_RADIUS_M}, default {@link DEFAULT_DOOR_RADIUS_M}.
   */
  doorRadiusMeters?: number;
}

export type UpdateStationRequest = Partial<CreateStationRequest> & { status?: StationStatus };

export const MAX_STATION_PHOTOS = 9;
export const MAX_STATION_CAPACITY = 10_000;

export interface StationListQuery {
  page?: number;
  pageSize?: number;
  /** Part of the name. */
  q?: string;
  /** Stations of this org's subtree (inside the scope). */
  orgId?: string;
  coord?: CoordSystem;
}

export const NEARBY_DEFAULT_RADIUS_M = 3000;
export const NEARBY_MAX_RADIUS_M = 50_000;
export const NEARBY_DEFAULT_LIMIT = 20;
export const NEARBY_MAX_LIMIT = 50;

export interface NearbyStationsQuery {
  lat: number;
  lng: number;
  /** Datum of `lat`/`lng` and of the locations returned; default gcj02. */
  coord?: CoordSystem;
  /** Metres, default {@link NEARBY_DEFAULT_RADIUS_M}, at most {@link NEARBY_MAX_RADIUS_M}. */
  radius?: number;
  /** Stations offering every one of these (repeat the parameter or use a comma list). */
  amenity?: Amenity[];
  /** Only stations open right now. */
  openNow?: boolean;
  /** Default {@link NEARBY_DEFAULT_LIMIT}, at most {@link NEARBY_MAX_LIMIT}. */
  limit?: number;
}

/** Where the station finder looks when the device gives no position: the cities of a province. */
export interface StationCitiesQuery {
  /** An org whose province to list (the member's union); default the province of the tree. */
  orgId?: string;
  /** Datum of the centres returned; default gcj02. */
  coord?: CoordSystem;
}

// ---------------------------------------------------------------------------------------------- responses

/** The default of the server's STATION_OFFLINE_AFTER_SECONDS, in minutes (the server setting decides). */
export const STATION_ONLINE_WINDOW_MINUTES = 5;

export interface StationMasterRef {
  userId: string;
  displayName: string;
}

export interface StationResponse {
  id: string;
  org: OrgRef;
  name: string;
  address: string;
  /** In {@link coord}, the datum the caller asked for. */
  location: GeoPoint;
  coord: CoordSystem;
  hours: OpeningHours;
  /** Open at the time of the response (Asia/Shanghai). */
  openNow: boolean;
  capacity: number;
  amenities: Amenity[];
  level: StationLevel;
  photos: string[];
  verifiedOnly: boolean;
  /** A member opens the door only within this many metres of the station. */
  doorRadiusMeters: number;
  status: StationStatus;
  masters: StationMasterRef[];
  createdAt: string;
  updatedAt: string;
}

export type StationListResponse = Paged<StationResponse>;

/** A city-level union with active stations in its area, and where to search from when the user picks it. */
export interface StationCityResponse {
  org: OrgRef;
  /** The station nearest the middle of the city's stations, so a search from it never starts empty. */
  centre: GeoPoint;
  coord: CoordSystem;
  stationCount: number;
}

export interface StationCitiesResponse {
  province: OrgRef | null;
  /** Cities with at least one active station, in area-code order. */
  items: StationCityResponse[];
}

export interface NearbyStationResponse {
  id: string;
  name: string;
  address: string;
  orgName: string;
  location: GeoPoint;
  coord: CoordSystem;
  /** Great-circle distance from the query point, rounded to the metre. */
  distanceMeters: number;
  hours: OpeningHours;
  openNow: boolean;
  capacity: number;
  amenities: Amenity[];
  level: StationLevel;
  photos: string[];
  verifiedOnly: boolean;
  /** People inside as the station's sensor last reported; null when it never reported or is offline. */
  occupancy: number | null;
  /** The station's device reported within STATION_OFFLINE_AFTER_SECONDS (server config; default 300 s). */
  online: boolean;
}

export interface NearbyStationsResponse {
  items: NearbyStationResponse[];
  coord: CoordSystem;
  radius: number;
  /** More stations match within the radius than `limit` returned (the farther ones are left out). */
  more: boolean;
}

// ---------------------------------------------------------------------------------------------- door and visits

/** The H5/mini-program page a station's door QR opens; the token rides in {@link STATION_DOOR_CODE_PARAM}. */
export const STATION_DOOR_PAGE = 'pages/stations/door/index';
export const STATION_DOOR_CODE_PARAM = 'code';

/** The printed door QR of a station (扫码开门): a signed token naming the station, valid until reprinted. */
export interface StationDoorCodeResponse {
  stationId: string;
  token: string;
  /** `${publicAppUrl}/#/pages/stations/door/index?code=<token>`: what the QR code holds. */
  url: string;
  /** PNG data URL of the QR code of {@link url}. */
  qrDataUrl: string;
}

/**
 * The printed door QR is static, so a photo of it works anywhere: the door opens only for a member standing
 * within the station's own radius (this by default, as the masters' check-in).
 */
export const DEFAULT_DOOR_RADIUS_M = 200;
export const MIN_DOOR_RADIUS_M = 50;
export const MAX_DOOR_RADIUS_M = 2000;

export interface OpenStationDoorRequest {
  /** The token of the scanned door QR. */
  code: string;
  /**
   * Where the member stands, in {@link coord}. Required: without it the API answers DOOR_LOCATION_REQUIRED, and
   * beyond the station's `doorRadiusMeters` DOOR_TOO_FAR (details: distanceMeters, maxMeters).
   */
  location?: GeoPoint;
  /** Datum of `location`; default gcj02. */
  coord?: CoordSystem;
  /**
   * A UUID the client draws once per tap and reuses on retries (the `Idempotency-Key` header works too): the
   * same requestId again returns the first attempt's outcome and never opens the door twice.
   */
  requestId?: string;
}

export const StationVisitStatus = {
  Pending: 'pending',
  Opened: 'opened',
  Failed: 'failed',
} as const;
export type StationVisitStatus = (typeof StationVisitStatus)[keyof typeof StationVisitStatus];

export interface OpenStationDoorResponse {
  visitId: string;
  status: 'opened';
  station: { id: string; name: string };
  /** Round trip from the command to the lock's acknowledgement. */
  latencyMs: number;
}

/** Staff with station:write over a station open its door from afar (audited). */
export interface RemoteOpenStationDoorRequest {
  /** Why, for the audit log. */
  reason?: string;
}

export interface RemoteOpenStationDoorResponse {
  status: 'opened';
  station: { id: string; name: string };
  /** What the lock acknowledged, and what the audit entry names. */
  requestId: string;
  latencyMs: number;
}

/**
 * The door code of a scanned QR: the `code` parameter of the door page, or — when WeChat's own camera scanned
 * the printed QR and opened the mini-program — the `code` of the full door URL that WeChat passes, URL-encoded,
 * as `q`. Empty when neither holds one.
 */
export function stationDoorCodeOf(params: Partial<Record<string, string>>): string {
  const decode = (value: string): string => {
    try {
      return decodeURIComponent(value);
    } catch {
      return value;
    }
  };
  const direct = params[STATION_DOOR_CODE_PARAM];
  if (direct) return decode(direct);
  const q = params.q;
  if (!q) return '';
  // Mini-programs hand `q` over encoded; a router may already have decoded it once.
  const url = /^https?%3a/i.test(q) ? decode(q) : q;
  const match = new RegExp(`[?&]${STATION_DOOR_CODE_PARAM}=([^&#]*)`).exec(url);
  return match ? decode(match[1]) : '';
}

/** Door opens a member may ask for per minute, and a station may serve per minute. */
export const DOOR_OPENS_PER_MEMBER_PER_MINUTE = 6;
export const DOOR_OPENS_PER_STATION_PER_MINUTE = 120;

// ---------------------------------------------------------------------------------------------- station masters

/** A station master checks in (到岗打卡) within this many metres of the station. */
export const ATTENDANCE_RADIUS_M = 200;

export interface StationAttendanceRequest {
  lat: number;
  lng: number;
  /** Datum of lat/lng; default gcj02. */
  coord?: CoordSystem;
}

export interface StationAttendanceResponse {
  stationId: string;
  /** Asia/Shanghai calendar day, 'YYYY-MM-DD'. */
  day: string;
  checkedInAt: string;
  /** From the station, rounded to the metre. */
  distanceMeters: number;
}

export interface StationVisitorResponse {
  visitId: string;
  /** Masked (张*三). */
  memberName: string;
  status: StationVisitStatus;
  /** When the member scanned. */
  at: string;
  latencyMs: number | null;
  /** Why the door did not open (timeout, rejected, unavailable, expired, error). */
  failure: string | null;
}

export interface StationVisitorsTodayResponse {
  stationId: string;
  /** Asia/Shanghai, 'YYYY-MM-DD'. */
  day: string;
  /** Newest first. */
  items: StationVisitorResponse[];
  counts: {
    /** Doors opened. */
    visits: number;
    /** Members the door opened for. */
    uniqueVisitors: number;
    failed: number;
  };
}

export interface MyStationResponse {
  id: string;
  name: string;
  address: string;
  org: { id: string; name: string };
  hours: OpeningHours;
  openNow: boolean;
  status: StationStatus;
  /** Today's check-in (Asia/Shanghai), null until the master checks in. */
  attendance: { checkedInAt: string; distanceMeters: number } | null;
}

export interface MyStationsResponse {
  /** Asia/Shanghai, 'YYYY-MM-DD'. */
  day: string;
  items: MyStationResponse[];
}

/** A join code of a grassroots union, posted at a station (labelled with the station's name). */
export interface StationJoinCodeRequest {
  unionId: string;
}

// ---------------------------------------------------------------------------------------------- equipment reports

/** The equipment kinds of a station a master reports on (设备状况). */
export const EquipmentItem = {
  WaterDispenser: 'water_dispenser',
  HeatingCooling: 'heating_cooling',
  Charging: 'charging',
  Microwave: 'microwave',
  Restroom: 'restroom',
  FirstAid: 'first_aid',
  DoorLock: 'door_lock',
  Seats: 'seats',
} as const;
export type EquipmentItem = (typeof EquipmentItem)[keyof typeof EquipmentItem];
export const EQUIPMENT_ITEMS: readonly EquipmentItem[] = Object.values(EquipmentItem);

export const EQUIPMENT_ITEM_LABELS: Readonly<Record<EquipmentItem, string>> = {
  water_dispenser: '饮水机',
  heating_cooling: '空调/暖风',
  charging: '充电设施',
  microwave: '微波炉',
  restroom: '卫生间',
  first_aid: '应急药箱',
  door_lock: '门禁',
  seats: '座椅',
};

export const EquipmentStatus = {
  Ok: 'ok',
  Faulty: 'faulty',
  Missing: 'missing',
} as const;
export type EquipmentStatus = (typeof EquipmentStatus)[keyof typeof EquipmentStatus];
export const EQUIPMENT_STATUSES: readonly EquipmentStatus[] = Object.values(EquipmentStatus);

export const EQUIPMENT_STATUS_LABELS: Readonly<Record<EquipmentStatus, string>> = {
  ok: '正常',
  faulty: '故障',
  missing: '缺失',
};

export const MAX_EQUIPMENT_NOTE_LENGTH = 200;

export interface EquipmentReportItem {
  item: EquipmentItem;
  status: EquipmentStatus;
  note?: string;
}

/** A master's report on the station's equipment: each item at most once. */
export interface EquipmentReportRequest {
  items: EquipmentReportItem[];
  note?: string;
}

export interface EquipmentReportResponse {
  id: string;
  stationId: string;
  reportedBy: { userId: string; displayName: string };
  items: EquipmentReportItem[];
  /** Items faulty or missing. */
  faults: number;
  note: string | null;
  createdAt: string;
}

/** Newest first. */
export type EquipmentReportListResponse = Paged<EquipmentReportResponse>;

/** A station whose latest equipment report has faulty or missing items. */
export interface EquipmentFaultResponse {
  stationId: string;
  name: string;
  org: { id: string; name: string };
  reportId: string;
  reportedAt: string;
  /** Only the faulty and missing items. */
  items: EquipmentReportItem[];
}

export type EquipmentFaultListResponse = Paged<EquipmentFaultResponse>;

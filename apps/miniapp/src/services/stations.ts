import Taro from '@tarojs/taro';
import {
  CoordSystem,
  NEARBY_MAX_LIMIT,
  NEARBY_MAX_RADIUS_M,
  type CreateStationRequest,
  type GeoPoint,
  type NearbyStationResponse,
  type NearbyStationsQuery,
  type NearbyStationsResponse,
  type OpenStationDoorRequest,
  type OpenStationDoorResponse,
  type OpeningHours,
  type StationCitiesResponse,
  type StationListQuery,
  type StationListResponse,
  type StationResponse,
  type UpdateStationRequest,
} from '@smartunion/contracts';

import { apiGet, apiGetPublic, apiPatch, apiPost } from './api';
import { IS_H5 } from './env';

const BASE = '/api/v1/stations';
const id = (value: string): string => encodeURIComponent(value);

// ---------------------------------------------------------------------------------------------- API

/** Stations near a point, nearest first: a public route, so a visitor browses without logging in. */
export function nearbyStations(query: NearbyStationsQuery): Promise<NearbyStationsResponse> {
  return apiGetPublic<NearbyStationsResponse>(`${BASE}/nearby`, {
    lat: query.lat,
    lng: query.lng,
    coord: query.coord,
    radius: query.radius,
    amenity: query.amenity && query.amenity.length > 0 ? query.amenity.join(',') : undefined,
    openNow: query.openNow ? true : undefined,
    limit: query.limit,
  });
}

/**
 * Opens a station's door (扫码开门). `requestId` is drawn once per tap and reused on a retry, so a retry never
 * opens twice and returns the first attempt's outcome.
 */
export function openStationDoor(request: OpenStationDoorRequest): Promise<OpenStationDoorResponse> {
  return apiPost<OpenStationDoorResponse>(`${BASE}/door/open`, request);
}

/** A random UUID v4 for idempotency keys (not a secret: Math.random is enough, and every platform has it). */
export function newRequestId(): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(Math.random() * 16).toString(16));
  hex[12] = '4';
  hex[16] = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/** The stations of the caller's scope (station:read). Locations in GCJ-02, as entered in the workbench. */
export function listStations(query: StationListQuery = {}): Promise<StationListResponse> {
  return apiGet<StationListResponse>(BASE, { ...query, coord: CoordSystem.Gcj02 });
}

export function getStation(stationId: string): Promise<StationResponse> {
  return apiGet<StationResponse>(`${BASE}/${id(stationId)}`, { coord: CoordSystem.Gcj02 });
}

export function createStation(body: CreateStationRequest): Promise<StationResponse> {
  return apiPost<StationResponse>(BASE, body);
}

export function updateStation(stationId: string, body: UpdateStationRequest): Promise<StationResponse> {
  return apiPatch<StationResponse>(`${BASE}/${id(stationId)}`, body);
}

// ---------------------------------------------------------------------------------------------- position

/** A point and its datum: the device's fix (GCJ-02 in mini-programs, WGS-84 in a browser) or a city's centre. */
export interface QueryPoint extends GeoPoint {
  coord: CoordSystem;
}

/** A city to search from when the device gives no position, as the user chose it (kept in storage). */
export interface ChosenCity {
  id: string;
  label: string;
  centre: QueryPoint;
}

const CITY_KEY = 'su.stations.city';

/** 太原市总工会 → 太原市: the union stands for its city here. */
function cityLabel(unionName: string): string {
  return unionName.replace(/总工会$/, '') || unionName;
}

/**
 * The cities of a province that have stations, each centred on one of them (GCJ-02): those of the province of
 * `orgId` (the member's union), or of the platform's province. Public, like the nearby search.
 */
export async function stationCities(orgId?: string): Promise<ChosenCity[]> {
  const answer = await apiGetPublic<StationCitiesResponse>(`${BASE}/cities`, {
    orgId,
    coord: CoordSystem.Gcj02,
  });
  return answer.items.map((c) => ({
    id: c.org.id,
    label: cityLabel(c.org.name),
    centre: { ...c.centre, coord: c.coord },
  }));
}

/** The city the user chose last time, or null. */
export function rememberedCity(): ChosenCity | null {
  try {
    return Taro.getStorageSync<ChosenCity | ''>(CITY_KEY) || null;
  } catch {
    return null;
  }
}

export function rememberCity(city: ChosenCity): void {
  try {
    Taro.setStorageSync(CITY_KEY, city);
  } catch {
    // Only a convenience: the user picks again next time.
  }
}

const LOCATION_TIMEOUT_MS = 10_000;

/**
 * The device's position, or null when it is refused or unavailable. Mini-programs answer in GCJ-02, the datum of
 * their maps. Taro's H5 getLocation knows only the browser's WGS-84 fix (it fails for 'gcj02'), so H5 asks for
 * that and says so: the API converts either.
 */
export async function currentPosition(): Promise<QueryPoint | null> {
  const coord = IS_H5 ? CoordSystem.Wgs84 : CoordSystem.Gcj02;
  const fix = Taro.getLocation({ type: coord }).then((res): QueryPoint => ({
    lat: res.latitude,
    lng: res.longitude,
    coord,
  }));
  // A browser may never answer the permission prompt: give up after a while.
  const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), LOCATION_TIMEOUT_MS));
  try {
    return await Promise.race([fix, timeout]);
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------- the last answer

/**
 * Visitors may not read a single station (GET /stations/:id is staff-only), so the detail page shows the item of
 * the last nearby answer, kept here by id. The query point is kept too (in storage, for an H5 reload): without the
 * item the detail page asks nearby again around it and picks the id.
 */
const nearbyById = new Map<string, NearbyStationResponse>();
const LAST_POINT_KEY = 'su.stations.lastPoint';

export function rememberNearby(point: QueryPoint, items: readonly NearbyStationResponse[]): void {
  for (const item of items) nearbyById.set(item.id, item);
  try {
    Taro.setStorageSync(LAST_POINT_KEY, point);
  } catch {
    // Only a convenience for the detail page.
  }
}

/** Where the member last looked for stations (kept by {@link rememberNearby}); null before the first look. */
export function lastQueryPoint(): QueryPoint | null {
  try {
    return Taro.getStorageSync<QueryPoint | ''>(LAST_POINT_KEY) || null;
  } catch {
    return null;
  }
}

export async function findNearbyStation(stationId: string): Promise<NearbyStationResponse | null> {
  const known = nearbyById.get(stationId);
  if (known) return known;
  let point: QueryPoint | null = null;
  try {
    point = Taro.getStorageSync<QueryPoint | ''>(LAST_POINT_KEY) || null;
  } catch {
    point = null;
  }
  if (!point) return null;
  const answer = await nearbyStations({
    ...point,
    radius: NEARBY_MAX_RADIUS_M,
    limit: NEARBY_MAX_LIMIT,
  });
  rememberNearby(point, answer.items);
  return answer.items.find((s) => s.id === stationId) ?? null;
}

// ---------------------------------------------------------------------------------------------- formatting

/** 850 米, 1.2 公里, 12 公里. */
export function formatDistance(meters: number): string {
  if (meters < 1000) return `${Math.round(meters)} 米`;
  const km = meters / 1000;
  return `${km < 10 ? km.toFixed(1) : Math.round(km)} 公里`;
}

/** 24 小时, 08:00–20:00, 20:00–次日 02:00. */
export function formatHours(hours: OpeningHours): string {
  if (hours.always) return '24 小时';
  const { opens = '', closes = '' } = hours;
  return closes < opens ? `${opens}–次日 ${closes}` : `${opens}–${closes}`;
}

/** The short state shown on a station: 24 小时, 营业中 or 休息中. */
export function openLabel(station: { hours: OpeningHours; openNow: boolean }): string {
  if (station.hours.always) return '24 小时';
  return station.openNow ? '营业中' : '休息中';
}

/** 当前 3/20 人 when the sensor reports, 离线 when it does not. */
export function occupancyLabel(station: {
  online: boolean;
  occupancy: number | null;
  capacity: number;
}): string {
  if (!station.online) return '离线';
  return station.occupancy === null ? '在线' : `当前 ${station.occupancy}/${station.capacity} 人`;
}

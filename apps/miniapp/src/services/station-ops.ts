import {
  CoordSystem,
  ErrorCode,
  PATROL_DUE_DEFAULT_DAYS,
  StationExportFormat,
  type CreatePatrolRequest,
  type EquipmentReportListResponse,
  type EquipmentReportRequest,
  type EquipmentReportResponse,
  type MasterRankingResponse,
  type MyStationRatingResponse,
  type MyStationsResponse,
  type PatrolDueResponse,
  type PatrolDueStatus,
  type PatrolListResponse,
  type PatrolResponse,
  type StationAttendanceRequest,
  type StationAttendanceResponse,
  type StationDoorCodeResponse,
  type StationRankingBy,
  type StationRankingResponse,
  type StationRatingRequest,
  type StationRatingResponse,
  type StationReportListResponse,
  type StationVisitorsTodayResponse,
} from '@smartunion/contracts';

import { apiGet, apiPost, isApiError } from './api';
import { downloadFile } from './files';

/** Running the station network: a master's duty, patrols, rankings, monthly reports and the map export. */
const BASE = '/api/v1/stations';
const id = (value: string): string => encodeURIComponent(value);

// ---------------------------------------------------------------------------------------------- station masters

/** The caller's stations as master, with today's check-in; empty for anyone else. */
export function myStations(): Promise<MyStationsResponse> {
  return apiGet<MyStationsResponse>(`${BASE}/mine`);
}

/** 到岗打卡 within 200 m of the station; the day's first check-in stays and is answered again afterwards. */
export function checkIn(
  stationId: string,
  body: StationAttendanceRequest,
): Promise<StationAttendanceResponse> {
  return apiPost<StationAttendanceResponse>(`${BASE}/${id(stationId)}/attendance`, body);
}

/** The distance of a refused check-in (STATION_TOO_FAR), or null for any other error. */
export function tooFarDistance(error: unknown): number | null {
  if (!isApiError(error) || error.code !== ErrorCode.StationTooFar) return null;
  const details = error.details as { distanceMeters?: unknown } | undefined;
  return typeof details?.distanceMeters === 'number' ? details.distanceMeters : null;
}

export function visitorsToday(stationId: string): Promise<StationVisitorsTodayResponse> {
  return apiGet<StationVisitorsTodayResponse>(`${BASE}/${id(stationId)}/visitors/today`);
}

/** The door QR to print at the station (扫码开门). */
export function doorCode(stationId: string): Promise<StationDoorCodeResponse> {
  return apiGet<StationDoorCodeResponse>(`${BASE}/${id(stationId)}/door-code`);
}

/** 设备状况: a master's report on the station's equipment (faulty or missing items are repaired from it). */
export function reportEquipment(
  stationId: string,
  body: EquipmentReportRequest,
): Promise<EquipmentReportResponse> {
  return apiPost<EquipmentReportResponse>(`${BASE}/${id(stationId)}/equipment-reports`, body);
}

/** The station's equipment reports, newest first. */
export function equipmentReports(
  stationId: string,
  page = 1,
  pageSize = 1,
): Promise<EquipmentReportListResponse> {
  return apiGet<EquipmentReportListResponse>(`${BASE}/${id(stationId)}/equipment-reports`, {
    page,
    pageSize,
  });
}

// ---------------------------------------------------------------------------------------------- patrols

export function patrolsDue(
  status: PatrolDueStatus,
  page: number,
  pageSize: number,
): Promise<PatrolDueResponse> {
  return apiGet<PatrolDueResponse>(`${BASE}/patrols/due`, {
    status,
    days: PATROL_DUE_DEFAULT_DAYS,
    page,
    pageSize,
  });
}

export function createPatrol(stationId: string, body: CreatePatrolRequest): Promise<PatrolResponse> {
  return apiPost<PatrolResponse>(`${BASE}/${id(stationId)}/patrols`, body);
}

export function listPatrols(stationId: string, page = 1, pageSize = 20): Promise<PatrolListResponse> {
  return apiGet<PatrolListResponse>(`${BASE}/${id(stationId)}/patrols`, { page, pageSize });
}

// ---------------------------------------------------------------------------------------------- members' ratings

/** The caller's rating of a station this month, and whether they may rate it (opened its door this month). */
export function myStationRating(stationId: string): Promise<MyStationRatingResponse> {
  return apiGet<MyStationRatingResponse>(`${BASE}/${id(stationId)}/rating`);
}

/** Rates a station for this month; rating again the same month replaces the score. */
export function rateStation(stationId: string, body: StationRatingRequest): Promise<StationRatingResponse> {
  return apiPost<StationRatingResponse>(`${BASE}/${id(stationId)}/rating`, body);
}

// ---------------------------------------------------------------------------------------------- rankings and reports

export function stationRankings(month: string, by: StationRankingBy): Promise<StationRankingResponse> {
  return apiGet<StationRankingResponse>(`${BASE}/rankings/stations`, { month, by });
}

export function masterRankings(month: string): Promise<MasterRankingResponse> {
  return apiGet<MasterRankingResponse>(`${BASE}/rankings/masters`, { month });
}

export function stationReports(month: string): Promise<StationReportListResponse> {
  return apiGet<StationReportListResponse>(`${BASE}/reports`, { month, pageSize: 100 });
}

/** The map exports offered: GeoJSON in GCJ-02 (Amap, Tencent) and CSV in BD-09 (Baidu). */
export const STATION_EXPORTS: readonly { format: StationExportFormat; coord: CoordSystem; label: string }[] =
  [
    { format: StationExportFormat.GeoJson, coord: CoordSystem.Gcj02, label: 'GeoJSON（GCJ-02）' },
    { format: StationExportFormat.Csv, coord: CoordSystem.Bd09, label: 'CSV（BD-09）' },
  ];

/** H5: downloads the stations of the caller's scope through a ticketed link, streamed by the browser to disk. */
export function exportStations(format: StationExportFormat, coord: CoordSystem): Promise<void> {
  const extension = format === StationExportFormat.GeoJson ? 'geojson' : 'csv';
  return downloadFile(`${BASE}/export`, { format, coord }, `stations-${coord}.${extension}`);
}

import type {
  MyWelfareResponse,
  WelfareCampaignListResponse,
  WelfareCampaignStatus,
  WelfarePickupCodeResponse,
  WelfarePickupRequest,
  WelfarePickupResponse,
  WelfarePickupStationsResponse,
  WelfareProgressResponse,
} from '@smartunion/contracts';

import { apiGet, apiPost } from './api';

/** Welfare campaigns (智送清凉): the member's shares, the station's pick-up desk, staff progress. */
const BASE = '/api/v1/benefits/welfare';
const id = (value: string): string => encodeURIComponent(value);

// ------------------------------------------------------------------------------------------------ members

/** The caller's shares: goods, quantity, status and where to pick them up. */
export function myWelfare(): Promise<MyWelfareResponse> {
  return apiGet<MyWelfareResponse>(`${BASE}/mine`);
}

/** A short-lived pick-up QR for one open share. */
export function pickupCode(allocationId: string): Promise<WelfarePickupCodeResponse> {
  return apiGet<WelfarePickupCodeResponse>(`${BASE}/mine/${id(allocationId)}/code`);
}

// ---------------------------------------------------------------------------------------- the pick-up desk

/** Stations where the caller may hand out goods now (the ones they master first). */
export function pickupStations(): Promise<WelfarePickupStationsResponse> {
  return apiGet<WelfarePickupStationsResponse>(`${BASE}/pickup-stations`);
}

/** Writes a member's share off at `stationId`, once. */
export function pickUp(code: string, stationId: string): Promise<WelfarePickupResponse> {
  const body: WelfarePickupRequest = { code, stationId };
  return apiPost<WelfarePickupResponse>(`${BASE}/pickups`, body);
}

// ------------------------------------------------------------------------------------------------ staff

export function listCampaigns(
  page = 1,
  status?: WelfareCampaignStatus,
): Promise<WelfareCampaignListResponse> {
  return apiGet<WelfareCampaignListResponse>(`${BASE}/campaigns`, { page, pageSize: 20, status });
}

/** Allotted vs picked up per city (or county), per station and in total, of members in the caller's scope. */
export function campaignProgress(campaignId: string): Promise<WelfareProgressResponse> {
  return apiGet<WelfareProgressResponse>(`${BASE}/campaigns/${id(campaignId)}/progress`);
}

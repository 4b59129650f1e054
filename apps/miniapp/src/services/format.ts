import { businessDateTime, businessDay } from '@smartunion/contracts';

// Dates are shown in China time whatever the device's zone: the business calendar of @smartunion/contracts.

/** 2026-11-23 */
export function formatDate(iso: string): string {
  return businessDay(Date.parse(iso));
}

/** 2026-11-23 14:05 */
export function formatDateTime(iso: string): string {
  return businessDateTime(Date.parse(iso));
}

/** Whole days since `iso`, for "waiting 3 days". */
export function daysSince(iso: string, now: number = Date.now()): number {
  return Math.max(0, Math.floor((now - Date.parse(iso)) / 86_400_000));
}

// Dates are shown in China time whatever the device's zone: the business day is Asia/Shanghai (UTC+8, no DST).
const SHANGHAI_OFFSET_MS = 8 * 3600_000;

function shanghai(iso: string): string {
  return new Date(Date.parse(iso) + SHANGHAI_OFFSET_MS).toISOString();
}

/** 2026-11-23 */
export function formatDate(iso: string): string {
  return shanghai(iso).slice(0, 10);
}

/** 2026-11-23 14:05 */
export function formatDateTime(iso: string): string {
  const s = shanghai(iso);
  return `${s.slice(0, 10)} ${s.slice(11, 16)}`;
}

/** Whole days since `iso`, for "waiting 3 days". */
export function daysSince(iso: string, now: number = Date.now()): number {
  return Math.max(0, Math.floor((now - Date.parse(iso)) / 86_400_000));
}

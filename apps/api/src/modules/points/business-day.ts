/**
 * Business days in Asia/Shanghai (UTC+8 all year, no daylight saving), as 'YYYY-MM-DD'. Daily caps and sign-in
 * streaks count by these days, whatever the server's or the device's time zone.
 */

const SHANGHAI_OFFSET_MS = 8 * 3600_000;

export const DAY_PATTERN = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** 'YYYY-MM-DD' of `at` in Asia/Shanghai. */
export function businessDay(at: Date = new Date()): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The day `days` after (or, negative, before) 'YYYY-MM-DD'. */
export function addDays(day: string, days: number): string {
  if (!DAY_PATTERN.test(day)) throw new Error(`Not a day: ${day}`);
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

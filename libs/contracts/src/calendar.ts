/**
 * The business calendar, shared by the API and the mini-program: days are 'YYYY-MM-DD' and months 'YYYY-MM' in
 * Asia/Shanghai, whatever the server's or the device's time zone. China has kept UTC+8 all year since 1991, so
 * plain arithmetic on a fixed offset is exact — and needs no time-zone data, which some mini-program runtimes
 * lack. The API's SQL counterpart is `platform/database/business-calendar-sql.ts`.
 */

/** The IANA zone of every business day, month and schedule. */
export const BUSINESS_TIME_ZONE = 'Asia/Shanghai';

/** UTC+8: what Beijing's wall clock is ahead of UTC. */
export const BUSINESS_UTC_OFFSET_MS = 8 * 3_600_000;

/** The offset as ISO 8601 writes it, for instants sent as business wall-clock times. */
export const BUSINESS_UTC_OFFSET = '+08:00';

const DAY_MS = 86_400_000;

/** 'YYYY-MM-DD' with a real month and a day of 01–31. */
export const DAY_PATTERN = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** An instant as a Date or epoch milliseconds. */
export type Instant = Date | number;

const msOf = (at: Instant): number => (typeof at === 'number' ? at : at.getTime());

/** Beijing's wall clock at `at` as 'YYYY-MM-DDTHH:mm:ss.sssZ' (the Z is not true: the digits are UTC+8). */
function wallClock(at: Instant): string {
  return new Date(msOf(at) + BUSINESS_UTC_OFFSET_MS).toISOString();
}

/** The business day of `at`, 'YYYY-MM-DD'. */
export function businessDay(at: Instant = Date.now()): string {
  return wallClock(at).slice(0, 10);
}

/** The business month of `at`, 'YYYY-MM'. */
export function businessMonth(at: Instant = Date.now()): string {
  return wallClock(at).slice(0, 7);
}

/** 'YYYY-MM-DD HH:mm' of `at` in Beijing; with `seconds`, 'YYYY-MM-DD HH:mm:ss'. */
export function businessDateTime(at: Instant = Date.now(), seconds = false): string {
  const s = wallClock(at);
  return `${s.slice(0, 10)} ${s.slice(11, seconds ? 19 : 16)}`;
}

/** Minutes since the business day's midnight at `at` (0–1439), for opening hours. */
export function businessMinutes(at: Instant = Date.now()): number {
  const ms = (msOf(at) + BUSINESS_UTC_OFFSET_MS) % DAY_MS;
  return Math.floor((ms < 0 ? ms + DAY_MS : ms) / 60_000);
}

/**
 * 'YYYY-MM-DD HH:mm' read as Beijing time, in epoch milliseconds; null when it is not such a text or names no
 * real moment (2026-02-30).
 */
export function parseBusinessDateTime(text: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number);
  const ms = Date.UTC(y, mo - 1, d, h, mi) - BUSINESS_UTC_OFFSET_MS;
  return Number.isNaN(ms) || businessDateTime(ms) !== text.trim() ? null : ms;
}

/** Whether `day` is a real 'YYYY-MM-DD' date (not 2026-02-30). */
export function isBusinessDay(day: string): boolean {
  return DAY_PATTERN.test(day) && new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) === day;
}

/** The day `days` after (or, negative, before) 'YYYY-MM-DD'. */
export function addDays(day: string, days: number): string {
  if (!DAY_PATTERN.test(day)) throw new Error(`Not a day: ${day}`);
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * 'YYYY-MM-DD' at a Beijing wall-clock time as an ISO 8601 instant with its offset
 * ('2026-11-24T00:00:00+08:00'), the form the API accepts for business-day bounds.
 */
export function businessInstant(day: string, time = '00:00:00'): string {
  return `${day}T${time}${BUSINESS_UTC_OFFSET}`;
}

/** The half-open range [from, to) of epoch milliseconds that business day 'YYYY-MM-DD' covers. */
export function dayRange(day: string): { from: number; to: number } {
  if (!DAY_PATTERN.test(day)) throw new Error(`Not a day: ${day}`);
  const from = Date.parse(`${day}T00:00:00Z`) - BUSINESS_UTC_OFFSET_MS;
  return { from, to: from + DAY_MS };
}

/** 'YYYY-MM' `delta` months from `month`. */
export function shiftMonth(month: string, delta: number): string {
  const [year, mon] = month.split('-').map(Number);
  const index = year * 12 + (mon - 1) + delta;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The month before 'YYYY-MM'. */
export function previousMonth(month: string): string {
  return shiftMonth(month, -1);
}

/** The first day of 'YYYY-MM', 'YYYY-MM-01'. */
export function monthStart(month: string): string {
  return `${month}-01`;
}

/** '2026年10月'. */
export function monthLabel(month: string): string {
  const [year, mon] = month.split('-').map(Number);
  return `${year}年${mon}月`;
}

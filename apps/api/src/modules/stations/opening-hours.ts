import { businessMinutes, type OpeningHours } from '@smartunion/contracts';

/** Minutes since midnight of an 'HH:MM' string. */
export function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

/**
 * Whether a station with these hours is open at `at`, in Asia/Shanghai. Opening time included, closing time
 * excluded; `closes` before `opens` means the station closes after midnight (20:00–02:00). Mirrors the SQL
 * predicate of StationsRepository.nearby.
 */
export function isOpenAt(hours: OpeningHours, at: Date): boolean {
  if (hours.always) return true;
  if (!hours.opens || !hours.closes) return false;
  const now = businessMinutes(at);
  const opens = minutesOf(hours.opens);
  const closes = minutesOf(hours.closes);
  if (opens < closes) return now >= opens && now < closes;
  if (opens > closes) return now >= opens || now < closes;
  return false;
}

/**
 * Business months and days in Asia/Shanghai (UTC+8 all year, no daylight saving), as 'YYYY-MM' and
 * 'YYYY-MM-DD' strings. SQL turns a month into its instants with {@link monthRangeSql}.
 */

const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/** 'YYYY-MM-DD' of `now` in Asia/Shanghai. */
export function shanghaiDay(now: Date): string {
  return new Date(now.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** 'YYYY-MM' of `now` in Asia/Shanghai. */
export function shanghaiMonth(now: Date): string {
  return shanghaiDay(now).slice(0, 7);
}

/** The month before 'YYYY-MM'. */
export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** The first day of 'YYYY-MM', as a SQL date literal. */
export function monthStart(month: string): string {
  return `${month}-01`;
}

/** '2026年10月'. */
export function monthLabel(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return `${y}年${m}月`;
}

/**
 * The half-open instant range [from, to) of the month whose first day is bound to `$param` (a date), for
 * `created_at >= from AND created_at < to` predicates that can use an index.
 */
export function monthRangeSql(param: number): { from: string; to: string } {
  return {
    from: `($${param}::date::timestamp AT TIME ZONE 'Asia/Shanghai')`,
    to: `(($${param}::date + interval '1 month')::timestamp AT TIME ZONE 'Asia/Shanghai')`,
  };
}

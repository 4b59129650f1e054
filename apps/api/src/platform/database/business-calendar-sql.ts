import { BUSINESS_TIME_ZONE } from '@smartunion/contracts';

/*
 * SQL fragments of the business calendar (`@smartunion/contracts` calendar.ts): days and months in
 * Asia/Shanghai by the database clock. Constants only — never user input — so they are safe to interpolate.
 */

const ZONE = `'${BUSINESS_TIME_ZONE}'`;

/** Beijing's wall-clock time (a `timestamp`) of the timestamptz expression `expr`; `::date`, `::time` read it. */
export const businessTimeSql = (expr: string): string => `(${expr} AT TIME ZONE ${ZONE})`;

/** Today's business day, a `date`. */
export const TODAY_SQL = `${businessTimeSql('now()')}::date`;

/** The instant today's business day began, a `timestamptz`: `created_at >= TODAY_START_SQL` can use an index. */
export const TODAY_START_SQL = `(date_trunc('day', now() AT TIME ZONE ${ZONE}) AT TIME ZONE ${ZONE})`;

/**
 * The half-open instant range [from, to) of the month whose first day is bound to `$param` (a date), for
 * `created_at >= from AND created_at < to` predicates that can use an index.
 */
export function monthRangeSql(param: number): { from: string; to: string } {
  return {
    from: `($${param}::date::timestamp AT TIME ZONE ${ZONE})`,
    to: `(($${param}::date + interval '1 month')::timestamp AT TIME ZONE ${ZONE})`,
  };
}

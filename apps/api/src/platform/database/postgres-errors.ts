import { QueryFailedError } from 'typeorm';

/**
 * The one place that reads PostgreSQL error codes (SQLSTATE). Repositories prefer `ON CONFLICT … DO NOTHING`
 * and return null; where a statement cannot (an UPDATE, a DELETE), services catch the error and map it here by
 * constraint name, so an unrelated constraint never passes for the one they mean.
 */
export const PgErrorCode = {
  UniqueViolation: '23505',
  ForeignKeyViolation: '23503',
  CheckViolation: '23514',
  ExclusionViolation: '23P01',
  InvalidTextRepresentation: '22P02',
  NumericValueOutOfRange: '22003',
  StringDataRightTruncation: '22001',
} as const;

export interface PgErrorInfo {
  code: string;
  constraint?: string;
}

/** SQLSTATE and constraint of a failed query (TypeORM's QueryFailedError or the driver's error), if any. */
export function pgErrorOf(error: unknown): PgErrorInfo | undefined {
  const driver = (error instanceof QueryFailedError ? error.driverError : error) as
    { code?: unknown; constraint?: unknown } | null | undefined;
  if (typeof driver?.code !== 'string' || !/^[0-9A-Z]{5}$/.test(driver.code)) return undefined;
  return {
    code: driver.code,
    constraint: typeof driver.constraint === 'string' ? driver.constraint : undefined,
  };
}

function violates(error: unknown, code: string, constraint?: string): boolean {
  const pg = pgErrorOf(error);
  return pg?.code === code && (constraint === undefined || pg.constraint === constraint);
}

/** Whether `error` is a unique violation (of `constraint`, when given). */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  return violates(error, PgErrorCode.UniqueViolation, constraint);
}

/** Whether `error` is a foreign-key violation (of `constraint`, when given): a row is still referenced. */
export function isForeignKeyViolation(error: unknown, constraint?: string): boolean {
  return violates(error, PgErrorCode.ForeignKeyViolation, constraint);
}

/** Whether the database refused a value: a data exception (class 22) or an integrity violation (class 23). */
export function isRejectedValue(error: unknown): boolean {
  const code = pgErrorOf(error)?.code;
  return code !== undefined && (code.startsWith('22') || code.startsWith('23'));
}

/**
 * A `.catch` handler that turns a unique violation of one of the named constraints into its domain error and
 * rethrows everything else unchanged: `.catch(onUniqueViolation({ orgs_code_uq: () => codeTaken(code) }))`.
 */
export function onUniqueViolation(
  byConstraint: Readonly<Record<string, () => Error>>,
): (error: unknown) => never {
  return (error: unknown): never => {
    const pg = pgErrorOf(error);
    const make =
      pg?.code === PgErrorCode.UniqueViolation && pg.constraint ? byConstraint[pg.constraint] : undefined;
    throw make ? make() : error;
  };
}

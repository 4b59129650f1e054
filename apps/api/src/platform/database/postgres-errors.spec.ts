import { QueryFailedError } from 'typeorm';

import {
  isForeignKeyViolation,
  isRejectedValue,
  isUniqueViolation,
  onUniqueViolation,
  pgErrorOf,
} from './postgres-errors';

/** What TypeORM throws for a failed statement: the driver's error inside. */
const failed = (code: string, constraint?: string): QueryFailedError =>
  new QueryFailedError('UPDATE x', [], Object.assign(new Error('pg'), { code, constraint }));

describe('PostgreSQL errors', () => {
  it('reads the SQLSTATE and constraint of TypeORM and driver errors alike', () => {
    expect(pgErrorOf(failed('23505', 'orgs_code_uq'))).toEqual({ code: '23505', constraint: 'orgs_code_uq' });
    expect(pgErrorOf(Object.assign(new Error('pg'), { code: '23503' }))).toEqual({
      code: '23503',
      constraint: undefined,
    });
    expect(
      pgErrorOf(Object.assign(new Error('fastify'), { code: 'FST_ERR_CTP_BODY_TOO_LARGE' })),
    ).toBeUndefined();
    expect(pgErrorOf(new Error('plain'))).toBeUndefined();
    expect(pgErrorOf(undefined)).toBeUndefined();
  });

  it('tells unique and foreign-key violations apart, by constraint when asked', () => {
    expect(isUniqueViolation(failed('23505', 'a_uq'))).toBe(true);
    expect(isUniqueViolation(failed('23505', 'a_uq'), 'a_uq')).toBe(true);
    expect(isUniqueViolation(failed('23505', 'b_uq'), 'a_uq')).toBe(false);
    expect(isUniqueViolation(failed('23503'))).toBe(false);
    expect(isForeignKeyViolation(failed('23503', 'x_fk'))).toBe(true);
    expect(isForeignKeyViolation(failed('23505'))).toBe(false);
  });

  it('knows values the database refused', () => {
    expect(isRejectedValue(failed('22P02'))).toBe(true);
    expect(isRejectedValue(failed('23514'))).toBe(true);
    expect(isRejectedValue(failed('40001'))).toBe(false);
    expect(isRejectedValue(new Error('plain'))).toBe(false);
  });

  it('maps a unique violation of a named constraint and rethrows anything else', () => {
    const handler = onUniqueViolation({ a_uq: () => new Error('taken') });
    expect(() => handler(failed('23505', 'a_uq'))).toThrow('taken');
    const other = failed('23505', 'b_uq');
    expect(() => handler(other)).toThrow(other);
    const fk = failed('23503', 'a_uq');
    expect(() => handler(fk)).toThrow(fk);
  });
});

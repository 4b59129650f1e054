import {
  addDays,
  businessDateTime,
  businessDay,
  businessInstant,
  businessMinutes,
  businessMonth,
  dayRange,
  isBusinessDay,
  monthLabel,
  monthStart,
  parseBusinessDateTime,
  previousMonth,
  shiftMonth,
} from './calendar';

// Jest runs with TZ=UTC, so each expectation below differs from what the UTC calendar would say.
describe('business calendar (Asia/Shanghai)', () => {
  it('rolls the day over at midnight Beijing time, not UTC', () => {
    expect(businessDay(new Date('2025-12-01T15:59:59.999Z'))).toBe('2025-12-01');
    expect(businessDay(new Date('2025-12-01T16:00:00.000Z'))).toBe('2025-12-02');
    expect(businessDay(Date.parse('2025-12-31T16:30:00.000Z'))).toBe('2026-01-01');
  });

  it('rolls the month and year over at Beijing midnight', () => {
    expect(businessMonth(new Date('2025-12-31T15:59:59.999Z'))).toBe('2025-12');
    expect(businessMonth(new Date('2025-12-31T16:00:00.000Z'))).toBe('2026-01');
  });

  it('reads the Beijing clock', () => {
    expect(businessDateTime(new Date('2026-11-23T17:30:05Z'))).toBe('2026-11-24 01:30');
    expect(businessDateTime(new Date('2026-11-23T17:30:05Z'), true)).toBe('2026-11-24 01:30:05');
    expect(businessMinutes(new Date('2026-11-24T00:00:00+08:00'))).toBe(0);
    expect(businessMinutes(new Date('2026-11-24T23:59:00+08:00'))).toBe(23 * 60 + 59);
    expect(businessMinutes(new Date('2026-11-24T16:30:00Z'))).toBe(30); // 00:30 the next day in Beijing
    expect(businessMinutes(new Date('1969-12-31T16:01:00Z'))).toBe(1); // before the epoch too
  });

  it('parses Beijing wall-clock times and refuses what names no moment', () => {
    expect(parseBusinessDateTime('2026-11-24 08:00')).toBe(Date.parse('2026-11-24T00:00:00Z'));
    expect(parseBusinessDateTime(' 2026-01-01 00:00 ')).toBe(Date.parse('2025-12-31T16:00:00Z'));
    expect(parseBusinessDateTime('2026-02-30 08:00')).toBeNull();
    expect(parseBusinessDateTime('2026-11-24 24:00')).toBeNull();
    expect(parseBusinessDateTime('2026-11-24T08:00')).toBeNull();
  });

  it('knows real days', () => {
    expect(isBusinessDay('2028-02-29')).toBe(true);
    expect(isBusinessDay('2026-02-29')).toBe(false);
    expect(isBusinessDay('2026-13-01')).toBe(false);
    expect(isBusinessDay('2026-1-01')).toBe(false);
  });

  it('counts days across months, years and leap days', () => {
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2026-01-10', -30)).toBe('2025-12-11');
  });

  it('refuses what is not a day', () => {
    expect(() => addDays('2026-13-01', 1)).toThrow('Not a day');
    expect(() => addDays('yesterday', 1)).toThrow('Not a day');
    expect(() => dayRange('2026-1-1')).toThrow('Not a day');
  });

  it('gives the instants a business day covers', () => {
    const { from, to } = dayRange('2026-01-01');
    expect(new Date(from).toISOString()).toBe('2025-12-31T16:00:00.000Z');
    expect(new Date(to).toISOString()).toBe('2026-01-01T16:00:00.000Z');
    expect(businessDay(from)).toBe('2026-01-01');
    expect(businessDay(to - 1)).toBe('2026-01-01');
    expect(businessDay(to)).toBe('2026-01-02');
    expect(businessInstant('2026-01-01')).toBe('2026-01-01T00:00:00+08:00');
    expect(Date.parse(businessInstant('2026-01-01'))).toBe(from);
    expect(businessInstant('2026-01-01', '23:59:59')).toBe('2026-01-01T23:59:59+08:00');
  });

  it('steps months and names them', () => {
    expect(shiftMonth('2026-01', -1)).toBe('2025-12');
    expect(shiftMonth('2025-12', 1)).toBe('2026-01');
    expect(shiftMonth('2026-03', -14)).toBe('2025-01');
    expect(previousMonth('2026-01')).toBe('2025-12');
    expect(previousMonth('2026-10')).toBe('2026-09');
    expect(monthStart('2026-02')).toBe('2026-02-01');
    expect(monthLabel('2026-01')).toBe('2026年1月');
    expect(monthLabel('2026-10')).toBe('2026年10月');
  });
});

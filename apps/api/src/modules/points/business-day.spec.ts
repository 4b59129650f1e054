import { addDays, businessDay } from './business-day';

describe('business days (Asia/Shanghai)', () => {
  it('rolls over at midnight Beijing time, not UTC', () => {
    expect(businessDay(new Date('2025-12-01T15:59:59.999Z'))).toBe('2025-12-01');
    expect(businessDay(new Date('2025-12-01T16:00:00.000Z'))).toBe('2025-12-02');
    expect(businessDay(new Date('2025-12-31T16:30:00.000Z'))).toBe('2026-01-01');
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
  });
});

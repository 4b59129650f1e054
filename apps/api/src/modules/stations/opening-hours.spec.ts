import { businessMinutes, businessInstant } from '@smartunion/contracts';

import { isOpenAt } from './opening-hours';

/** A Date at this Beijing wall-clock time (UTC+8, no DST). */
const beijing = (hhmm: string, day = '2026-11-24'): Date => new Date(businessInstant(day, `${hhmm}:00`));

describe('opening hours (Asia/Shanghai)', () => {
  it('reads the Shanghai clock whatever the process time zone', () => {
    expect(businessMinutes(beijing('00:00'))).toBe(0);
    expect(businessMinutes(beijing('23:59'))).toBe(23 * 60 + 59);
    expect(businessMinutes(new Date('2026-11-24T16:30:00Z'))).toBe(30); // 00:30 the next day in Beijing
  });

  it('is always open with 24-hour service', () => {
    for (const t of ['00:00', '03:17', '12:00', '23:59'])
      expect(isOpenAt({ always: true }, beijing(t))).toBe(true);
  });

  it('daytime hours include the opening minute and exclude the closing one', () => {
    const hours = { always: false, opens: '08:00', closes: '20:00' };
    expect(isOpenAt(hours, beijing('07:59'))).toBe(false);
    expect(isOpenAt(hours, beijing('08:00'))).toBe(true);
    expect(isOpenAt(hours, beijing('13:30'))).toBe(true);
    expect(isOpenAt(hours, beijing('19:59'))).toBe(true);
    expect(isOpenAt(hours, beijing('20:00'))).toBe(false);
    expect(isOpenAt(hours, beijing('23:00'))).toBe(false);
  });

  it('overnight hours run past midnight', () => {
    const hours = { always: false, opens: '20:00', closes: '02:00' };
    expect(isOpenAt(hours, beijing('19:59'))).toBe(false);
    expect(isOpenAt(hours, beijing('20:00'))).toBe(true);
    expect(isOpenAt(hours, beijing('23:59'))).toBe(true);
    expect(isOpenAt(hours, beijing('00:00'))).toBe(true);
    expect(isOpenAt(hours, beijing('01:59'))).toBe(true);
    expect(isOpenAt(hours, beijing('02:00'))).toBe(false);
    expect(isOpenAt(hours, beijing('12:00'))).toBe(false);
  });

  it('uses Beijing time, not UTC: 09:00 in Beijing is 01:00 UTC', () => {
    const hours = { always: false, opens: '08:00', closes: '10:00' };
    expect(isOpenAt(hours, new Date('2026-11-24T01:00:00Z'))).toBe(true);
    expect(isOpenAt(hours, new Date('2026-11-24T09:00:00Z'))).toBe(false);
  });

  it('is closed when hours are incomplete or empty', () => {
    expect(isOpenAt({ always: false }, beijing('12:00'))).toBe(false);
    expect(isOpenAt({ always: false, opens: '08:00', closes: '08:00' }, beijing('08:00'))).toBe(false);
  });
});

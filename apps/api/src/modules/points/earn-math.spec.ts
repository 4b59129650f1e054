import { DEFAULT_EARN_RULES, type OrgRef, signInStreakBonus } from '@smartunion/contracts';

import { capAward, effectiveRules, nextStreak, pathIds, signInAward } from './earn-math';

const org = (id: string): OrgRef => ({ id, name: `工会${id}`, type: 'county', areaCode: '140105' });

describe('earn rules and caps', () => {
  it('caps an award at what is left of the day', () => {
    expect(capAward(10, 30, 0)).toBe(10);
    expect(capAward(10, 30, 25)).toBe(5);
    expect(capAward(10, 30, 30)).toBe(0);
    // A cap lowered during the day after more was earned never goes negative.
    expect(capAward(10, 20, 40)).toBe(0);
  });

  it('continues a streak only from yesterday', () => {
    expect(nextStreak('2026-01-01', null)).toBe(1);
    expect(nextStreak('2026-01-01', { day: '2025-12-31', streak: 6 })).toBe(7);
    expect(nextStreak('2026-01-01', { day: '2025-12-30', streak: 6 })).toBe(1);
  });

  it('adds the streak bonus by step', () => {
    expect([1, 2, 3, 6, 7, 13, 14, 100].map(signInStreakBonus)).toEqual([0, 0, 1, 1, 3, 3, 5, 5]);
  });

  it('awards sign-in base plus bonus within the cap', () => {
    const rule = DEFAULT_EARN_RULES.sign_in; // 5 a day, cap 10
    expect(signInAward(rule, 1, 0)).toEqual({ awarded: 5, bonus: 0, capped: false });
    expect(signInAward(rule, 7, 0)).toEqual({ awarded: 8, bonus: 3, capped: false });
    expect(signInAward(rule, 30, 0)).toEqual({ awarded: 10, bonus: 5, capped: false });
    // A tighter org rule cuts the bonus first.
    expect(signInAward({ points: 5, dailyCap: 6, enabled: true }, 30, 0)).toEqual({
      awarded: 6,
      bonus: 1,
      capped: true,
    });
    expect(signInAward({ ...rule, enabled: false }, 30, 0)).toEqual({ awarded: 0, bonus: 0, capped: false });
  });

  it('takes the rule of the nearest org on the path, else the default', () => {
    const rules = effectiveRules([
      { reason: 'reading', points: 3, dailyCap: 9, enabled: true, org: org('1'), depth: 1 },
      { reason: 'reading', points: 4, dailyCap: 12, enabled: true, org: org('140'), depth: 3 },
      { reason: 'quiz', points: 8, dailyCap: 16, enabled: false, org: org('12'), depth: 2 },
    ]);
    expect(rules.reading).toMatchObject({ points: 4, dailyCap: 12, source: 'org', org: { id: '140' } });
    expect(rules.quiz).toMatchObject({ enabled: false, source: 'org', org: { id: '12' } });
    expect(rules.course).toEqual({
      reason: 'course',
      ...DEFAULT_EARN_RULES.course,
      source: 'default',
      org: null,
    });
  });

  it('reads org ids off an ltree path', () => {
    expect(pathIds('1.12.140')).toEqual(['1', '12', '140']);
  });
});

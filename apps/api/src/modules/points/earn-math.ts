import {
  addDays,
  DEFAULT_EARN_RULES,
  EARN_REASONS,
  type EarnReason,
  type EarnRuleResponse,
  type EarnRuleValues,
  type OrgRef,
  signInStreakBonus,
} from '@smartunion/contracts';

/** What the daily cap leaves of `requested` once `earnedToday` points of the reason were earned. */
export function capAward(requested: number, dailyCap: number, earnedToday: number): number {
  return Math.max(0, Math.min(requested, dailyCap - earnedToday));
}

/** The streak a sign-in on `today` continues: one more than yesterday's, or a new run of 1. */
export function nextStreak(today: string, last: { day: string; streak: number } | null): number {
  return last && last.day === addDays(today, -1) ? last.streak + 1 : 1;
}

export interface SignInAward {
  /** Points earned, base and bonus, after the cap. */
  awarded: number;
  /** The part of `awarded` above the rule's base points. */
  bonus: number;
  capped: boolean;
}

/** A sign-in on the `streak`-th consecutive day: the rule's points plus the streak bonus, within the cap. */
export function signInAward(rule: EarnRuleValues, streak: number, earnedToday: number): SignInAward {
  if (!rule.enabled) return { awarded: 0, bonus: 0, capped: false };
  const requested = rule.points + signInStreakBonus(streak);
  const awarded = capAward(requested, rule.dailyCap, earnedToday);
  return { awarded, bonus: Math.max(0, awarded - rule.points), capped: awarded < requested };
}

/** An org's own rule, with the org's depth on the member's path (1 = the root). */
export interface PathRule extends EarnRuleValues {
  reason: EarnReason;
  org: OrgRef;
  depth: number;
}

/** The rule in force per reason: the one set by the nearest org on the path, else the built-in default. */
export function effectiveRules(rules: readonly PathRule[]): Record<EarnReason, EarnRuleResponse> {
  const nearest = new Map<EarnReason, PathRule>();
  for (const rule of rules) {
    const held = nearest.get(rule.reason);
    if (!held || rule.depth > held.depth) nearest.set(rule.reason, rule);
  }
  const result = {} as Record<EarnReason, EarnRuleResponse>;
  for (const reason of EARN_REASONS) {
    const rule = nearest.get(reason);
    result[reason] = rule
      ? {
          reason,
          points: rule.points,
          dailyCap: rule.dailyCap,
          enabled: rule.enabled,
          source: 'org',
          org: rule.org,
        }
      : { reason, ...DEFAULT_EARN_RULES[reason], source: 'default', org: null };
  }
  return result;
}

/** The org ids of an ltree path of ids ("1.12.140"), root first. */
export function pathIds(path: string): string[] {
  return path.split('.');
}

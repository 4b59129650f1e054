import { Injectable } from '@nestjs/common';
import {
  addDays,
  type AdjustPointsRequest,
  type AdjustPointsResponse,
  businessDay,
  DAY_PATTERN,
  DEFAULT_PAGE_SIZE,
  EARN_REASONS,
  type EarnReason,
  ErrorCode,
  MAX_EARN_POINTS,
  type MemberPointsResponse,
  maskName,
  type MyPointsResponse,
  nextStreakBonus,
  type PointEntryListResponse,
  PointReason,
  type SignInResponse,
} from '@smartunion/contracts';

import { AuditService } from '../../platform/audit/audit.service';
import { invalid } from '../../platform/errors/common-errors';
import type { OrgScope } from '../../platform/scope/org-scope';
import { MembersService, type MemberSummary } from '../membership/members.service';
import { nextStreak, signInAward } from './earn-math';
import { PointsLedger } from './points-ledger';
import { toEntryResponse } from './points.mapper';
import { PointsError } from './points.errors';
import { PointsRepository, type SignInRow } from './points.repository';

/**
 * What another area passes to award points: training on a course completed, activities on attendance, the
 * learning bar on an article read. Give a key that names the occurrence (`course:<id>:member:<id>`): a
 * retried call (a re-delivered job, a double tap) answers the first award instead of awarding again.
 */
export interface AwardRequest {
  /** The member, by member id or by their user account — exactly one of the two. */
  memberId?: string;
  userId?: string;
  /** An earn reason other than sign-in (which has its own flow, {@link PointsService.signIn}). */
  reason: Exclude<EarnReason, 'sign_in'>;
  /** The kind of thing awarded for, e.g. 'course', 'quiz_attempt', 'activity' (lower case, 2–40 chars). */
  sourceType: string;
  /** Its id, shown with the entry. */
  sourceId: string;
  /** Unique per sourceType for this award (1–200 chars). */
  idempotencyKey: string;
  /** Points asked for; the earn rule's points when absent. The daily cap applies either way. */
  points?: number;
  /** Shown to the member in their history, e.g. "完成课程《新就业形态劳动者权益保障》". */
  note?: string;
}

export interface AwardResult {
  /**
   * `awarded`: the points asked for, or `capped`: fewer (possibly 0) because the daily cap was reached;
   * `disabled`: the member's union turned the reason off; `replayed`: this key was awarded before (the first
   * award's points are given, nothing moved now).
   */
  status: 'awarded' | 'capped' | 'disabled' | 'replayed';
  awarded: number;
  requested: number;
  capped: boolean;
  entryId: string | null;
  balance: number;
  businessDay: string;
  earnedToday: number;
  dailyCap: number;
}

const SOURCE_TYPE = /^[a-z][a-z0-9_.-]{1,39}$/;

function signInNote(streak: number, bonus: number): string {
  return bonus > 0 ? `连续签到第 ${streak} 天（含连续奖励 ${bonus} 分）` : `连续签到第 ${streak} 天`;
}

/** Members' points: earning (awards, daily sign-in), their balance and history; staff corrections. */
@Injectable()
export class PointsService {
  constructor(
    private readonly ledger: PointsLedger,
    private readonly points: PointsRepository,
    private readonly members: MembersService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Awards points for an earn reason under the earn rule of the member's union (the nearest org on its path
   * that set one, else the default) and its daily cap per Asia/Shanghai day. Safe to call again with the
   * same key. Throws NOT_A_MEMBER / MEMBER_NOT_FOUND for someone who is not an active member.
   */
  async award(request: AwardRequest): Promise<AwardResult> {
    const reason = request.reason as EarnReason;
    if (!EARN_REASONS.includes(reason) || reason === PointReason.SignIn) {
      throw invalid('reason', 'must be an earn reason other than sign_in');
    }
    if (!SOURCE_TYPE.test(request.sourceType))
      throw invalid('sourceType', 'must match [a-z][a-z0-9_.-]{1,39}');
    if (!request.sourceId || request.sourceId.length > 100) throw invalid('sourceId', 'must be 1–100 chars');
    if (!request.idempotencyKey || request.idempotencyKey.length > 200) {
      throw invalid('idempotencyKey', 'must be 1–200 chars');
    }
    const points = request.points;
    if (points !== undefined && (!Number.isInteger(points) || points < 1 || points > MAX_EARN_POINTS)) {
      throw invalid('points', `must be an integer 1–${MAX_EARN_POINTS}`);
    }
    if (request.note !== undefined && request.note.length > 200) throw invalid('note', 'at most 200 chars');
    const member = await this.resolveMember(request);
    const day = businessDay();
    return this.ledger.transaction(async (m) => {
      const account = await this.ledger.lock(m, member.id);
      const earned = await this.ledger.earn(m, account, member.orgPath, {
        memberId: member.id,
        reason,
        points,
        sourceType: request.sourceType,
        sourceId: request.sourceId,
        idempotencyKey: request.idempotencyKey,
        businessDay: day,
        note: request.note ?? null,
      });
      const replayed = earned.posted?.replayed ?? false;
      const capped = !replayed && earned.rule.enabled && earned.awarded < earned.requested;
      return {
        status: replayed ? 'replayed' : !earned.rule.enabled ? 'disabled' : capped ? 'capped' : 'awarded',
        awarded: earned.awarded,
        requested: earned.requested,
        capped,
        entryId: earned.posted?.entry.id ?? null,
        balance: account.balance,
        businessDay: day,
        earnedToday: earned.earnedToday,
        dailyCap: earned.rule.dailyCap,
      };
    });
  }

  /** System use (seed): whether the member ever signed in. */
  hasSignIns(memberId: string): Promise<boolean> {
    return this.points.hasSignIns(memberId);
  }

  /** A member's balance (0 without an account), for other areas' displays. */
  async balanceOf(memberId: string): Promise<number> {
    return (await this.points.findAccount(memberId))?.balance ?? 0;
  }

  /**
   * 每日签到: once per Asia/Shanghai day. The streak continues yesterday's; the points are the rule's plus the
   * streak bonus within the daily cap. A second call the same day answers that sign-in (`alreadySigned`).
   */
  async signIn(userId: string): Promise<SignInResponse> {
    return this.signInOn(await this.members.requireMember(userId), businessDay());
  }

  /**
   * System use (seed, a support desk restoring a day lost to an outage): signs an active member in on `day`,
   * as if they had tapped 签到 that day. Idempotent like {@link signIn}.
   */
  async signInFor(memberId: string, day: string): Promise<SignInResponse> {
    if (!DAY_PATTERN.test(day) || day > businessDay())
      throw invalid('day', "must be 'YYYY-MM-DD', not in the future");
    return this.signInOn(await this.resolveMember({ memberId }), day);
  }

  private async signInOn(member: { id: string; orgPath: string }, day: string): Promise<SignInResponse> {
    return this.ledger.transaction(async (m) => {
      const account = await this.ledger.lock(m, member.id);
      const existing = await this.points.findSignIn(m, member.id, day);
      if (existing) return this.toSignIn(existing, true, account.balance);

      const streak = nextStreak(day, await this.points.lastSignIn(member.id, addDays(day, -1), m));
      const rule = await this.ledger.ruleFor(member.orgPath, PointReason.SignIn, m);
      const earnedToday = await this.points.earnedOn(m, member.id, day, PointReason.SignIn);
      const award = signInAward(rule, streak, earnedToday);
      let entryId: string | null = null;
      if (award.awarded > 0) {
        const posted = await this.ledger.post(m, account, {
          memberId: member.id,
          delta: award.awarded,
          reason: PointReason.SignIn,
          sourceType: 'sign_in',
          sourceId: day,
          idempotencyKey: `${member.id}:${day}`,
          businessDay: day,
          note: signInNote(streak, award.bonus),
        });
        entryId = posted.entry.id;
      }
      const row: SignInRow = {
        day,
        streak,
        points: award.awarded,
        bonus: award.bonus,
        capped: award.capped,
        entryId,
      };
      await this.points.insertSignIn(m, member.id, row);
      return this.toSignIn(row, false, account.balance);
    });
  }

  /** The caller's balance, totals, today's earnings against each cap and the sign-in state. */
  async me(userId: string): Promise<MyPointsResponse> {
    const member = await this.members.requireMember(userId);
    const day = businessDay();
    const [account, earned, rules, last] = await Promise.all([
      this.points.findAccount(member.id),
      this.points.earnedByReason(member.id, day),
      this.ledger.rulesFor(member.orgPath),
      this.points.lastSignIn(member.id, day),
    ]);
    const signedToday = last?.day === day;
    const streak = signedToday
      ? (last?.streak ?? 0)
      : last?.day === addDays(day, -1)
        ? (last?.streak ?? 0)
        : 0;
    const todayPoints = signedToday
      ? (last?.points ?? 0)
      : signInAward(rules.sign_in, streak + 1, earned.get(PointReason.SignIn) ?? 0).awarded;
    return {
      memberId: member.id,
      balance: account?.balance ?? 0,
      earnedTotal: account?.earnedTotal ?? 0,
      spentTotal: account?.spentTotal ?? 0,
      businessDay: day,
      today: EARN_REASONS.map((reason) => ({
        reason,
        earned: earned.get(reason) ?? 0,
        points: rules[reason].points,
        dailyCap: rules[reason].dailyCap,
        enabled: rules[reason].enabled,
      })),
      signIn: {
        signedToday,
        streak,
        todayPoints,
        nextBonus: nextStreakBonus(signedToday ? streak : streak + 1),
      },
    };
  }

  /** The caller's history, newest first: every change with its reason and the balance after it. */
  async entries(userId: string, page = 1, pageSize = DEFAULT_PAGE_SIZE): Promise<PointEntryListResponse> {
    const member = await this.members.requireMember(userId);
    const { items, total } = await this.points.listEntries(member.id, (page - 1) * pageSize, pageSize);
    return { items: items.map(toEntryResponse), total, page, pageSize };
  }

  /** Staff: a member of the scope's account and recent history. */
  async memberAccount(scope: OrgScope, memberId: string): Promise<MemberPointsResponse> {
    const member = await this.scopedMember(scope, memberId);
    const [account, recent] = await Promise.all([
      this.points.findAccount(member.id),
      this.points.listEntries(member.id, 0, DEFAULT_PAGE_SIZE),
    ]);
    return {
      memberId: member.id,
      memberNo: member.memberNo,
      name: maskName(member.name),
      org: member.org,
      balance: account?.balance ?? 0,
      earnedTotal: account?.earnedTotal ?? 0,
      spentTotal: account?.spentTotal ?? 0,
      recent: recent.items.map(toEntryResponse),
    };
  }

  /**
   * 工会调整: a correction of a member of the scope, with the reason the member will read. Made once per
   * requestId; the same requestId with other values is a CONFLICT. Audited.
   */
  async adjust(scope: OrgScope, request: AdjustPointsRequest): Promise<AdjustPointsResponse> {
    const member = await this.scopedMember(scope, request.memberId);
    const requestId = request.requestId.toLowerCase();
    return this.ledger.transaction(async (m) => {
      const account = await this.ledger.lock(m, member.id);
      const posted = await this.ledger.post(m, account, {
        memberId: member.id,
        delta: request.delta,
        reason: PointReason.Adjustment,
        sourceType: 'adjustment',
        sourceId: requestId,
        idempotencyKey: requestId,
        businessDay: businessDay(),
        note: request.note,
        actorUserId: scope.actorUserId,
      });
      if (posted.replayed && posted.entry.delta !== request.delta) {
        throw new PointsError(ErrorCode.Conflict, 'This requestId was used for another adjustment');
      }
      if (!posted.replayed) {
        await this.audit.record(
          {
            actorUserId: scope.actorUserId,
            action: 'points.adjusted',
            targetType: 'member',
            targetId: member.id,
            orgId: member.org.id,
            after: { delta: request.delta, note: request.note, entryId: posted.entry.id },
          },
          m,
        );
      }
      return { entry: toEntryResponse(posted.entry), balance: posted.balance, replayed: posted.replayed };
    });
  }

  private async resolveMember(
    request: Pick<AwardRequest, 'memberId' | 'userId'>,
  ): Promise<{ id: string; orgPath: string }> {
    if ((request.memberId === undefined) === (request.userId === undefined)) {
      throw invalid('memberId', 'give exactly one of memberId and userId');
    }
    if (request.userId !== undefined) return this.members.requireMember(request.userId);
    const member = await this.members.summary(request.memberId as string);
    if (!member) throw new PointsError(ErrorCode.MemberNotFound, 'No such member');
    if (member.status !== 'active') throw new PointsError(ErrorCode.NotAMember, 'Not an active member');
    return member;
  }

  private async scopedMember(scope: OrgScope, memberId: string): Promise<MemberSummary> {
    const member = await this.members.summary(memberId);
    if (!member) throw new PointsError(ErrorCode.MemberNotFound, 'No such member');
    scope.assertCovers({ path: member.orgPath }, 'This member');
    return member;
  }

  private toSignIn(row: SignInRow, alreadySigned: boolean, balance: number): SignInResponse {
    return {
      day: row.day,
      streak: row.streak,
      awarded: row.points,
      bonus: row.bonus,
      capped: row.capped,
      alreadySigned,
      balance,
      entryId: row.entryId,
    };
  }
}

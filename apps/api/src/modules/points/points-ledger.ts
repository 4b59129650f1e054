import { Injectable } from '@nestjs/common';
import {
  type EarnReason,
  type EarnRuleResponse,
  ErrorCode,
  type PointReason,
  PointReason as Reason,
} from '@smartunion/contracts';
import type { EntityManager } from 'typeorm';

import type { Db } from '../../platform/database/sql';
import { capAward, effectiveRules } from './earn-math';
import { EarnRulesRepository } from './earn-rules.repository';
import { PointsError } from './points.errors';
import { type AccountRow, type EntryRow, PointsRepository } from './points.repository';

/** One change of a member's points: the entry to write. */
export interface LedgerChange {
  memberId: string;
  /** Non-zero. */
  delta: number;
  reason: PointReason;
  /** What kind of thing the change is about ('course', 'mall_order', 'adjustment'…). */
  sourceType: string;
  sourceId: string;
  /** Unique per source type: a change posted again with the same key is found, not applied twice. */
  idempotencyKey: string;
  businessDay: string;
  note?: string | null;
  actorUserId?: string | null;
}

export interface Posted {
  entry: EntryRow;
  /** The balance after this transaction's changes so far. */
  balance: number;
  /** The key had been used: `entry` is the first change, nothing moved now. */
  replayed: boolean;
}

/** An earn under the member's earn rule and its daily cap. */
export interface EarnChange extends Omit<LedgerChange, 'delta' | 'reason'> {
  reason: EarnReason;
  /** Points asked for; the rule's points when absent. */
  points?: number;
}

export interface Earned {
  posted: Posted | null;
  rule: EarnRuleResponse;
  requested: number;
  awarded: number;
  /** Earned for the reason on the business day, this award included. */
  earnedToday: number;
}

/**
 * The points ledger: every change is an entry, written in one transaction with the account update while the
 * account row is locked, so a member's changes apply one at a time — the balance check, the daily-cap count
 * and the idempotency look-up all see every change committed before. Callers open the transaction
 * ({@link transaction}), lock the account ({@link lock}) first, then post.
 */
@Injectable()
export class PointsLedger {
  constructor(
    private readonly points: PointsRepository,
    private readonly rules: EarnRulesRepository,
  ) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.points.transaction(work);
  }

  /** Locks (creating if need be) the member's account until the transaction ends. */
  lock(m: EntityManager, memberId: string): Promise<AccountRow> {
    return this.points.lockAccount(m, memberId);
  }

  /** The entry already posted under this key, if any. */
  findPosted(m: EntityManager, sourceType: string, idempotencyKey: string): Promise<EntryRow | null> {
    return this.points.findEntryByKey(m, sourceType, idempotencyKey);
  }

  /**
   * Posts a change on `account` (locked by this transaction): refuses to take the balance below zero
   * (POINTS_INSUFFICIENT), answers the first entry again for a key already used, and keeps `account` current
   * for further changes in the same transaction.
   */
  async post(m: EntityManager, account: AccountRow, change: LedgerChange): Promise<Posted> {
    if (!Number.isSafeInteger(change.delta) || change.delta === 0) {
      throw new Error(`A ledger change needs a non-zero integer delta, got ${change.delta}`);
    }
    const existing = await this.points.findEntryByKey(m, change.sourceType, change.idempotencyKey);
    if (existing)
      return { entry: this.sameChange(existing, change), balance: account.balance, replayed: true };

    const balanceAfter = account.balance + change.delta;
    if (balanceAfter < 0) {
      throw new PointsError(ErrorCode.PointsInsufficient, 'Not enough points', {
        balance: account.balance,
        needed: -change.delta,
      });
    }
    const entry = await this.points.insertEntry(m, {
      memberId: change.memberId,
      delta: change.delta,
      reason: change.reason,
      sourceType: change.sourceType,
      sourceId: change.sourceId,
      idempotencyKey: change.idempotencyKey,
      balanceAfter,
      businessDay: change.businessDay,
      note: change.note ?? null,
      actorUserId: change.actorUserId ?? null,
    });
    // We hold this member's lock, so only another member's change can have taken the key meanwhile.
    if (!entry) throw new PointsError(ErrorCode.Conflict, 'This idempotency key belongs to another change');

    // Refunds give back what was spent: they lower the spent total instead of raising the earned one.
    const refund = change.reason === Reason.MallRefund;
    const earned = change.delta > 0 && !refund ? change.delta : 0;
    const spent = change.delta < 0 || refund ? -change.delta : 0;
    account.balance = await this.points.applyToAccount(m, change.memberId, {
      delta: change.delta,
      earned,
      spent,
    });
    account.earnedTotal += earned;
    account.spentTotal += spent;
    return { entry, balance: account.balance, replayed: false };
  }

  /**
   * Earns points for `reason` under the rule in force for the member's union (`orgPath`) and its daily cap,
   * counted under the account lock so concurrent earns never pass the cap. Posts nothing when the rule is off
   * or the cap is reached.
   */
  async earn(m: EntityManager, account: AccountRow, orgPath: string, change: EarnChange): Promise<Earned> {
    const rule = await this.ruleFor(orgPath, change.reason, m);
    const existing = await this.points.findEntryByKey(m, change.sourceType, change.idempotencyKey);
    const earnedBefore = await this.points.earnedOn(m, change.memberId, change.businessDay, change.reason);
    const requested = change.points ?? rule.points;
    if (existing) {
      const entry = this.sameChange(existing, { ...change, delta: existing.delta });
      return {
        posted: { entry, balance: account.balance, replayed: true },
        rule,
        requested,
        awarded: entry.delta,
        earnedToday: earnedBefore,
      };
    }
    const awarded = rule.enabled ? capAward(requested, rule.dailyCap, earnedBefore) : 0;
    if (awarded === 0) return { posted: null, rule, requested, awarded, earnedToday: earnedBefore };
    const posted = await this.post(m, account, { ...change, delta: awarded });
    return { posted, rule, requested, awarded, earnedToday: earnedBefore + awarded };
  }

  /** The earn rule in force for a member of the org at `orgPath`. */
  async ruleFor(orgPath: string, reason: EarnReason, db?: Db): Promise<EarnRuleResponse> {
    return (await this.rulesFor(orgPath, db))[reason];
  }

  async rulesFor(orgPath: string, db?: Db): Promise<Record<EarnReason, EarnRuleResponse>> {
    return effectiveRules(await this.rules.onPath(orgPath, db));
  }

  /** A replayed key must name the same member and reason; anything else is a caller's bug or a forgery. */
  private sameChange(existing: EntryRow, change: LedgerChange): EntryRow {
    if (existing.memberId !== change.memberId || existing.reason !== change.reason) {
      throw new PointsError(ErrorCode.Conflict, 'This idempotency key belongs to another change');
    }
    return existing;
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { EARN_REASONS, type EarnReason, type PointReason } from '@smartunion/contracts';
import type { DataSource, EntityManager } from 'typeorm';

import { type Db, sqlRow, sqlRows } from '../../platform/database/sql';

export interface AccountRow {
  memberId: string;
  balance: number;
  earnedTotal: number;
  spentTotal: number;
}

export interface EntryRow {
  id: string;
  memberId: string;
  delta: number;
  reason: PointReason;
  sourceType: string;
  sourceId: string;
  idempotencyKey: string;
  balanceAfter: number;
  businessDay: string;
  note: string | null;
  actorUserId: string | null;
  createdAt: Date;
}

export interface NewEntry {
  memberId: string;
  delta: number;
  reason: PointReason;
  sourceType: string;
  sourceId: string;
  idempotencyKey: string;
  balanceAfter: number;
  businessDay: string;
  note: string | null;
  actorUserId: string | null;
}

export interface SignInRow {
  day: string;
  streak: number;
  points: number;
  bonus: number;
  capped: boolean;
  entryId: string | null;
}

const ACCOUNT_COLUMNS = `member_id::text AS "memberId", balance::float8 AS balance,
  earned_total::float8 AS "earnedTotal", spent_total::float8 AS "spentTotal"`;

export const ENTRY_COLUMNS = `id::text AS id, member_id::text AS "memberId", delta, reason,
  source_type AS "sourceType", source_id AS "sourceId", idempotency_key AS "idempotencyKey",
  balance_after::float8 AS "balanceAfter", to_char(business_day, 'YYYY-MM-DD') AS "businessDay", note,
  actor_user_id AS "actorUserId", created_at AS "createdAt"`;

const SIGN_IN_COLUMNS = `to_char(day, 'YYYY-MM-DD') AS day, streak, points, bonus, capped,
  entry_id::text AS "entryId"`;

/**
 * SQL of point accounts, ledger entries and sign-ins (migration 1764489600000). Every change runs inside a
 * transaction that holds the account row's lock ({@link lockAccount}); the repository never decides anything.
 */
@Injectable()
export class PointsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /** Creates the member's account if missing and locks it until the transaction ends: one change at a time. */
  async lockAccount(m: EntityManager, memberId: string): Promise<AccountRow> {
    await sqlRows(
      m,
      `INSERT INTO point_accounts (member_id) VALUES ($1) ON CONFLICT (member_id) DO NOTHING RETURNING member_id`,
      [memberId],
    );
    return (await sqlRow<AccountRow>(
      m,
      `SELECT ${ACCOUNT_COLUMNS} FROM point_accounts WHERE member_id = $1 FOR UPDATE`,
      [memberId],
    )) as AccountRow;
  }

  async findAccount(memberId: string, db: Db = this.db): Promise<AccountRow | null> {
    const row = await sqlRow<AccountRow>(
      db,
      `SELECT ${ACCOUNT_COLUMNS} FROM point_accounts WHERE member_id = $1`,
      [memberId],
    );
    return row ?? null;
  }

  async findEntryByKey(db: Db, sourceType: string, idempotencyKey: string): Promise<EntryRow | null> {
    const row = await sqlRow<EntryRow>(
      db,
      `SELECT ${ENTRY_COLUMNS} FROM point_entries WHERE source_type = $1 AND idempotency_key = $2`,
      [sourceType, idempotencyKey],
    );
    return row ?? null;
  }

  /** Null when the (source type, key) pair is taken already. */
  async insertEntry(m: EntityManager, e: NewEntry): Promise<EntryRow | null> {
    const row = await sqlRow<EntryRow>(
      m,
      `INSERT INTO point_entries (member_id, delta, reason, source_type, source_id, idempotency_key, balance_after,
                                  business_day, note, actor_user_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (source_type, idempotency_key) DO NOTHING
       RETURNING ${ENTRY_COLUMNS}`,
      [
        e.memberId,
        e.delta,
        e.reason,
        e.sourceType,
        e.sourceId,
        e.idempotencyKey,
        e.balanceAfter,
        e.businessDay,
        e.note,
        e.actorUserId,
      ],
    );
    return row ?? null;
  }

  /** Moves the balance and the totals by one entry's amounts; returns the new balance. */
  async applyToAccount(
    m: EntityManager,
    memberId: string,
    change: { delta: number; earned: number; spent: number },
  ): Promise<number> {
    const row = await sqlRow<{ balance: number }>(
      m,
      `UPDATE point_accounts
          SET balance = balance + $2, earned_total = earned_total + $3, spent_total = spent_total + $4,
              updated_at = now()
        WHERE member_id = $1
        RETURNING balance::float8 AS balance`,
      [memberId, change.delta, change.earned, change.spent],
    );
    return (row as { balance: number }).balance;
  }

  /** Points the member earned for `reason` on `day` (what the daily cap counts). */
  async earnedOn(db: Db, memberId: string, day: string, reason: EarnReason): Promise<number> {
    const row = await sqlRow<{ sum: number }>(
      db,
      `SELECT COALESCE(sum(delta), 0)::int AS sum FROM point_entries
        WHERE member_id = $1 AND business_day = $2 AND reason = $3 AND delta > 0`,
      [memberId, day, reason],
    );
    return row?.sum ?? 0;
  }

  /** Points earned on `day`, per earn reason. */
  async earnedByReason(memberId: string, day: string): Promise<Map<EarnReason, number>> {
    const rows = await sqlRows<{ reason: EarnReason; sum: number }>(
      this.db,
      `SELECT reason, sum(delta)::int AS sum FROM point_entries
        WHERE member_id = $1 AND business_day = $2 AND delta > 0
          AND reason = ANY($3::text[])
        GROUP BY reason`,
      [memberId, day, EARN_REASONS],
    );
    return new Map(rows.map((r) => [r.reason, r.sum]));
  }

  async listEntries(
    memberId: string,
    offset: number,
    limit: number,
  ): Promise<{ items: EntryRow[]; total: number }> {
    const [count] = await sqlRows<{ total: number }>(
      this.db,
      `SELECT count(*)::int AS total FROM point_entries WHERE member_id = $1`,
      [memberId],
    );
    const items = await sqlRows<EntryRow>(
      this.db,
      `SELECT ${ENTRY_COLUMNS} FROM point_entries e WHERE e.member_id = $1 ORDER BY e.id DESC LIMIT $2 OFFSET $3`,
      [memberId, limit, offset],
    );
    return { items, total: count.total };
  }

  async findSignIn(db: Db, memberId: string, day: string): Promise<SignInRow | null> {
    const row = await sqlRow<SignInRow>(
      db,
      `SELECT ${SIGN_IN_COLUMNS} FROM point_sign_ins WHERE member_id = $1 AND day = $2`,
      [memberId, day],
    );
    return row ?? null;
  }

  /** The member's latest sign-in on or before `day`. */
  async lastSignIn(memberId: string, day: string, db: Db = this.db): Promise<SignInRow | null> {
    const row = await sqlRow<SignInRow>(
      db,
      `SELECT ${SIGN_IN_COLUMNS} FROM point_sign_ins WHERE member_id = $1 AND day <= $2
        ORDER BY point_sign_ins.day DESC LIMIT 1`,
      [memberId, day],
    );
    return row ?? null;
  }

  async hasSignIns(memberId: string): Promise<boolean> {
    const rows = await sqlRows(this.db, `SELECT 1 FROM point_sign_ins WHERE member_id = $1 LIMIT 1`, [
      memberId,
    ]);
    return rows.length > 0;
  }

  async insertSignIn(m: EntityManager, memberId: string, s: SignInRow): Promise<void> {
    await sqlRows(
      m,
      `INSERT INTO point_sign_ins (member_id, day, streak, points, bonus, capped, entry_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       RETURNING member_id`,
      [memberId, s.day, s.streak, s.points, s.bonus, s.capped, s.entryId],
    );
  }
}

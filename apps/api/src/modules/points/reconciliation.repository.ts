import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PointsMismatch } from '@smartunion/contracts';
import type { DataSource } from 'typeorm';

import { sqlRow, sqlRows } from '../../platform/database/sql';

/** A mismatch as stored in a report: with the member's union path, so readers see only their scope's. */
export interface StoredMismatch extends PointsMismatch {
  orgPath: string;
}

export interface BatchCheck {
  checked: number;
  /** The last member id of the batch, where the next one starts; null when there was nothing left. */
  lastMemberId: string | null;
  mismatches: StoredMismatch[];
}

export interface ReportRow {
  id: string;
  startedAt: Date;
  finishedAt: Date;
  accountsChecked: number;
  mismatches: number;
  details: StoredMismatch[];
}

/**
 * Sums per account over its entries the same way the ledger moves the totals: earned = positive entries but
 * refunds, spent = negative entries less refunds, balance = all of them.
 */
const SUMS = `
  SELECT COALESCE(sum(e.delta), 0)::float8 AS "sum",
         COALESCE(sum(e.delta) FILTER (WHERE e.delta > 0 AND e.reason <> 'mall_refund'), 0)::float8 AS earned,
         COALESCE(-sum(e.delta) FILTER (WHERE e.delta < 0 OR e.reason = 'mall_refund'), 0)::float8 AS spent
    FROM point_entries e WHERE e.member_id = b.member_id`;

/** SQL of the reconciliation: account batches against their entries, and the reports. */
@Injectable()
export class ReconciliationRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Checks the `limit` accounts after `afterMemberId` in one statement (one snapshot: an account and its
   * entries are always seen at the same moment, even while members keep earning and spending).
   */
  async checkBatch(afterMemberId: string, limit: number): Promise<BatchCheck> {
    const row = await sqlRow<{ checked: number; last: string | null; mismatches: StoredMismatch[] | null }>(
      this.db,
      `WITH b AS (
         SELECT member_id, balance, earned_total, spent_total FROM point_accounts
          WHERE member_id > $1 ORDER BY member_id LIMIT $2
       ), c AS (
         SELECT b.*, s.* FROM b CROSS JOIN LATERAL (${SUMS}) s
       )
       SELECT (SELECT count(*)::int FROM b) AS checked, (SELECT max(member_id)::text FROM b) AS last,
              (SELECT json_agg(json_build_object(
                  'memberId', c.member_id::text, 'orgId', m.org_id::text, 'orgPath', o.path::text,
                  'balance', c.balance::float8, 'entriesSum', c.sum, 'earnedTotal', c.earned_total::float8,
                  'entriesEarned', c.earned, 'spentTotal', c.spent_total::float8, 'entriesSpent', c.spent)
                  ORDER BY c.member_id)
                 FROM c JOIN member_directory m ON m.id = c.member_id JOIN orgs o ON o.id = m.org_id
                WHERE c.balance <> c.sum OR c.earned_total <> c.earned OR c.spent_total <> c.spent) AS mismatches`,
      [afterMemberId, limit],
    );
    return {
      checked: row?.checked ?? 0,
      lastMemberId: row?.last ?? null,
      mismatches: row?.mismatches ?? [],
    };
  }

  /** Writes the run's report; the same run key (a retried job) rewrites its report instead of adding one. */
  async saveReport(report: {
    runKey: string;
    startedAt: Date;
    accountsChecked: number;
    mismatches: number;
    details: StoredMismatch[];
  }): Promise<string> {
    const row = await sqlRow<{ id: string }>(
      this.db,
      `INSERT INTO point_reconciliations (run_key, started_at, finished_at, accounts_checked, mismatches, details)
       VALUES ($1, $2, now(), $3, $4, $5::jsonb)
       ON CONFLICT (run_key) DO UPDATE
         SET started_at = EXCLUDED.started_at, finished_at = EXCLUDED.finished_at,
             accounts_checked = EXCLUDED.accounts_checked, mismatches = EXCLUDED.mismatches,
             details = EXCLUDED.details
       RETURNING id::text AS id`,
      [
        report.runKey,
        report.startedAt,
        report.accountsChecked,
        report.mismatches,
        JSON.stringify(report.details),
      ],
    );
    return (row as { id: string }).id;
  }

  async listReports(offset: number, limit: number): Promise<{ items: ReportRow[]; total: number }> {
    const [count] = await sqlRows<{ total: number }>(
      this.db,
      `SELECT count(*)::int AS total FROM point_reconciliations`,
    );
    const items = await sqlRows<ReportRow>(
      this.db,
      `SELECT id::text AS id, started_at AS "startedAt", finished_at AS "finishedAt",
              accounts_checked AS "accountsChecked", mismatches, details
         FROM point_reconciliations r ORDER BY r.started_at DESC, r.id DESC LIMIT $1 OFFSET $2`,
      [limit, offset],
    );
    return { items, total: count.total };
  }
}

import { Injectable, Logger } from '@nestjs/common';
import { DEFAULT_PAGE_SIZE, type ReconciliationListResponse } from '@smartunion/contracts';

import type { OrgScope } from '../../platform/scope/org-scope';
import { ReconciliationRepository, type StoredMismatch } from './reconciliation.repository';

/** Accounts checked per statement: small enough to keep each snapshot short. */
export const RECONCILE_BATCH_SIZE = 1000;
/** Mismatches kept in one report's details (all are counted). */
export const MAX_REPORTED_MISMATCHES = 1000;

export interface ReconciliationRun {
  reportId: string;
  accountsChecked: number;
  mismatches: number;
}

/**
 * 积分对账: compares every account's balance and totals with the sums of its entries, batch by batch, and
 * records a report. Read-only on the ledger; a difference is never "fixed" here — it is reported (and logged
 * as a warning) for people to look into, since either side may be the wrong one.
 */
@Injectable()
export class ReconciliationService {
  private readonly logger = new Logger(ReconciliationService.name);

  constructor(private readonly repo: ReconciliationRepository) {}

  /** One full pass; `runKey` names the run, so a retried job rewrites its report instead of adding one. */
  async run(runKey: string, batchSize = RECONCILE_BATCH_SIZE): Promise<ReconciliationRun> {
    const startedAt = new Date();
    const kept: StoredMismatch[] = [];
    let after = '0';
    let checked = 0;
    let mismatches = 0;
    for (;;) {
      const batch = await this.repo.checkBatch(after, batchSize);
      if (batch.checked === 0 || batch.lastMemberId === null) break;
      checked += batch.checked;
      mismatches += batch.mismatches.length;
      kept.push(...batch.mismatches.slice(0, MAX_REPORTED_MISMATCHES - kept.length));
      after = batch.lastMemberId;
    }
    const reportId = await this.repo.saveReport({
      runKey,
      startedAt,
      accountsChecked: checked,
      mismatches,
      details: kept,
    });
    if (mismatches > 0) {
      this.logger.warn(
        { reportId, mismatches, accountsChecked: checked, first: kept.slice(0, 5) },
        'Points accounts differ from the sum of their ledger entries',
      );
    }
    return { reportId, accountsChecked: checked, mismatches };
  }

  /** The reports, newest first, each listing only the mismatched accounts of members inside the scope. */
  async list(scope: OrgScope, page = 1, pageSize = DEFAULT_PAGE_SIZE): Promise<ReconciliationListResponse> {
    const { items, total } = await this.repo.listReports((page - 1) * pageSize, pageSize);
    return {
      items: items.map((r) => ({
        id: r.id,
        startedAt: r.startedAt.toISOString(),
        finishedAt: r.finishedAt.toISOString(),
        accountsChecked: r.accountsChecked,
        mismatches: r.mismatches,
        details: r.details
          .filter((d) => scope.covers(d.orgPath))
          .map(({ orgPath: _path, ...mismatch }) => mismatch),
      })),
      total,
      page,
      pageSize,
    };
  }
}

import { randomUUID } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';

import { JobHandler, type JobProcessor } from '../../platform/queues/job-handler';
import { JobName } from '../../platform/queues/queue-names';
import { type ReconciliationRun, ReconciliationService } from './reconciliation.service';

export type ReconcilePointsJobData = Record<string, never>;

/**
 * Daily at 03:30 Asia/Shanghai: checks every points account against its ledger entries and records a report.
 * Idempotent: it only reads the ledger, and a retry of the same job rewrites that job's report.
 */
@Injectable()
@JobHandler(JobName.ReconcilePoints)
export class ReconcilePointsJob implements JobProcessor<ReconcilePointsJobData, ReconciliationRun> {
  constructor(private readonly reconciliation: ReconciliationService) {}

  process(job: Job<ReconcilePointsJobData>): Promise<ReconciliationRun> {
    return this.reconciliation.run(job.id ? `job:${job.id}:${job.timestamp}` : `run:${randomUUID()}`);
  }
}

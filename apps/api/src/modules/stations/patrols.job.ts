import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';

import { JobHandler, type JobProcessor } from '../../platform/queues/job-handler';
import { JobName } from '../../platform/queues/queue-names';
import { PatrolsService } from './patrols.service';

export type FlagOverduePatrolsJobData = Record<string, never>;

/**
 * Daily (01:10 Asia/Shanghai): flags stations past their patrol due date and notifies the responsible staff.
 * Idempotent: flags are keyed by (station, due date) and the notices go out in the same transaction.
 */
@Injectable()
@JobHandler(JobName.FlagOverduePatrols)
export class FlagOverduePatrolsJob implements JobProcessor<
  FlagOverduePatrolsJobData,
  { flagged: number; notified: number }
> {
  constructor(private readonly patrols: PatrolsService) {}

  process(_job: Job<FlagOverduePatrolsJobData>): Promise<{ flagged: number; notified: number }> {
    return this.patrols.flagOverdue();
  }
}

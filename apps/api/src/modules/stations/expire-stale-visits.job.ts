import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';

import { JobHandler, type JobProcessor } from '../../platform/queues/job-handler';
import { JobName } from '../../platform/queues/queue-names';
import { StationDoorService } from './station-door.service';

export type ExpireStaleVisitsJobData = Record<string, never>;

/**
 * Every minute: fails door visits still pending a minute after they began (the API died between writing the
 * visit and recording the lock's answer). Idempotent: a re-run finds nothing left pending.
 */
@Injectable()
@JobHandler(JobName.ExpireStaleVisits)
export class ExpireStaleVisitsJob implements JobProcessor<ExpireStaleVisitsJobData, { expired: number }> {
  constructor(private readonly door: StationDoorService) {}

  async process(_job: Job<ExpireStaleVisitsJobData>): Promise<{ expired: number }> {
    return { expired: await this.door.expireStaleVisits() };
  }
}

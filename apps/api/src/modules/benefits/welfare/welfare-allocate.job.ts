import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';

import { JobHandler, type JobProcessor } from '../../../platform/queues/job-handler';
import { JobName } from '../../../platform/queues/queue-names';
import { type AllocationResult, WelfareAllocationService } from './allocation.service';

/** One campaign (enqueued on publish), or none: the daily scheduler's run over every open campaign. */
export interface WelfareAllocateJobData {
  campaignId?: string;
}

/**
 * Allots welfare shares. Enqueued on publish with jobId `welfare-allocate-<id>-<published ms>`, and scheduled
 * daily (02:30 Asia/Shanghai, empty data) so members who join while a campaign runs get their share.
 * Idempotent: allocations are unique per (campaign, member) and inserted with ON CONFLICT DO NOTHING.
 */
@Injectable()
@JobHandler(JobName.WelfareAllocate)
export class WelfareAllocateJob implements JobProcessor<WelfareAllocateJobData, AllocationResult[]> {
  constructor(private readonly allocation: WelfareAllocationService) {}

  async process(job: Job<WelfareAllocateJobData>): Promise<AllocationResult[]> {
    const { campaignId } = job.data;
    if (typeof campaignId === 'string') return [await this.allocation.allocate(campaignId)];
    return this.allocation.allocateAllOpen();
  }
}

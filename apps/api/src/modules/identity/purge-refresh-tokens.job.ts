import { Injectable, Logger } from '@nestjs/common';
import type { Job } from 'bullmq';

import { JobHandler, type JobProcessor } from '../../platform/queues/job-handler';
import { JobName } from '../../platform/queues/queue-names';
import { AuthService } from './auth.service';

export type PurgeRefreshTokensJobData = Record<string, never>;

/** Hourly: deletes refresh tokens past their expiry. Idempotent: a re-run deletes nothing new. */
@Injectable()
@JobHandler(JobName.PurgeRefreshTokens)
export class PurgeRefreshTokensJob implements JobProcessor<PurgeRefreshTokensJobData, { deleted: number }> {
  private readonly logger = new Logger(PurgeRefreshTokensJob.name);

  constructor(private readonly auth: AuthService) {}

  async process(_job: Job<PurgeRefreshTokensJobData>): Promise<{ deleted: number }> {
    const deleted = await this.auth.purgeExpiredRefreshTokens();
    if (deleted > 0) this.logger.log({ deleted }, 'Purged expired refresh tokens');
    return { deleted };
  }
}

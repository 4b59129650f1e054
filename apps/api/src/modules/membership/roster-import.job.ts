import { Injectable, Logger } from '@nestjs/common';
import type { Job } from 'bullmq';

import { JobHandler, type JobProcessor } from '../../platform/queues/job-handler';
import { JobName } from '../../platform/queues/queue-names';
import { type RosterImportResult, RosterImportService } from './roster-import.service';

export interface RosterImportJobData {
  importId: string;
}

/**
 * Runs one roster import. Idempotent and resumable: a retry (or a duplicate delivery) continues after the last
 * committed batch, and a finished import is left as it is. Enqueued with jobId `roster-import-<id>`.
 */
@Injectable()
@JobHandler(JobName.RosterImport)
export class RosterImportJob implements JobProcessor<RosterImportJobData, RosterImportResult> {
  private readonly logger = new Logger(RosterImportJob.name);

  constructor(private readonly imports: RosterImportService) {}

  async process(job: Job<RosterImportJobData>): Promise<RosterImportResult> {
    try {
      return await this.imports.run(job.data.importId);
    } catch (e) {
      // attemptsMade counts the attempts that failed before this one.
      if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) {
        this.logger.error({ err: e, importId: job.data.importId }, 'Roster import failed for good');
        await this.imports.failIfUnfinished(job.data.importId, '导入过程中出现系统错误，请稍后重新上传');
      }
      throw e;
    }
  }
}

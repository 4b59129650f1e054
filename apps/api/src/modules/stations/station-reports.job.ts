import { Injectable } from '@nestjs/common';
import { MONTH_PATTERN } from '@smartunion/contracts';
import { type Job, UnrecoverableError } from 'bullmq';

import { JobHandler, type JobProcessor } from '../../platform/queues/job-handler';
import { JobName } from '../../platform/queues/queue-names';
import { StationReportsService } from './station-reports.service';

/** `month` ('YYYY-MM') re-runs a given month by hand; the schedule sends none (the month just ended). */
export interface MonthlyStationReportJobData {
  month?: string;
}

/**
 * The 1st of each month, 08:00 Asia/Shanghai: last month's report per city federation, sent to its city staff.
 * Idempotent: one report per (city, month), written with its notices in one transaction.
 */
@Injectable()
@JobHandler(JobName.MonthlyStationReport)
export class MonthlyStationReportJob implements JobProcessor<
  MonthlyStationReportJobData,
  { month: string; written: number; notified: number }
> {
  constructor(private readonly reports: StationReportsService) {}

  process(
    job: Job<MonthlyStationReportJobData>,
  ): Promise<{ month: string; written: number; notified: number }> {
    const month = job.data?.month;
    if (month !== undefined && !MONTH_PATTERN.test(month)) {
      // Not worth retrying: the payload will not get better.
      throw new UnrecoverableError(
        `monthly-station-report: month must be 'YYYY-MM', got ${JSON.stringify(month)}`,
      );
    }
    return this.reports.writeMonthly(month);
  }
}

import { BUSINESS_TIME_ZONE } from '@smartunion/contracts';

/** Every queue. Workers for each run in the worker process only. */
export const QueueName = {
  Maintenance: 'maintenance',
  Membership: 'membership',
  Stations: 'stations',
  Points: 'points',
  Benefits: 'benefits',
  /** Flash-sale pre-heat, grant persistence and end-of-drop reconciliation: never stuck behind other work. */
  Flash: 'flash',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];
export const QUEUE_NAMES: readonly QueueName[] = Object.values(QueueName);

/** Every job. The worker refuses to start unless each has exactly one @JobHandler. */
export const JobName = {
  PurgeRefreshTokens: 'purge-refresh-tokens',
  RosterImport: 'roster-import',
  ExpireStaleVisits: 'expire-stale-visits',
  FlagOverduePatrols: 'flag-overdue-patrols',
  MonthlyStationReport: 'monthly-station-report',
  ReconcilePoints: 'reconcile-points',
  WelfareAllocate: 'welfare-allocate',
  FlashPreheat: 'flash-preheat',
  FlashPersist: 'flash-persist',
  FlashEnd: 'flash-end',
  FlashSweep: 'flash-sweep',
} as const;
export type JobName = (typeof JobName)[keyof typeof JobName];
export const JOB_NAMES: readonly JobName[] = Object.values(JobName);

export interface JobDefinition {
  queue: QueueName;
  /** Repeat schedule (cron, Asia/Shanghai) registered with upsertJobScheduler when the worker starts. */
  schedule?: { pattern: string };
}

export const JOBS: Readonly<Record<JobName, JobDefinition>> = {
  [JobName.PurgeRefreshTokens]: { queue: QueueName.Maintenance, schedule: { pattern: '17 * * * *' } },
  [JobName.RosterImport]: { queue: QueueName.Membership },
  // Door visits left 'pending' by a crash between their two writes: failed once a minute old.
  [JobName.ExpireStaleVisits]: { queue: QueueName.Maintenance, schedule: { pattern: '* * * * *' } },
  // Daily at 01:10: flags stations past their patrol due date and tells the responsible staff.
  [JobName.FlagOverduePatrols]: { queue: QueueName.Stations, schedule: { pattern: '10 1 * * *' } },
  // The 1st of each month at 08:00: last month's report for each city federation.
  [JobName.MonthlyStationReport]: { queue: QueueName.Stations, schedule: { pattern: '0 8 1 * *' } },
  // Daily at 03:30: every points account against the sum of its ledger entries; a report of any difference.
  [JobName.ReconcilePoints]: { queue: QueueName.Points, schedule: { pattern: '30 3 * * *' } },
  // On publish (with the campaign id), and daily at 02:30 over every open campaign: members who joined since
  // get their welfare share. Idempotent (one allocation per campaign and member).
  [JobName.WelfareAllocate]: { queue: QueueName.Benefits, schedule: { pattern: '30 2 * * *' } },
  // Flash drops: pre-heat (delayed to the lead before the start), grant persistence (requested after grants,
  // deduplicated per drop), the end (delayed to ends_at: drain, reconcile, return unsold stock) and, every
  // minute, a sweep queueing whatever those missed.
  [JobName.FlashPreheat]: { queue: QueueName.Flash },
  [JobName.FlashPersist]: { queue: QueueName.Flash },
  [JobName.FlashEnd]: { queue: QueueName.Flash },
  [JobName.FlashSweep]: { queue: QueueName.Flash, schedule: { pattern: '* * * * *' } },
};

export const SCHEDULE_TZ = BUSINESS_TIME_ZONE;

/** Every queue. Workers for each run in the worker process only. */
export const QueueName = {
  Maintenance: 'maintenance',
  Membership: 'membership',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];
export const QUEUE_NAMES: readonly QueueName[] = Object.values(QueueName);

/** Every job. The worker refuses to start unless each has exactly one @JobHandler. */
export const JobName = {
  PurgeRefreshTokens: 'purge-refresh-tokens',
  RosterImport: 'roster-import',
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
};

export const SCHEDULE_TZ = 'Asia/Shanghai';

import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import { type Job, Worker } from 'bullmq';

import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { JOB_HANDLER, type JobProcessor } from './job-handler';
import { JOB_NAMES, JOBS, type JobName, QUEUE_NAMES, SCHEDULE_TZ } from './queue-names';
import { QueueRegistry, bullConnection, bullPrefix } from './queues.module';

export class MissingJobHandlerError extends Error {}

/**
 * Runs a BullMQ Worker per queue and dispatches each job by name to its @JobHandler. Start-up fails when a job
 * has no handler or two; repeatable jobs are (re)declared with upsertJobScheduler, which is idempotent across
 * restarts and across several worker instances.
 */
@Injectable()
export class WorkerHost implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WorkerHost.name);
  private readonly workers: Worker[] = [];
  private handlers = new Map<JobName, JobProcessor>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
    private readonly queues: QueueRegistry,
  ) {}

  /** Maps every job name to its processor; throws MissingJobHandlerError naming what is missing or doubled. */
  collectHandlers(): Map<JobName, JobProcessor> {
    const found = new Map<JobName, JobProcessor[]>();
    for (const wrapper of this.discovery.getProviders()) {
      const instance: unknown = wrapper.instance;
      const metatype: unknown = wrapper.metatype;
      if (!instance || !metatype) continue;
      const name = this.reflector.get<JobName | undefined>(JOB_HANDLER, metatype as () => void);
      if (!name) continue;
      found.set(name, [...(found.get(name) ?? []), instance as JobProcessor]);
    }
    const missing = JOB_NAMES.filter((n) => !found.has(n));
    const doubled = [...found].filter(([, list]) => list.length > 1).map(([n]) => n);
    if (missing.length > 0 || doubled.length > 0) {
      throw new MissingJobHandlerError(
        `Worker cannot start: ${missing.length ? `no handler for ${missing.join(', ')}` : ''}${
          doubled.length ? ` several handlers for ${doubled.join(', ')}` : ''
        }`.trim(),
      );
    }
    return new Map([...found].map(([n, list]) => [n, list[0]]));
  }

  async onApplicationBootstrap(): Promise<void> {
    this.handlers = this.collectHandlers();
    for (const queue of QUEUE_NAMES) {
      const worker = new Worker(queue, (job: Job) => this.dispatch(job), {
        connection: bullConnection(this.config),
        prefix: bullPrefix(this.config),
        concurrency: 4,
        autorun: true,
      });
      worker.on('failed', (job, err) =>
        this.logger.warn({ jobId: job?.id, job: job?.name, err: err.message }, 'Job failed'),
      );
      worker.on('error', (err) => this.logger.error({ err }, 'Worker error'));
      this.workers.push(worker);
    }
    for (const name of JOB_NAMES) {
      const { queue, schedule } = JOBS[name];
      if (!schedule) continue;
      await this.queues
        .get(queue)
        .upsertJobScheduler(name, { pattern: schedule.pattern, tz: SCHEDULE_TZ }, { name, data: {} });
    }
    this.logger.log(`Worker running ${this.handlers.size} job types on ${QUEUE_NAMES.length} queues`);
  }

  private async dispatch(job: Job): Promise<unknown> {
    const handler = this.handlers.get(job.name as JobName);
    if (!handler) throw new Error(`No handler for job ${job.name}`);
    return handler.process(job);
  }

  /** Stops taking jobs and waits for the running ones to finish (BullMQ's close is graceful by default). */
  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
  }
}

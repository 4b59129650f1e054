import { type INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type Job, Worker } from 'bullmq';

import {
  FlashEndJob,
  FlashPersistJob,
  FlashPreheatJob,
  FlashSweepJob,
} from '../../src/modules/benefits/flash/flash.job';
import { FlashJobsModule } from '../../src/modules/benefits/flash/flash.module';
import type { AppConfig } from '../../src/platform/config/app-config';
import { PlatformModule } from '../../src/platform/platform.module';
import type { JobProcessor } from '../../src/platform/queues/job-handler';
import { JobName, QueueName } from '../../src/platform/queues/queue-names';
import { bullConnection, bullPrefix } from '../../src/platform/queues/queues.module';

export interface FlashWorker {
  /** The worker's Nest context (its services, e.g. FlashPersistService). */
  jobs: INestApplicationContext;
  close(): Promise<void>;
}

/**
 * The worker's flash jobs in this process, on the real `flash` queue: pre-heat, persist, end, sweep. (The whole
 * WorkerModule would also run every other area's queues.)
 */
export async function startFlashWorker(config: AppConfig): Promise<FlashWorker> {
  @Module({ imports: [PlatformModule.forRoot(config, 'worker'), FlashJobsModule] })
  class FlashWorkerModule {}
  const jobs = await NestFactory.createApplicationContext(FlashWorkerModule, { logger: false });
  const handlers: Record<string, JobProcessor> = {
    [JobName.FlashPreheat]: jobs.get(FlashPreheatJob),
    [JobName.FlashPersist]: jobs.get(FlashPersistJob),
    [JobName.FlashEnd]: jobs.get(FlashEndJob),
    [JobName.FlashSweep]: jobs.get(FlashSweepJob),
  };
  const worker = new Worker(QueueName.Flash, (job: Job) => handlers[job.name].process(job), {
    connection: bullConnection(config),
    prefix: bullPrefix(config),
    concurrency: 4,
  });
  return {
    jobs,
    close: async () => {
      await worker.close();
      await jobs.close();
    },
  };
}

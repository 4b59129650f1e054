import { Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { type ConnectionOptions, Queue } from 'bullmq';

import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { redisOptions } from '../redis/redis.module';
import { JOBS, type JobName, QUEUE_NAMES, type QueueName } from './queue-names';

/** BullMQ's key prefix: a Redis Cluster hash tag, so each queue's keys stay in one slot. */
export function bullPrefix(config: AppConfig): string {
  return `{${config.redis.prefix}:bull}`;
}

export function bullConnection(config: AppConfig): ConnectionOptions {
  return { ...redisOptions(config.redis.url), maxRetriesPerRequest: null };
}

/** The producer side of every queue, shared by the API and the worker. */
@Injectable()
export class QueueRegistry implements OnApplicationShutdown {
  private readonly queues = new Map<QueueName, Queue>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: bullConnection(this.config), prefix: bullPrefix(this.config) });
      this.queues.set(name, queue);
    }
    return queue;
  }

  all(): Queue[] {
    return QUEUE_NAMES.map((n) => this.get(n));
  }

  /** Adds a job to its queue. Give a jobId for anything that may be enqueued twice: BullMQ keeps the first. */
  async add<T>(name: JobName, data: T, options: { jobId?: string; delay?: number } = {}): Promise<void> {
    await this.get(JOBS[name].queue).add(name, data, {
      jobId: options.jobId,
      delay: options.delay,
      removeOnComplete: { age: 24 * 3600, count: 1000 },
      removeOnFail: { age: 7 * 24 * 3600 },
      attempts: 5,
      backoff: { type: 'exponential', delay: 1000 },
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }
}

@Global()
@Module({ providers: [QueueRegistry], exports: [QueueRegistry] })
export class QueuesModule {}

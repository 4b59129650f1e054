import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { JobsOptions } from 'bullmq';

import type { AppConfig } from '../../../platform/config/app-config';
import { APP_CONFIG } from '../../../platform/config/config.module';
import { JobName, QueueName } from '../../../platform/queues/queue-names';
import { QueueRegistry } from '../../../platform/queues/queues.module';

export interface FlashPreheatJobData {
  dropId: string;
  version: number;
}

export interface FlashDropJobData {
  dropId: string;
}

const RETRY: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 500 },
  removeOnComplete: { age: 24 * 3600, count: 1000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/**
 * Puts the flash jobs on the `flash` queue. Pre-heat and end jobs carry the drop's version in their id, so an
 * edit schedules new ones and the old ones, should they still run, find a newer version and do nothing.
 */
@Injectable()
export class FlashScheduler implements OnApplicationShutdown {
  private readonly logger = new Logger(FlashScheduler.name);
  /** Drops with a persist request pending in this process (see kickPersist). */
  private readonly kicks = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly queues: QueueRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private get queue() {
    return this.queues.get(QueueName.Flash);
  }

  /**
   * Pre-heats the drop `preheatLeadSeconds` before it opens; at once when that moment has passed. `suffix`
   * makes a distinct job id for the sweep (a finished job with the same id would swallow the add).
   */
  async schedulePreheat(dropId: string, version: number, startsAt: Date, suffix = ''): Promise<void> {
    const delay = Math.max(0, startsAt.getTime() - this.config.flash.preheatLeadSeconds * 1000 - Date.now());
    const data: FlashPreheatJobData = { dropId, version };
    await this.queue.add(JobName.FlashPreheat, data, {
      ...RETRY,
      jobId: `preheat-${dropId}-v${version}${suffix}`,
      delay,
    });
  }

  async scheduleEnd(dropId: string, version: number, endsAt: Date, suffix = ''): Promise<void> {
    const data: FlashDropJobData = { dropId };
    await this.queue.add(JobName.FlashEnd, data, {
      ...RETRY,
      jobId: `end-${dropId}-v${version}${suffix}`,
      delay: Math.max(0, endsAt.getTime() - Date.now()),
    });
  }

  /** Best effort: the jobs of an edited or cancelled drop's older version (they would do nothing anyway). */
  async unschedule(dropId: string, version: number): Promise<void> {
    await Promise.all(
      [`preheat-${dropId}-v${version}`, `end-${dropId}-v${version}`].map((id) =>
        this.queue.remove(id).catch(() => 0),
      ),
    );
  }

  /**
   * Asks for a persist run of the drop soon, without a queue write per grant: the first grant of a quiet
   * moment arms a timer, grants until it fires share the one request (trailing edge, so every grant is older
   * than the request that covers it). BullMQ deduplication with keepLastIfActive then merges the requests of
   * every API process: at most one run per drop is active and one waits, and a request arriving while a run is
   * active queues the next run, so no grant appended after a run's last read is left behind. The timer is
   * this process's own business; nothing has to agree across processes, and the end job drains whatever a
   * crash left.
   */
  kickPersist(dropId: string): void {
    if (this.kicks.has(dropId)) return;
    const timer = setTimeout(() => {
      this.kicks.delete(dropId);
      void this.requestPersist(dropId).catch((e: unknown) =>
        this.logger.warn(
          { dropId, err: e instanceof Error ? e.message : String(e) },
          'Flash persist request failed',
        ),
      );
    }, this.config.flash.persistKickMs);
    timer.unref();
    this.kicks.set(dropId, timer);
  }

  async requestPersist(dropId: string): Promise<void> {
    const data: FlashDropJobData = { dropId };
    await this.queue.add(JobName.FlashPersist, data, {
      ...RETRY,
      removeOnComplete: { age: 3600, count: 100 },
      deduplication: { id: `flash-persist-${dropId}`, keepLastIfActive: true },
    });
  }

  /** Sends the requests still waiting on their timer, so a rolling restart leaves no grant for the end job. */
  async onApplicationShutdown(): Promise<void> {
    const pending = [...this.kicks.entries()];
    this.kicks.clear();
    for (const [, timer] of pending) clearTimeout(timer);
    await Promise.all(pending.map(([dropId]) => this.requestPersist(dropId).catch(() => undefined)));
  }
}

import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';

import type { AppConfig } from '../../../platform/config/app-config';
import { APP_CONFIG } from '../../../platform/config/config.module';
import { FlashDropsRepository } from './flash-drops.repository';
import { FlashKeys } from './flash-keys';
import { FLASH_REDIS } from './flash-redis';
import { FlashScheduler } from './flash-scheduler';

export interface SweepOutcome {
  preheats: number;
  persists: number;
  ends: number;
}

/**
 * Every minute: compares what should be in Redis with what is, and queues what is missing. The delayed jobs
 * do the work on time; this catches what they cannot — a job that could not be queued after its commit, a
 * drop whose Redis meta is gone or of an older version (Redis lost data, an edit's re-pre-heat failed), grants
 * waiting without a persist run, drops past their end not reconciled.
 */
@Injectable()
export class FlashSweepService {
  constructor(
    private readonly drops: FlashDropsRepository,
    private readonly scheduler: FlashScheduler,
    @Inject(FLASH_REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async sweep(): Promise<SweepOutcome> {
    const due = await this.drops.dueForSweep(this.config.flash.preheatLeadSeconds);
    const stamp = `-sweep-${Math.floor(Date.now() / 60_000)}`;
    const outcome: SweepOutcome = { preheats: 0, persists: 0, ends: 0 };
    for (const drop of due.open) {
      const keys = new FlashKeys(drop.id);
      const [meta, length, cursor] = await Promise.all([
        this.redis.hmget(keys.meta, 'v', 's'),
        this.redis.llen(keys.grants),
        this.redis.get(keys.persisted),
      ]);
      if (meta[0] !== String(drop.version) || meta[1] === null) {
        await this.scheduler.schedulePreheat(drop.id, drop.version, new Date(0), stamp);
        outcome.preheats += 1;
      }
      if (length > (Number(cursor ?? 0) || 0)) {
        await this.scheduler.requestPersist(drop.id);
        outcome.persists += 1;
      }
    }
    for (const drop of due.over) {
      await this.scheduler.scheduleEnd(drop.id, 0, new Date(0), stamp);
      outcome.ends += 1;
    }
    return outcome;
  }
}

import { randomUUID } from 'node:crypto';

import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';

import { FlashDropsRepository } from './flash-drops.repository';
import { FlashKeys } from './flash-keys';
import { FLASH_REDIS } from './flash-redis';
import { FlashScheduler } from './flash-scheduler';

/** Members read from PostgreSQL and added to Redis per round trip while the audience is built. */
const AUDIENCE_BATCH = 10_000;
const RESTORE_BATCH = 1_000;
/** A run that dies mid-way leaves its staging keys; they go by themselves. */
const STAGING_TTL_SECONDS = 3600;

export interface PreheatOutcome {
  outcome: 'fresh' | 'kept' | 'closed' | 'stale' | 'locked' | 'skipped';
  audienceSize?: number;
}

/**
 * Pre-heats a drop into Redis before it opens: the audience as a set of user ids, the stock counter and the
 * meta the grab script reads. Idempotent: run it again and it rebuilds the audience and rewrites the same meta,
 * and the stock counter is created only when absent, so a running drop is never reset. When the counter is
 * gone while PostgreSQL holds coupons of the drop (Redis lost its data), the counters are restored from
 * PostgreSQL so slots and member counts carry on where the database stands.
 *
 * The audience is a snapshot: members who join after the pre-heat are not in it.
 */
@Injectable()
export class FlashPreheatService {
  private readonly logger = new Logger(FlashPreheatService.name);

  constructor(
    private readonly drops: FlashDropsRepository,
    private readonly scheduler: FlashScheduler,
    @Inject(FLASH_REDIS) private readonly redis: Redis,
  ) {}

  async preheat(dropId: string, version: number): Promise<PreheatOutcome> {
    const drop = await this.drops.findById(dropId);
    if (!drop || drop.status !== 'scheduled' || drop.version !== version) return { outcome: 'skipped' };
    if (drop.endsAt.getTime() <= Date.now()) return { outcome: 'skipped' };
    const keys = new FlashKeys(dropId);
    // Staging keys of this run only: two runs at once (a retry, the sweep) never mix their halves.
    const run = randomUUID();
    const audienceNext = keys.audienceNext(run);
    const usersNext = keys.usersNext(run);

    let audienceSize = 0;
    let after = '0';
    for (;;) {
      const batch = await this.drops.audienceBatch(drop, after, AUDIENCE_BATCH);
      if (!batch) break;
      await this.redis.sadd(audienceNext, ...batch.userIds);
      await this.redis.expire(audienceNext, STAGING_TTL_SECONDS);
      audienceSize += batch.userIds.length;
      after = batch.lastId;
    }

    // Only when the counter is absent does the publish script use what is staged here.
    let left = drop.stock;
    if ((await this.redis.exists(keys.stock)) === 0) {
      const counts = await this.drops.grantCounts(dropId);
      left = Math.max(0, drop.stock - counts.maxSlot);
      for (let i = 0; i < counts.users.length; i += RESTORE_BATCH) {
        const pairs = counts.users.slice(i, i + RESTORE_BATCH).flatMap((u) => [u.userId, String(u.count)]);
        await this.redis.hset(usersNext, ...pairs);
        await this.redis.expire(usersNext, STAGING_TTL_SECONDS);
      }
    }

    const outcome = (await this.redis.flashPublish(
      keys.meta,
      keys.stock,
      keys.audience,
      audienceNext,
      keys.users,
      usersNext,
      version,
      drop.startsAt.getTime(),
      drop.endsAt.getTime(),
      drop.perMemberLimit,
      drop.stock,
      left,
    )) as PreheatOutcome['outcome'];
    if (outcome === 'locked') {
      // An edit reached PostgreSQL after grants were made: the edit path refuses that, so this is a bug.
      this.logger.error({ dropId, version }, 'Flash drop edited after grants; Redis keeps the running sale');
      return { outcome };
    }
    if (outcome !== 'fresh' && outcome !== 'kept') return { outcome };
    await this.drops.markPreheated(dropId, version, audienceSize);
    await this.scheduler.scheduleEnd(dropId, version, drop.endsAt);
    return { outcome, audienceSize };
  }
}

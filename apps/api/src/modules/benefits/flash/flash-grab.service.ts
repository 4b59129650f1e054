import { randomUUID } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';
import { ErrorCode, GRAB_RESULTS, type GrabResponse, type GrabResult } from '@smartunion/contracts';
import type { Redis } from 'ioredis';

import type { AppConfig } from '../../../platform/config/app-config';
import { APP_CONFIG } from '../../../platform/config/config.module';
import { FlashError, redisDown } from './flash.errors';
import { FlashKeys } from './flash-keys';
import { FLASH_REDIS } from './flash-redis';
import { FlashScheduler } from './flash-scheduler';

/** How many sold-out drops a process remembers (the oldest is forgotten first; forgetting only costs a trip). */
const SOLD_OUT_MEMORY = 1000;

function parseAnswer(answer: string): { result: GrabResult; couponId: string | null; remaining: number } {
  const [result, couponId, remaining] = answer.split('|');
  if (!GRAB_RESULTS.includes(result as GrabResult)) throw new Error(`Unexpected grab answer ${answer}`);
  return { result: result as GrabResult, couponId: couponId || null, remaining: Number(remaining) || 0 };
}

/**
 * The grab: the hottest path of the system. No PostgreSQL, no queue write per request: the user id comes
 * from the access token, one Lua script decides (see flash-redis.ts), the persist queue picks grants up in
 * batches.
 */
@Injectable()
export class FlashGrabService {
  /**
   * Drops this process has seen sold out. Stock only ever goes down while a drop runs (it cannot be edited
   * after its start), so "sold out" never becomes false: a per-process flag needs no agreement between
   * processes — one that has not learnt it yet just asks Redis once more.
   */
  private readonly soldOut = new Set<string>();

  constructor(
    @Inject(FLASH_REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly scheduler: FlashScheduler,
  ) {}

  async grab(userId: string, dropId: string, ip: string, idempotencyKey?: string): Promise<GrabResponse> {
    const keys = new FlashKeys(dropId);
    if (this.soldOut.has(dropId)) {
      // Without a key: no Redis at all. With one, a retry must get its first answer (perhaps `granted`, given
      // before the stock ran out): one plain GET of that stored answer, never the script.
      const first = idempotencyKey
        ? await this.redis.get(keys.idempotency(userId, idempotencyKey)).catch((e: unknown) => {
            throw redisDown(e);
          })
        : null;
      if (first) return { ...parseAnswer(first), now: Date.now(), replayed: true };
      return { result: 'sold_out', couponId: null, remaining: null, now: Date.now(), replayed: false };
    }
    const flash = this.config.flash;
    const [kind, answer, now, wait] = await this.redis
      .flashGrab(
        keys.meta,
        keys.stock,
        keys.audience,
        keys.users,
        keys.grants,
        idempotencyKey ? keys.idempotency(userId, idempotencyKey) : keys.idempotency(userId, '-'),
        keys.memberRate(userId),
        keys.ipRate(ip),
        userId,
        randomUUID(),
        idempotencyKey ? '1' : '0',
        flash.idempotencyTtlSeconds * 1000,
        flash.memberRateLimit,
        flash.ipRateLimit,
        flash.rateWindowMs,
      )
      .catch((e: unknown) => {
        throw redisDown(e);
      });
    if (kind === 'rate_limited') {
      throw new FlashError(ErrorCode.RateLimited, 'Too many grabs, try again in a moment', {
        retryAfterSeconds: Math.max(1, Math.ceil(wait / 1000)),
      });
    }
    const parsed = parseAnswer(answer);
    if (parsed.result === 'sold_out' || (parsed.result === 'granted' && parsed.remaining === 0)) {
      this.rememberSoldOut(dropId);
    }
    if (parsed.result === 'granted' && kind === 'answer') this.scheduler.kickPersist(dropId);
    return { ...parsed, now, replayed: kind === 'replay' };
  }

  /** Whether this process answers the drop's grabs without Redis (tests prove the fast path with it). */
  knowsSoldOut(dropId: string): boolean {
    return this.soldOut.has(dropId);
  }

  private rememberSoldOut(dropId: string): void {
    if (this.soldOut.size >= SOLD_OUT_MEMORY) {
      const oldest = this.soldOut.values().next().value;
      if (oldest !== undefined) this.soldOut.delete(oldest);
    }
    this.soldOut.add(dropId);
  }
}

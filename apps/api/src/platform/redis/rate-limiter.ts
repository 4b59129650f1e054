import { Inject, Injectable } from '@nestjs/common';
import { ErrorCode } from '@smartunion/contracts';
import type { Redis } from 'ioredis';

import { DomainError } from '../errors/domain-error';
import { REDIS } from './redis.constants';

// Fixed window: INCR, and set the expiry on the first hit, atomically. Returns [count, ttl ms].
const HIT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return { n, redis.call('PTTL', KEYS[1]) }
`;

// Takes one hit back while its window lasts (never creates a counter without an expiry).
const FORGIVE = `
if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('DECR', KEYS[1]) end
return 0
`;

export interface RateLimit {
  /** Names the limit and the subject, e.g. `login:ip:1.2.3.4`. */
  key: string;
  limit: number;
  windowMs: number;
}

/** Counters in Redis, so every API instance shares the same limit. */
@Injectable()
export class RateLimiter {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  /** Counts one hit; throws RATE_LIMITED once the window's limit is exceeded. */
  async hit({ key, limit, windowMs }: RateLimit): Promise<void> {
    const [count, ttl] = (await this.redis.eval(HIT, 1, `rl:${key}`, windowMs)) as [number, number];
    if (count > limit) {
      const retryAfterSeconds = Math.max(1, Math.ceil(ttl / 1000));
      throw new DomainError(ErrorCode.RateLimited, 'Too many requests, try again later', {
        retryAfterSeconds,
      });
    }
  }

  /**
   * Takes back one hit of the window: for limits that count only failures, a hit is counted before the try (so
   * parallel tries cannot slip past the limit together) and forgiven when the try succeeds.
   */
  async forgive(key: string): Promise<void> {
    await this.redis.eval(FORGIVE, 1, `rl:${key}`);
  }
}

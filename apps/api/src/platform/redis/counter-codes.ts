import { randomInt } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';
import { counterCodeOf } from '@smartunion/contracts';
import type { Redis } from 'ioredis';

import type { TokenPurpose } from '../crypto/signed-token';
import { RateLimiter } from './rate-limiter';
import { REDIS } from './redis.constants';

/** The QR tokens a counter code may stand for. */
export type CounterCodeKind = Extract<TokenPurpose, 'coupon' | 'welfare-pickup'>;

/**
 * Typed codes that name no live token, per desk account: 10 in 30 minutes (a scanned QR is never counted). With
 * 10⁸ codes and 1,000 live at once, a desk guessing at this pace needs some 200 days to hit any live code — and
 * then most likely one its scope refuses (another merchant's coupon, another station's share).
 */
export const COUNTER_CODE_MISSES_PER_DESK = 10;
export const COUNTER_CODE_MISS_WINDOW_MS = 30 * 60_000;
/** Codes issued per member and minute: a page renews one every few minutes; a loop cannot crowd the space. */
export const COUNTER_CODES_PER_USER_PER_MINUTE = 30;
/** Draws of a code no live token holds (with 10⁸ codes a second draw is already rare). */
const DRAWS = 8;

const codeKey = (code: string): string => `cc:${code}`;
const missKey = (deskUserId: string): string => `counter-code:miss:user:${deskUserId}`;

/**
 * Counter codes (核销码): an 8-digit number issued beside a short-lived QR token, standing for that token for
 * exactly its life, so a cashier without a camera can type what the member reads out. A code is a Redis key
 * `cc:<digits>` holding `<kind>:<token>`, set only if absent (unique among live codes of every kind) and expiring
 * at the token's own expiry. A desk's typed code is looked up and then checked like the scanned token, so every
 * rule of the desk still applies; codes that name nothing count against the desk account.
 */
@Injectable()
export class CounterCodes {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly rateLimiter: RateLimiter,
  ) {}

  /** A fresh code for `token`, living until `expiresAt` (epoch ms, the token's expiry). */
  async issue(kind: CounterCodeKind, token: string, expiresAt: number, userId: string): Promise<string> {
    await this.rateLimiter.hit({
      key: `counter-code:issue:user:${userId}`,
      limit: COUNTER_CODES_PER_USER_PER_MINUTE,
      windowMs: 60_000,
    });
    for (let draw = 0; draw < DRAWS; draw += 1) {
      const code = String(randomInt(0, 100_000_000)).padStart(8, '0');
      if (await this.redis.set(codeKey(code), `${kind}:${token}`, 'PXAT', expiresAt, 'NX')) return code;
    }
    throw new Error('No free counter code after several draws');
  }

  /**
   * The token a desk's input stands for: a typed counter code (digits, spaces ignored) is looked up — null if no
   * live code of this kind has it, counted against the desk —; anything else is the scanned text itself, for the
   * caller's token check.
   */
  async tokenFor(kind: CounterCodeKind, input: string, deskUserId: string): Promise<string | null> {
    const code = counterCodeOf(input);
    if (code === null) return input.trim();
    // Counted before the look-up, so parallel guesses cannot slip past the limit together; a hit is forgiven.
    await this.rateLimiter.hit({
      key: missKey(deskUserId),
      limit: COUNTER_CODE_MISSES_PER_DESK,
      windowMs: COUNTER_CODE_MISS_WINDOW_MS,
    });
    const value = await this.redis.get(codeKey(code));
    const prefix = `${kind}:`;
    if (!value?.startsWith(prefix)) return null;
    await this.rateLimiter.forgive(missKey(deskUserId));
    return value.slice(prefix.length);
  }
}

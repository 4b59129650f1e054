import { Inject, Injectable, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { Redis, type Result } from 'ioredis';

import type { AppConfig } from '../../../platform/config/app-config';
import { APP_CONFIG } from '../../../platform/config/config.module';
import { redisOptions } from '../../../platform/redis/redis.module';

/**
 * The grab: one script, one round trip. In order: the stored first answer of a retried Idempotency-Key; the
 * per-IP and per-member rate limits (fixed windows); the window; the audience; the member's limit; the stock.
 * A grant decrements the stock, counts the member's grant and appends it to the grants log. Every key may be
 * missing: no meta is "not started" (not pre-heated yet, or an unknown drop), no stock is "sold out", no
 * audience is "not eligible". Time is Redis' own clock, the one clock every API process shares.
 *
 * KEYS: meta, stock, audience, users, grants, idempotency, member rate, IP rate.
 * ARGV: user id, coupon id, keyed ('1'/'0'), idempotency TTL ms, member limit, IP limit, rate window ms.
 * Returns {kind, answer, now, retryAfterMs}: kind 'answer', 'replay' or 'rate_limited'; answer is
 * `result|couponId|remaining`, the string stored for replays.
 */
const GRAB = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local keyed = ARGV[3] == '1'
if keyed then
  local first = redis.call('GET', KEYS[6])
  if first then return {'replay', first, now, 0} end
end
local function limited(key, limit)
  local n = redis.call('INCR', key)
  if n == 1 then redis.call('PEXPIRE', key, ARGV[7]) end
  if n > tonumber(limit) then
    local ttl = redis.call('PTTL', key)
    if ttl < 0 then
      redis.call('PEXPIRE', key, ARGV[7])
      ttl = tonumber(ARGV[7])
    end
    return ttl
  end
  return false
end
local wait = limited(KEYS[8], ARGV[6]) or limited(KEYS[7], ARGV[5])
if wait then return {'rate_limited', '', now, wait} end
local left = tonumber(redis.call('GET', KEYS[2]) or '0')
local m = redis.call('HMGET', KEYS[1], 's', 'e', 'l', 'n', 'x')
local function answer(result, coupon)
  local a = result .. '|' .. coupon .. '|' .. left
  if keyed and (m[1] or m[5]) then redis.call('SET', KEYS[6], a, 'PX', ARGV[4]) end
  return {'answer', a, now, 0}
end
if m[5] then return answer('ended', '') end
if not m[1] or now < tonumber(m[1]) then return answer('not_started', '') end
if now >= tonumber(m[2]) then return answer('ended', '') end
if redis.call('SISMEMBER', KEYS[3], ARGV[1]) == 0 then return answer('not_eligible', '') end
if tonumber(redis.call('HGET', KEYS[4], ARGV[1]) or '0') >= tonumber(m[3]) then
  return answer('limit_reached', '')
end
if left <= 0 then return answer('sold_out', '') end
left = redis.call('DECR', KEYS[2])
local slot = tonumber(m[4]) - left
local seq = redis.call('HINCRBY', KEYS[4], ARGV[1], 1)
redis.call('RPUSH', KEYS[5], ARGV[2] .. '|' .. ARGV[1] .. '|' .. seq .. '|' .. slot .. '|' .. now)
return answer('granted', ARGV[2])
`;

/**
 * Publishes a pre-heated drop atomically once its audience is built: renames the new audience into place,
 * creates the stock counter only if it is absent (a running drop's counter is never reset) — unless the drop
 * was edited before its start (a newer version, no grant yet) — and writes the meta last. A drop closed
 * (ended or cancelled) or pre-heated by a newer version is left alone.
 *
 * KEYS: meta, stock, audience, audience next, users, users next.
 * ARGV: version, starts ms, ends ms, per-member limit, stock, stock left if the counter is (re)created.
 * Returns 'fresh' (counter created), 'kept', 'closed', 'stale' or 'locked' (edited after grants: refused).
 */
const PUBLISH = `
local cur = redis.call('HMGET', KEYS[1], 'v', 'x')
local v = tonumber(ARGV[1])
local curv = tonumber(cur[1] or '0')
local function drop(result)
  redis.call('DEL', KEYS[4], KEYS[6])
  return result
end
if cur[2] then return drop('closed') end
if curv > v then return drop('stale') end
local fresh = redis.call('EXISTS', KEYS[2]) == 0
if curv < v and not fresh then
  if redis.call('HLEN', KEYS[5]) > 0 then return drop('locked') end
  fresh = true
end
if fresh then
  redis.call('SET', KEYS[2], ARGV[6])
  redis.call('DEL', KEYS[5])
  if redis.call('EXISTS', KEYS[6]) == 1 then
    redis.call('RENAME', KEYS[6], KEYS[5])
    redis.call('PERSIST', KEYS[5])
  end
else
  redis.call('DEL', KEYS[6])
end
if redis.call('EXISTS', KEYS[4]) == 1 then
  redis.call('RENAME', KEYS[4], KEYS[3])
  redis.call('PERSIST', KEYS[3])
else
  redis.call('DEL', KEYS[3])
end
redis.call('HSET', KEYS[1], 's', ARGV[2], 'e', ARGV[3], 'l', ARGV[4], 'n', ARGV[5], 'v', ARGV[1])
if fresh then return 'fresh' end
return 'kept'
`;

/**
 * Takes a drop off sale before its start (an edit or a cancellation), unless someone already got a coupon.
 * An edit removes the start so grabs answer "not started" until the new version is pre-heated; a cancellation
 * closes the drop for good, drops its stock and audience (nothing was granted) and lets the meta expire.
 *
 * KEYS: meta, users, stock, audience. ARGV: 'edit' or 'cancel', retention ms of a cancelled drop's meta.
 * Returns 1, or 0 when grants exist (the drop is running: refused).
 */
const UNPUBLISH = `
if redis.call('HLEN', KEYS[2]) > 0 then return 0 end
if ARGV[1] == 'cancel' then
  redis.call('HSET', KEYS[1], 'x', 'c')
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  redis.call('DEL', KEYS[3], KEYS[4])
else
  redis.call('HDEL', KEYS[1], 's')
end
return 1
`;

export type GrabScriptReply = [
  kind: 'answer' | 'replay' | 'rate_limited',
  answer: string,
  now: number,
  wait: number,
];

declare module 'ioredis' {
  interface RedisCommander<Context> {
    flashGrab(...args: (string | number)[]): Result<GrabScriptReply, Context>;
    flashPublish(...args: (string | number)[]): Result<string, Context>;
    flashUnpublish(...args: (string | number)[]): Result<number, Context>;
  }
}

/** Injection token of the flash sale's own Redis client. */
export const FLASH_REDIS = Symbol('FLASH_REDIS');

/**
 * A client of its own for the hot path: the grab is never queued behind other work on the shared connection,
 * and auto-pipelining sends every command issued in the same tick in one write (a burst of grabs costs a few
 * syscalls, not one each). Same key prefix as the app's client. Scripts are sent by EVALSHA.
 */
export const flashRedisProvider: Provider = {
  provide: FLASH_REDIS,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig): Redis => {
    const client = new Redis({
      ...redisOptions(config.redis.url),
      keyPrefix: `${config.redis.prefix}:`,
      maxRetriesPerRequest: 2,
      enableAutoPipelining: true,
      connectionName: 'flash',
    });
    client.defineCommand('flashGrab', { numberOfKeys: 8, lua: GRAB });
    client.defineCommand('flashPublish', { numberOfKeys: 6, lua: PUBLISH });
    client.defineCommand('flashUnpublish', { numberOfKeys: 4, lua: UNPUBLISH });
    return client;
  },
};

@Injectable()
export class FlashRedisCloser implements OnApplicationShutdown {
  constructor(@Inject(FLASH_REDIS) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.redis.status !== 'end') await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

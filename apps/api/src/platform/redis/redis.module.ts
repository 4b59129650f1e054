import { Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Redis, type RedisOptions } from 'ioredis';

import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { CounterCodes } from './counter-codes';
import { RateLimiter } from './rate-limiter';
import { REDIS } from './redis.constants';

export { REDIS };

/** ioredis options from a redis:// URL, shared by the app client and BullMQ's connections. */
export function redisOptions(url: string): RedisOptions {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    username: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0,
    tls: u.protocol === 'rediss:' ? {} : undefined,
  };
}

@Injectable()
class RedisCloser implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.redis.status !== 'end') await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/**
 * The app's Redis client. Every key it touches is prefixed with `<REDIS_PREFIX>:` by ioredis itself (Lua KEYS
 * included), so deployments and test runs sharing one Redis never see each other's keys.
 */
@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        new Redis({
          ...redisOptions(config.redis.url),
          keyPrefix: `${config.redis.prefix}:`,
          maxRetriesPerRequest: 2,
          enableOfflineQueue: true,
          lazyConnect: false,
        }),
    },
    RedisCloser,
    RateLimiter,
    CounterCodes,
  ],
  exports: [REDIS, RateLimiter, CounterCodes],
})
export class RedisModule {}

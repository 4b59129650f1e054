import { Redis } from 'ioredis';

import type { RunKind } from './global-setup';
import { dropDatabase } from './test-database';

export async function teardownRun(kind: RunKind): Promise<void> {
  const name = process.env[`SU_${kind}_DATABASE_NAME`];
  if (name && process.env.KEEP_TEST_DB !== 'true') await dropDatabase(name);

  const prefix = process.env[`SU_${kind}_REDIS_PREFIX`];
  if (prefix?.startsWith('su-test-')) {
    const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    try {
      // App keys are `<prefix>:…`; BullMQ's are `{<prefix>:bull}:…`.
      for (const pattern of [`${prefix}:*`, `{${prefix}:bull}:*`]) {
        let cursor = '0';
        do {
          const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
          cursor = next;
          if (keys.length > 0) await redis.del(...keys);
        } while (cursor !== '0');
      }
    } finally {
      redis.disconnect();
    }
  }
}

export default function globalTeardown(): Promise<void> {
  return teardownRun('INT');
}

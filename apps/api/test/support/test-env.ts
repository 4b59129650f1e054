import type { RunKind } from './global-setup';

/** Defaults for every test worker, then the database and Redis prefix global setup made for this project. */
export function applyTestEnv(kind: RunKind): void {
  const defaults: Record<string, string> = {
    NODE_ENV: 'test',
    REDIS_URL: 'redis://127.0.0.1:6379',
    JWT_SECRET: 'test-secret-test-secret-test-secret-0123456789',
    AUTH_DEV_LOGIN: 'true',
    LOG_LEVEL: 'silent',
    LOGIN_RATE_LIMIT_PER_MINUTE: '10000',
    SWAGGER_ENABLED: 'true',
  };
  for (const [key, value] of Object.entries(defaults)) {
    process.env[key] ??= value;
  }
  const url = process.env[`SU_${kind}_DATABASE_URL`];
  const prefix = process.env[`SU_${kind}_REDIS_PREFIX`];
  if (url) process.env.DATABASE_URL = url;
  if (prefix) process.env.REDIS_PREFIX = prefix;
}

// Defaults for every integration test process; global-setup provides DATABASE_URL and REDIS_PREFIX per run.
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

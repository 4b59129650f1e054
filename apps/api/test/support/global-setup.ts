import { randomBytes } from 'node:crypto';

import { createMigratedDatabase } from './test-database';

/**
 * One fresh database per test run, migrated with the real migrations, and one Redis key prefix per run; both
 * reach the test workers through the environment they inherit.
 */
export default async function globalSetup(): Promise<void> {
  const runId = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const name = `su_test_${runId}`;
  process.env.DATABASE_URL = await createMigratedDatabase(name);
  process.env.TEST_DATABASE_NAME = name;
  process.env.REDIS_PREFIX = `su-test-${runId}`;
}

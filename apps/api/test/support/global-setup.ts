import { randomBytes } from 'node:crypto';

import { createMigratedDatabase } from './test-database';

export type RunKind = 'INT' | 'E2E';

/**
 * A fresh database (with the real migrations) and a Redis key prefix for one jest project's run. Projects run
 * their global setups in the same process, so each keeps its own SU_<KIND>_* variables; the project's setup
 * file copies them into DATABASE_URL and REDIS_PREFIX inside its workers.
 */
export async function setupRun(kind: RunKind): Promise<void> {
  const runId = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const name = `su_test_${kind.toLowerCase()}_${runId}`;
  process.env[`SU_${kind}_DATABASE_URL`] = await createMigratedDatabase(name);
  process.env[`SU_${kind}_DATABASE_NAME`] = name;
  process.env[`SU_${kind}_REDIS_PREFIX`] = `su-test-${kind.toLowerCase()}-${runId}`;
}

export default function globalSetup(): Promise<void> {
  return setupRun('INT');
}

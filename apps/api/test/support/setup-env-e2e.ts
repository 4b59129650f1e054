import { applyTestEnv } from './test-env';

// Browser-test workers use the seeded database of the miniapp-e2e project.
applyTestEnv('E2E');

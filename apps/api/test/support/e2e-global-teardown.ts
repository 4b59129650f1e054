import { teardownRun } from './global-teardown';

export default function e2eGlobalTeardown(): Promise<void> {
  return teardownRun('E2E');
}

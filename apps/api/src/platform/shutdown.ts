/**
 * Nest closes the app on SIGTERM/SIGINT (enableShutdownHooks): HTTP stops accepting, BullMQ workers finish their
 * running jobs, pools close. Should any of that hang, this watchdog ends the process after `timeoutMs`, so an
 * orchestrator's grace period is never outlived by a process that will not die.
 */
export function installShutdownWatchdog(timeoutMs: number, log: (message: string) => void): void {
  const arm = (signal: NodeJS.Signals): void => {
    log(`${signal} received: shutting down (forced after ${timeoutMs} ms)`);
    setTimeout(() => {
      log(`shutdown did not finish within ${timeoutMs} ms; exiting`);
      process.exit(1);
    }, timeoutMs).unref();
  };
  process.once('SIGTERM', arm);
  process.once('SIGINT', arm);
}

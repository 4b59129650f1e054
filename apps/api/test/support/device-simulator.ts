import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';

/** The shipped simulator CLI; the tests drive exactly what the demo runs. */
export const SIMULATOR_SCRIPT = resolve(__dirname, '../../../../scripts/device-simulator.mjs');

export type SimulatorEvent =
  | { type: 'ready'; stations: string[] }
  | {
      type: 'door';
      stationId: string;
      requestId: string;
      result: 'opened' | 'refused' | 'expired' | 'dropped' | 'duplicate';
      lateByMs?: number;
    }
  | { type: 'invalid'; stationId: string; error: string }
  | { type: 'state'; stationId: string; occupancy: number; doorClosed: boolean }
  | { type: 'error'; message: string };

export interface SimulatorOptions {
  stations: string[];
  url?: string;
  heartbeatSeconds?: number;
  failRate?: number;
  delayMs?: number;
  refuse?: string[];
}

export interface SimulatedDevices {
  readonly events: SimulatorEvent[];
  /** Resolves with the first event (already seen or coming) that `match` accepts; rejects after `timeoutMs`. */
  waitFor(match: (e: SimulatorEvent) => boolean, timeoutMs?: number): Promise<SimulatorEvent>;
  /** SIGTERM, and the exit code once the process has gone. */
  stop(): Promise<number | null>;
}

/** Starts `scripts/device-simulator.mjs --json …` as a child process and resolves once it is subscribed. */
export async function startSimulator(options: SimulatorOptions): Promise<SimulatedDevices> {
  const args = [
    SIMULATOR_SCRIPT,
    '--json',
    '--stations',
    options.stations.join(','),
    '--heartbeat',
    String(options.heartbeatSeconds ?? 0),
    '--fail-rate',
    String(options.failRate ?? 0),
    '--delay-ms',
    String(options.delayMs ?? 0),
    '--refuse',
    (options.refuse ?? []).join(','),
  ];
  if (options.url) args.push('--url', options.url);
  const child: ChildProcess = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const events: SimulatorEvent[] = [];
  const waiters = new Set<{ match: (e: SimulatorEvent) => boolean; resolve: (e: SimulatorEvent) => void }>();
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));

  createInterface({ input: child.stdout! }).on('line', (line) => {
    let event: SimulatorEvent;
    try {
      event = JSON.parse(line) as SimulatorEvent;
    } catch {
      return;
    }
    events.push(event);
    for (const w of waiters) {
      if (w.match(event)) {
        waiters.delete(w);
        w.resolve(event);
      }
    }
  });

  const waitFor: SimulatedDevices['waitFor'] = (match, timeoutMs = 5000) => {
    const seen = events.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolvePromise, reject) => {
      const waiter = {
        match,
        resolve: (e: SimulatorEvent) => {
          clearTimeout(timer);
          resolvePromise(e);
        },
      };
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        reject(new Error(`simulator event not seen within ${timeoutMs} ms; stderr: ${stderr}`));
      }, timeoutMs);
      waiters.add(waiter);
    });
  };

  const stop = async (): Promise<number | null> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    return exited;
  };

  try {
    await Promise.race([
      waitFor((e) => e.type === 'ready', 10_000),
      exited.then((code) => {
        throw new Error(`simulator exited (${code}) before it was ready: ${stderr}`);
      }),
    ]);
  } catch (e) {
    await stop();
    throw e;
  }
  return { events, waitFor, stop };
}

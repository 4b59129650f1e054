// Scan-to-door-ack round trip (issue 4): how long DoorCommander.open() takes from publishing the open command on
// stations/<id>/door to the lock's ack on stations/<id>/door/ack, through the local Mosquitto, with the device
// simulator answering at once (--delay-ms 0).
//
// Uses the compiled MqttService and DoorCommander (apps/api/dist) and the simulator core in this process.
// Two scenarios: opens one after another (a quiet broker), and 50 in flight at a time (a busy hour across many
// stations). Prints p50/p95/p99 per scenario. Bounded in time; uses random station ids so parallel runs do not
// collide, and leaves nothing behind.
//
// Run: node bench/door-roundtrip.mjs [opens=1000] [timeoutSeconds=120]
// (builds apps/api first, incrementally; BENCH_NO_BUILD=1 skips that; MQTT_URL overrides the broker)
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

import { startDeviceSimulator } from '../scripts/device-simulator-core.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const apiDir = join(root, 'apps/api');
const require = createRequire(join(apiDir, 'package.json'));

const opens = Number(process.argv[2] ?? 1000);
const timeoutSeconds = Number(process.argv[3] ?? 120);
const concurrency = 50;
const warmup = 50;
const url = process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1883';
if (!/^mqtts?:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?\/?$/.test(url)) {
  throw new Error('benchmarks only target this machine (loopback)');
}
if (!(opens >= 500)) throw new Error('measure at least 500 opens');

const watchdog = setTimeout(() => {
  process.stderr.write(`door-roundtrip: did not finish within ${timeoutSeconds} s\n`);
  process.exit(1);
}, timeoutSeconds * 1000);
watchdog.unref();

if (process.env.BENCH_NO_BUILD !== '1') {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: apiDir, stdio: 'inherit' });
}
require('reflect-metadata');
const { connect } = require('mqtt');
const { Logger } = require('@nestjs/common');
const { MqttService } = require('./dist/src/platform/mqtt/mqtt.service.js');
const { DoorCommander } = require('./dist/src/platform/devices/door-commander.js');

Logger.overrideLogger(['error']);

const base = 800_000_000_000_000 + Math.floor(Math.random() * 2 ** 40) * 100;
const stations = Array.from({ length: 20 }, (_, i) => String(base + i));
const config = { mqtt: { url }, devices: { doorAckTimeoutMs: 5000, offlineAfterSeconds: 300 } };

const percentile = (sorted, p) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const fmt = (ms) => ms.toFixed(2);

const simulator = await startDeviceSimulator({ connect, url, stations, heartbeatSeconds: 0, delayMs: 0 });
const mqtt = new MqttService(config, 'bench');
await mqtt.onModuleInit();
const doors = new DoorCommander(config, mqtt);

let n = 0;
async function one() {
  const stationId = stations[n++ % stations.length];
  const started = performance.now();
  const result = await doors.open(stationId, { requestId: randomUUID(), memberRef: 'bench' });
  return { ms: performance.now() - started, result };
}

async function scenario(name, inFlight) {
  const latencies = [];
  const failures = {};
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < opens) {
        next += 1;
        const { ms, result } = await one();
        if (result.ok) latencies.push(ms);
        else failures[result.reason] = (failures[result.reason] ?? 0) + 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const line =
    `${name}: ${latencies.length}/${opens} acked in ${seconds.toFixed(1)} s (${Math.round(opens / seconds)} opens/s); ` +
    `p50 ${fmt(percentile(latencies, 50))} ms, p95 ${fmt(percentile(latencies, 95))} ms, ` +
    `p99 ${fmt(percentile(latencies, 99))} ms, max ${fmt(latencies.at(-1))} ms; failures ${JSON.stringify(failures)}`;
  process.stdout.write(`${line}\n`);
}

try {
  for (let i = 0; i < warmup; i += 1) await one(); // includes the ack subscription on first use
  await scenario('sequential (1 in flight)', 1);
  await scenario(`concurrent (${concurrency} in flight)`, concurrency);
} finally {
  await doors.beforeApplicationShutdown();
  await mqtt.onApplicationShutdown();
  await simulator.stop();
}
process.stdout.write(
  `node ${process.version}, broker ${url}, ${stations.length} simulated stations, lock delay 0 ms, warm-up ${warmup}\n`,
);

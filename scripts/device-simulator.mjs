#!/usr/bin/env node
// Simulated station devices for the demo and the tests: door locks answering open commands on
// stations/<id>/door and sensors sending heartbeats on stations/<id>/state. The logic is in
// device-simulator-core.mjs.
//
//   node scripts/device-simulator.mjs --stations 1,2,3 [--url mqtt://127.0.0.1:1883] [--heartbeat 10]
//        [--fail-rate 0] [--delay-ms 50] [--refuse 3] [--json]
//
// --heartbeat   seconds between heartbeats of each station (0: none)
// --fail-rate   probability (0–1) that a lock does not answer a valid command (the API then times out)
// --delay-ms    time a lock takes to open before it acknowledges
// --refuse      comma-separated stations whose lock refuses every command
// --json        one JSON object per event instead of a readable line (heartbeats included)
// MQTT_URL, MQTT_USERNAME and MQTT_PASSWORD are read from the environment when set. Prints "ready" once
// subscribed; stops cleanly on SIGINT/SIGTERM.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { describeEvent, startDeviceSimulator } from './device-simulator-core.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { connect } = createRequire(join(root, 'apps/api/package.json'))('mqtt');

const list = (value) =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

function fail(message) {
  process.stderr.write(`device-simulator: ${message}\n`);
  process.exit(2);
}

let args;
try {
  args = parseArgs({
    options: {
      stations: { type: 'string' },
      url: { type: 'string', default: process.env.MQTT_URL || 'mqtt://127.0.0.1:1883' },
      heartbeat: { type: 'string', default: '10' },
      'fail-rate': { type: 'string', default: '0' },
      'delay-ms': { type: 'string', default: '50' },
      refuse: { type: 'string', default: '' },
      json: { type: 'boolean', default: false },
    },
  }).values;
} catch (e) {
  fail(e.message);
}

const stations = list(args.stations);
const heartbeatSeconds = Number(args.heartbeat);
const failRate = Number(args['fail-rate']);
const delayMs = Number(args['delay-ms']);
if (stations.length === 0) fail('--stations 1,2,3 is required');
if (!(heartbeatSeconds >= 0)) fail('--heartbeat must be a number of seconds ≥ 0');
if (!(failRate >= 0 && failRate <= 1)) fail('--fail-rate must be between 0 and 1');
if (!(delayMs >= 0)) fail('--delay-ms must be ≥ 0');

const print = (event) => {
  const line = args.json ? JSON.stringify(event) : describeEvent(event);
  if (line) process.stdout.write(`${line}\n`);
};

let simulator;
try {
  simulator = await startDeviceSimulator({
    connect,
    url: args.url,
    stations,
    heartbeatSeconds,
    failRate,
    delayMs,
    refuse: list(args.refuse),
    username: process.env.MQTT_USERNAME || undefined,
    password: process.env.MQTT_PASSWORD || undefined,
    onEvent: print,
  });
} catch (e) {
  fail(`cannot start: ${e.message}`);
}
print({ type: 'ready', stations });
if (!args.json) process.stdout.write(`ready: ${stations.length} station(s) on ${args.url}\n`);

let stopping = false;
const stop = async (signal) => {
  if (stopping) return;
  stopping = true;
  await simulator.stop();
  if (!args.json) process.stdout.write(`stopped (${signal})\n`);
  process.exit(0);
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));

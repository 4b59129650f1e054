// The station-device simulator: door locks that answer open commands and sensors that send heartbeats, speaking
// the same MQTT protocol as the real devices (apps/api/src/platform/devices/station-topics.ts):
//
//   stations/<id>/door      ← { cmd: 'open', requestId, issuedAt, expiresAt }
//   stations/<id>/door/ack  → { requestId, ok, reason? }   (nothing for an expired command)
//   stations/<id>/state     → { occupancy, doorClosed, at } every `heartbeatSeconds`
//
// Used by scripts/device-simulator.mjs (the CLI), bench/door-roundtrip.mjs and, through the CLI, the
// integration tests. The mqtt `connect` function is passed in, so this file imports nothing.

/**
 * @typedef {{ type: 'door', stationId: string, requestId: string,
 *   result: 'opened' | 'refused' | 'expired' | 'dropped' | 'duplicate', lateByMs?: number } |
 *   { type: 'invalid', stationId: string, error: string } |
 *   { type: 'state', stationId: string, occupancy: number, doorClosed: boolean } |
 *   { type: 'error', message: string }} SimulatorEvent
 */

/**
 * @param {object} options
 * @param {(url: string, opts: object) => import('mqtt').MqttClient} options.connect mqtt's connect()
 * @param {string} [options.url]
 * @param {string[]} options.stations station ids
 * @param {number} [options.heartbeatSeconds] 0: no heartbeats
 * @param {number} [options.failRate] probability (0–1) that a lock does not answer a valid command at all
 * @param {number} [options.delayMs] time a lock takes to open before it acks
 * @param {string[]} [options.refuse] stations whose lock refuses every command (`ok: false, reason: 'refused'`)
 * @param {number} [options.maxOccupancy]
 * @param {(event: SimulatorEvent) => void} [options.onEvent]
 * @param {string} [options.username]
 * @param {string} [options.password]
 */
export async function startDeviceSimulator({
  connect,
  url = 'mqtt://127.0.0.1:1883',
  stations,
  heartbeatSeconds = 10,
  failRate = 0,
  delayMs = 50,
  refuse = [],
  maxOccupancy = 20,
  onEvent = () => {},
  username,
  password,
}) {
  if (!Array.isArray(stations) || stations.length === 0) throw new Error('no stations to simulate');
  for (const id of stations) {
    if (!/^[1-9]\d{0,17}$/.test(id)) throw new Error(`invalid station id: ${id}`);
  }
  const refused = new Set(refuse);
  const occupancy = new Map(stations.map((id) => [id, Math.floor(Math.random() * (maxOccupancy + 1))]));
  /** requestId → the answer already given, so a redelivered command (QoS 1) is answered again, not re-run. */
  const answered = new Map();
  const timers = new Set();
  let stopped = false;

  const client = connect(url, {
    clientId: `su-device-sim-${process.pid}-${Math.random().toString(16).slice(2, 8)}`,
    clean: true,
    reconnectPeriod: 1000,
    connectTimeout: 5000,
    username,
    password,
  });
  client.on('error', (err) => onEvent({ type: 'error', message: err.message }));
  // Small packets back to back (PUBACK, then the ack): without this Nagle adds ~40 ms per hop.
  client.on('connect', () => client.stream?.setNoDelay?.(true));

  const later = (ms, fn) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };

  const publish = (topic, body) =>
    client.publishAsync(topic, JSON.stringify(body), { qos: 1 }).catch((err) => {
      if (!stopped) onEvent({ type: 'error', message: `publish ${topic}: ${err.message}` });
    });

  const heartbeat = (stationId) => {
    const step = Math.floor(Math.random() * 3) - 1; // random walk: -1, 0 or +1
    const next = Math.min(maxOccupancy, Math.max(0, occupancy.get(stationId) + step));
    occupancy.set(stationId, next);
    onEvent({ type: 'state', stationId, occupancy: next, doorClosed: true });
    return publish(`stations/${stationId}/state`, {
      occupancy: next,
      doorClosed: true,
      at: new Date().toISOString(),
    });
  };

  const ack = (stationId, body) => publish(`stations/${stationId}/door/ack`, body);

  const onCommand = (stationId, payload) => {
    let command;
    try {
      command = JSON.parse(payload.toString('utf8'));
    } catch {
      onEvent({ type: 'invalid', stationId, error: 'not JSON' });
      return;
    }
    const { cmd, requestId, expiresAt } = command ?? {};
    const expiry = Date.parse(expiresAt);
    if (cmd !== 'open' || typeof requestId !== 'string' || Number.isNaN(expiry)) {
      onEvent({ type: 'invalid', stationId, error: 'not an open command' });
      return;
    }
    const previous = answered.get(requestId);
    if (previous) {
      onEvent({ type: 'door', stationId, requestId, result: 'duplicate' });
      void ack(stationId, previous);
      return;
    }
    // A command past its expiry must never open the door: whoever asked has been told it failed.
    const expired = () => Date.now() > expiry;
    if (expired()) {
      onEvent({ type: 'door', stationId, requestId, result: 'expired', lateByMs: Date.now() - expiry });
      return;
    }
    later(delayMs, () => {
      if (stopped) return;
      if (expired()) {
        onEvent({ type: 'door', stationId, requestId, result: 'expired', lateByMs: Date.now() - expiry });
        return;
      }
      if (Math.random() < failRate) {
        onEvent({ type: 'door', stationId, requestId, result: 'dropped' });
        return;
      }
      const body = refused.has(stationId)
        ? { requestId, ok: false, reason: 'refused' }
        : { requestId, ok: true };
      answered.set(requestId, body);
      if (answered.size > 10_000) answered.delete(answered.keys().next().value);
      onEvent({ type: 'door', stationId, requestId, result: body.ok ? 'opened' : 'refused' });
      void ack(stationId, body);
    });
  };

  client.on('message', (topic, payload) => {
    const m = /^stations\/(\d+)\/door$/.exec(topic);
    if (m && occupancy.has(m[1])) onCommand(m[1], payload);
  });

  await new Promise((resolve, reject) => {
    const fail = (err) => reject(err);
    client.once('error', fail);
    client.once('connect', () => {
      client.off('error', fail);
      resolve();
    });
  }).catch(async (err) => {
    await client.endAsync(true);
    throw err;
  });
  const grants = await client.subscribeAsync(
    stations.map((id) => `stations/${id}/door`),
    { qos: 1 },
  );
  if (grants.some((g) => g.qos === 128)) throw new Error('broker refused the door subscriptions');

  if (heartbeatSeconds > 0) {
    const beat = (id) => {
      if (stopped) return;
      void heartbeat(id);
      later(heartbeatSeconds * 1000, () => beat(id));
    };
    for (const id of stations) beat(id);
  }

  return {
    stations: [...stations],
    /** Publishes one heartbeat of `stationId` now. */
    heartbeat,
    async stop() {
      if (stopped) return;
      stopped = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await client.endAsync();
    },
  };
}

/** One human-readable line per door event (and invalid command), as the CLI prints them. */
export function describeEvent(event) {
  const at = new Date().toISOString();
  switch (event.type) {
    case 'door':
      return `${at} station ${event.stationId} door: ${event.result}${
        event.lateByMs !== undefined ? ` (${event.lateByMs} ms past expiry)` : ''
      } request=${event.requestId}`;
    case 'invalid':
      return `${at} station ${event.stationId} door: invalid command ignored (${event.error})`;
    case 'error':
      return `${at} error: ${event.message}`;
    default:
      return undefined;
  }
}

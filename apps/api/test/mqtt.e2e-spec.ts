import { randomInt, randomUUID } from 'node:crypto';

import { type INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { connect, type MqttClient } from 'mqtt';
import { DataSource } from 'typeorm';

import type { AppConfig } from '../src/platform/config/app-config';
import { StationStateListener } from '../src/modules/stations/station-state.listener';
import { StationStatesRepository } from '../src/modules/stations/station-states.repository';
import { StationStateIngestionModule } from '../src/modules/stations/stations.module';
import { DoorCommander } from '../src/platform/devices/door-commander';
import { MqttService } from '../src/platform/mqtt/mqtt.service';
import { PlatformModule } from '../src/platform/platform.module';
import { type SimulatedDevices, startSimulator } from './support/device-simulator';
import { insertOrg, uniqueTag } from './support/fixtures';
import { createTestApp, type TestApp, testConfig } from './support/test-app';

// Station ids unique to this run (topics are global on the broker): a random block far above real ids.
const base = 900_000_000_000_000 + randomInt(0, 2 ** 40) * 100;
const station = (n: number): string => String(base + n);
const OK = station(1);
const REFUSING = station(2);
const SLOW = station(3);
const SILENT = station(4);
const ACK_TIMEOUT_MS = 800;

/** Station rows with our own ids (station_states references stations); the identity sequence is untouched. */
async function insertStations(db: DataSource, ids: string[]): Promise<void> {
  const org = await insertOrg(db, {
    code: `MQ${uniqueTag()}`,
    name: `设备测试省总工会${uniqueTag()}`,
    type: 'province',
    areaCode: '140000',
    parentId: null,
  });
  await db.query(
    `INSERT INTO stations (id, org_id, name, address, location, always_open, capacity, level)
     OVERRIDING SYSTEM VALUE
     SELECT id, $2, '设备测试驿站', '测试地址', ST_SetSRID(ST_MakePoint(112.55, 37.87), 4326)::geography, true, 20, 'province'
       FROM unnest($1::bigint[]) AS id`,
    [ids, org.id],
  );
}

async function rawClient(url: string): Promise<MqttClient> {
  const client = connect(url, { clientId: `su-test-${randomUUID()}`, clean: true, reconnectPeriod: 0 });
  await new Promise<void>((resolve, reject) => {
    client.once('connect', () => resolve());
    client.once('error', reject);
  });
  return client;
}

async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

@Module({})
class ApiLikeModule {}

describe('MQTT: station doors and device state', () => {
  let config: AppConfig;
  let api: TestApp;
  let secondApi: INestApplicationContext;
  let devices: SimulatedDevices;
  let slowDevices: SimulatedDevices;
  let probe: MqttClient;

  beforeAll(async () => {
    config = testConfig({ devices: { doorAckTimeoutMs: ACK_TIMEOUT_MS } });
    api = await createTestApp({ devices: { doorAckTimeoutMs: ACK_TIMEOUT_MS } });
    // A second API process: the same platform graph, its own MQTT client.
    secondApi = await NestFactory.createApplicationContext(
      { module: ApiLikeModule, imports: [PlatformModule.forRoot(config, 'api')] },
      { logger: false },
    );
    devices = await startSimulator({ stations: [OK, REFUSING], refuse: [REFUSING], delayMs: 5 });
    // Answers only after the command expired: the lock must not open.
    slowDevices = await startSimulator({ stations: [SLOW], delayMs: ACK_TIMEOUT_MS + 300 });
    probe = await rawClient(config.mqtt.url);
  });

  afterAll(async () => {
    await probe?.endAsync();
    await devices?.stop();
    await slowDevices?.stop();
    await secondApi?.close();
    await api?.close();
  });

  it('reports the broker connection in readiness', async () => {
    const ready = await api.call<{ info: Record<string, { status: string }> }>('GET', '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body.info.mqtt).toMatchObject({ status: 'up' });
    // The API process does not ingest device state; only the worker does.
    expect(() => api.app.get(StationStateListener)).toThrow();
  });

  describe('DoorCommander', () => {
    it('opens a door and measures the round trip to the ack', async () => {
      const requestId = randomUUID();
      const result = await api.app.get(DoorCommander).open(OK, { requestId, memberRef: 'm-1' });
      expect(result).toEqual({ ok: true, latencyMs: expect.any(Number) as number });
      if (result.ok) expect(result.latencyMs).toBeLessThan(ACK_TIMEOUT_MS);
      await expect(
        devices.waitFor((e) => e.type === 'door' && e.requestId === requestId),
      ).resolves.toMatchObject({
        stationId: OK,
        result: 'opened',
      });
    });

    it('reports a door that refuses', async () => {
      const result = await api.app
        .get(DoorCommander)
        .open(REFUSING, { requestId: randomUUID(), memberRef: 'm-1' });
      expect(result).toEqual({ ok: false, reason: 'rejected', detail: 'refused' });
    });

    it('times out when no device answers, without hanging', async () => {
      const started = Date.now();
      const result = await api.app
        .get(DoorCommander)
        .open(SILENT, { requestId: randomUUID(), memberRef: 'm-1' });
      const elapsed = Date.now() - started;
      expect(result).toMatchObject({ ok: false, reason: 'timeout' });
      expect(elapsed).toBeGreaterThanOrEqual(ACK_TIMEOUT_MS - 5);
      expect(elapsed).toBeLessThan(ACK_TIMEOUT_MS + 1000);
    });

    it('times out on a slow lock, which then does not open because the command expired', async () => {
      const requestId = randomUUID();
      const result = await api.app.get(DoorCommander).open(SLOW, { requestId, memberRef: 'm-1' });
      expect(result).toMatchObject({ ok: false, reason: 'timeout' });
      const event = await slowDevices.waitFor((e) => e.type === 'door' && e.requestId === requestId);
      expect(event).toMatchObject({ result: 'expired' });
    });

    it('never acts on a command received after its expiry', async () => {
      const requestId = randomUUID();
      const acks: string[] = [];
      await probe.subscribeAsync(`stations/${OK}/door/ack`, { qos: 1 });
      const onMessage = (_topic: string, payload: Buffer): void => {
        acks.push(payload.toString());
      };
      probe.on('message', onMessage);
      const issuedAt = new Date(Date.now() - 10_000);
      await probe.publishAsync(
        `stations/${OK}/door`,
        JSON.stringify({
          cmd: 'open',
          requestId,
          issuedAt: issuedAt.toISOString(),
          expiresAt: new Date(issuedAt.getTime() + 5000).toISOString(),
        }),
        { qos: 1 },
      );
      await expect(
        devices.waitFor((e) => e.type === 'door' && e.requestId === requestId),
      ).resolves.toMatchObject({
        result: 'expired',
      });
      await new Promise((r) => setTimeout(r, 200));
      probe.off('message', onMessage);
      await probe.unsubscribeAsync(`stations/${OK}/door/ack`);
      expect(acks.filter((a) => a.includes(requestId))).toEqual([]);
    });

    it('routes each ack to the API instance that sent the command, under concurrency', async () => {
      const first = api.app.get(DoorCommander);
      const second = secondApi.get(DoorCommander);
      expect(api.app.get(MqttService).clientId).not.toBe(secondApi.get(MqttService).clientId);
      const opens = Array.from({ length: 20 }, (_, i) => {
        const commander = i % 2 === 0 ? first : second;
        const target = i % 5 === 4 ? REFUSING : OK;
        return commander
          .open(target, { requestId: randomUUID(), memberRef: `m-${i}` })
          .then((r) => ({ target, r }));
      });
      const results = await Promise.all(opens);
      for (const { target, r } of results) {
        expect(r.ok).toBe(target === OK);
        if (!r.ok) expect(r.reason).toBe('rejected');
      }
    });

    it('sends a requestId in flight only once', async () => {
      const commander = api.app.get(DoorCommander);
      const requestId = randomUUID();
      const [a, b] = await Promise.all([
        commander.open(OK, { requestId, memberRef: 'm-1' }),
        commander.open(OK, { requestId, memberRef: 'm-1' }),
      ]);
      expect(a).toEqual(b);
      expect(a.ok).toBe(true);
      expect(devices.events.filter((e) => e.type === 'door' && e.requestId === requestId)).toHaveLength(1);
    });

    it('rejects ids that would break the topic', async () => {
      await expect(
        api.app.get(DoorCommander).open('1/#', { requestId: 'r', memberRef: 'm' }),
      ).rejects.toThrow(TypeError);
    });
  });

  describe('state ingestion (worker)', () => {
    let listeners: INestApplicationContext[];
    let writes: jest.SpyInstance[];
    let db: DataSource;
    // Its own share group (derived from the Redis prefix), so listeners of other test files cannot take messages.
    const groupConfig = (): AppConfig =>
      testConfig({ redis: { prefix: `${config.redis.prefix.slice(0, 30)}-m${randomInt(0, 1e6)}` } });

    @Module({})
    class ListenerModule {}

    beforeAll(async () => {
      const shared = groupConfig();
      listeners = [];
      for (let i = 0; i < 2; i += 1) {
        const ctx = await NestFactory.createApplicationContext(
          {
            module: ListenerModule,
            imports: [PlatformModule.forRoot(shared, 'worker'), StationStateIngestionModule],
          },
          { logger: false },
        );
        await ctx.init();
        listeners.push(ctx);
      }
      writes = listeners.map((ctx) => jest.spyOn(ctx.get(StationStatesRepository), 'write'));
      db = api.db;
      await insertStations(db, [10, 11, 12, 13, 20, 21, 30].map(station));
    });
    afterAll(async () => {
      for (const ctx of listeners ?? []) await ctx.close();
    });

    const stateOf = async (id: string): Promise<Record<string, unknown> | undefined> => {
      const rows: Record<string, unknown>[] = await db.query(
        `SELECT occupancy, last_seen_at FROM station_states WHERE station_id = $1`,
        [id],
      );
      return rows[0];
    };
    const publishState = (id: string, body: unknown): Promise<unknown> =>
      probe.publishAsync(`stations/${id}/state`, typeof body === 'string' ? body : JSON.stringify(body), {
        qos: 1,
      });

    it('handles each state message once across the share group', async () => {
      writes.forEach((w) => w.mockClear());
      const ids = [station(10), station(11), station(12), station(13)];
      const t0 = Date.now() - 60_000;
      const total = 40;
      for (let i = 0; i < total; i += 1) {
        const id = ids[i % ids.length];
        await publishState(id, { occupancy: i, doorClosed: true, at: new Date(t0 + i * 1000).toISOString() });
      }
      // The last report of each station wins, whichever listener handled it and in whatever order.
      for (const [k, id] of ids.entries()) {
        const last = total - ids.length + k;
        await eventually(async () => ((await stateOf(id))?.occupancy === last ? true : undefined));
      }
      await eventually(() =>
        Promise.resolve(writes.reduce((n, w) => n + w.mock.calls.length, 0) >= total ? true : undefined),
      );
      await new Promise((r) => setTimeout(r, 200));
      const perListener = writes.map((w) => w.mock.calls.length);
      expect(perListener.reduce((a, b) => a + b, 0)).toBe(total);
      expect(perListener.every((n) => n > 0)).toBe(true);
    });

    it('ignores malformed, stale, out-of-order and unknown-station reports', async () => {
      const id = station(20);
      const other = station(21);
      const now = Date.now();
      await publishState(id, { occupancy: 5, doorClosed: false, at: new Date(now - 2000).toISOString() });
      await eventually(async () => ((await stateOf(id))?.occupancy === 5 ? true : undefined));

      for (const bad of [
        'not json',
        { occupancy: -3, at: new Date().toISOString() },
        { occupancy: 'many', at: new Date().toISOString() },
        { occupancy: 7 },
        { occupancy: 7, at: 'yesterday' },
        { occupancy: 7, doorClosed: 'no', at: new Date().toISOString() },
        // Older than STATION_OFFLINE_AFTER_SECONDS: says nothing about the station now.
        { occupancy: 7, at: new Date(now - (config.devices.offlineAfterSeconds + 60) * 1000).toISOString() },
        // Older than what is stored.
        { occupancy: 7, at: new Date(now - 5000).toISOString() },
      ]) {
        await publishState(id, bad);
      }
      await probe.publishAsync(
        `stations/not-a-number/state`,
        JSON.stringify({ occupancy: 1, at: new Date() }),
        {
          qos: 1,
        },
      );
      // A valid report after the bad ones still lands: nothing crashed.
      await publishState(other, { occupancy: 2, at: new Date(now).toISOString() });
      await eventually(async () => ((await stateOf(other))?.occupancy === 2 ? true : undefined));
      await new Promise((r) => setTimeout(r, 200));
      expect(await stateOf(id)).toMatchObject({ occupancy: 5 });
      // No such station: dropped (and logged), not a crash.
      await publishState(station(99), { occupancy: 1, at: new Date(now).toISOString() });

      await publishState(id, { occupancy: 6, at: new Date(now - 1000).toISOString() });
      await eventually(async () => ((await stateOf(id))?.occupancy === 6 ? true : undefined));
      expect(await stateOf(station(99))).toBeUndefined();

      const [state] = await listeners[0].get(StationStatesRepository).read([id, station(99)]);
      expect(state).toMatchObject({ stationId: id, occupancy: 6, online: true });
      await expect(
        listeners[0].get(StationStatesRepository).write(station(99), { occupancy: 1, at: new Date() }),
      ).resolves.toBe('unknown-station');
    });

    it('stores the simulator heartbeats', async () => {
      const id = station(30);
      const heartbeats = await startSimulator({ stations: [id], heartbeatSeconds: 1 });
      try {
        const row = await eventually(() => stateOf(id));
        expect(row).toMatchObject({ occupancy: expect.any(Number) as number });
      } finally {
        expect(await heartbeats.stop()).toBe(0);
      }
    });
  });

  it('boots and closes without a broker, reporting not ready and failing opens fast', async () => {
    const offline = await createTestApp({ mqtt: { url: 'mqtt://127.0.0.1:1' } });
    try {
      // Readiness stays green (login, joining… work without the broker) and reports the broker down.
      const ready = await offline.call<{ details: { mqtt: { status: string } } }>('GET', '/readyz');
      expect(ready.status).toBe(200);
      expect(ready.body.details.mqtt.status).toBe('down');
      const result = await offline.app
        .get(DoorCommander)
        .open(OK, { requestId: randomUUID(), memberRef: 'm' });
      expect(result).toMatchObject({ ok: false, reason: 'unavailable' });
    } finally {
      await offline.close();
    }
  });
});

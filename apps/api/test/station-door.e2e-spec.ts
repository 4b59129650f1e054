import { randomInt, randomUUID } from 'node:crypto';

import { type INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  type ApiErrorBody,
  ErrorCode,
  type JoinCodeResponse,
  type MyStationsResponse,
  type OpenStationDoorResponse,
  type StationAttendanceResponse,
  type StationDoorCodeResponse,
  type StationVisitorsTodayResponse,
} from '@smartunion/contracts';
import type { Job } from 'bullmq';

import { MembersService } from '../src/modules/membership/members.service';
import {
  ExpireStaleVisitsJob,
  type ExpireStaleVisitsJobData,
} from '../src/modules/stations/expire-stale-visits.job';
import { StationsJobsModule } from '../src/modules/stations/stations.module';
import { SignedTokens } from '../src/platform/crypto/signed-token';
import { PlatformModule } from '../src/platform/platform.module';
import { type SimulatedDevices, startSimulator } from './support/device-simulator';
import { buildMiniTree, insertUser, type MiniTree, uniqueTag } from './support/fixtures';
import { syntheticIdNumber } from './support/people';
import { createTestApp, type TestApp } from './support/test-app';

// Station ids unique to this run (MQTT topics are global on the broker): a random block far above real ids.
const base = 910_000_000_000_000 + randomInt(0, 2 ** 40) * 100;
const sid = (n: number): string => String(base + n);
const OPEN = sid(1);
const SILENT = sid(2); // no device answers
const REFUSING = sid(3);
const FULL = sid(4);
const CLOSED = sid(5); // status closed
const AFTER_HOURS = sid(6); // active, outside its opening hours
const VERIFIED_ONLY = sid(7);
const RATE = sid(8);
const DUTY = sid(9); // mastered; attendance and visitors
const FAR_DUTY = sid(10);
const AWAY = sid(11); // the door radius: refused from afar, opened on site, opened remotely by staff
const ACK_TIMEOUT_MS = 800;

/** WGS-84 location of every test station (小店区). */
const SPOT = { lat: 37.87, lng: 112.55 };

/** 'HH:MM' of Beijing time `minutes` from now. */
function beijingClock(minutes: number): string {
  const d = new Date(Date.now() + minutes * 60_000 + 8 * 3_600_000);
  return `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
}

/** A point `metres` north of SPOT. */
const north = (metres: number): { lat: number; lng: number } => ({
  lat: SPOT.lat + metres / 111_320,
  lng: SPOT.lng,
});

/** What a member's phone sends standing at the door of any test station. */
const AT_DOOR = { location: SPOT, coord: 'wgs84' };

@Module({})
class JobsHostModule {}

describe('stations: door QR, scan-to-open and station masters (real MQTT broker + device simulator)', () => {
  let t: TestApp;
  let tree: MiniTree;
  let tag: string;
  let devices: SimulatedDevices;
  const token: Record<string, string> = {};
  const userId: Record<string, string> = {};
  const code: Record<string, string> = {};

  async function insertStation(
    id: string,
    fields: {
      status?: string;
      opens?: string;
      closes?: string;
      capacity?: number;
      verifiedOnly?: boolean;
    } = {},
  ): Promise<void> {
    const always = !fields.opens;
    await t.db.query(
      `INSERT INTO stations (id, org_id, name, address, location, always_open, opens_at, closes_at, capacity, level,
                             verified_only, status)
       OVERRIDING SYSTEM VALUE
       VALUES ($1, $2, $3, '太原市小店区测试路 1 号', ST_SetSRID(ST_MakePoint($4, $5), 4326)::geography, $6, $7, $8,
               $9, 'county', $10, $11)`,
      [
        id,
        tree.xiaodian.id,
        `门禁驿站${tag}-${id.slice(-2)}`,
        SPOT.lng,
        SPOT.lat,
        always,
        fields.opens ?? null,
        fields.closes ?? null,
        fields.capacity ?? 10,
        fields.verifiedOnly ?? false,
        fields.status ?? 'active',
      ],
    );
  }

  async function enrol(key: string, verified = true): Promise<void> {
    await t.app.get(MembersService).enrol(userId[key], tree.unionXiaodian.id, {
      name: '张三丰',
      mobile: `139${String(randomInt(0, 1e8)).padStart(8, '0')}`,
      idNumber: syntheticIdNumber(),
      employer: '同城配送有限公司',
      occupation: 'delivery_rider',
      newEmploymentForm: true,
    });
    if (!verified) {
      await t.db.query(
        `UPDATE members SET verification = 'unverified', verified_at = NULL WHERE user_id = $1`,
        [userId[key]],
      );
    }
  }

  /** Opens as `who`, standing at the door unless the body says where (`location: undefined`: nowhere). */
  const open = (
    who: string,
    body: { code: string; requestId?: string; location?: { lat: number; lng: number }; coord?: string },
    headers: Record<string, string> = {},
  ) =>
    t
      .inject({
        method: 'POST',
        url: '/api/v1/stations/door/open',
        headers: { authorization: `Bearer ${token[who]}`, ...headers },
        payload: { ...AT_DOOR, ...body },
      })
      .then((res) => ({ status: res.statusCode, body: res.json<OpenStationDoorResponse & ApiErrorBody>() }));

  const visitsOf = (stationId: string): Promise<{ id: string; status: string; failure: string | null }[]> =>
    t.db.query(
      `SELECT id::text AS id, status, failure FROM station_visits WHERE station_id = $1 ORDER BY id`,
      [stationId],
    );

  /** Hours that open 90 minutes from now: the station is closed whenever the test runs. */
  const afterHours = { opens: beijingClock(90), closes: beijingClock(180) };

  beforeAll(async () => {
    t = await createTestApp({ devices: { doorAckTimeoutMs: ACK_TIMEOUT_MS } });
    tag = uniqueTag();
    tree = await buildMiniTree(t.db, tag);
    await insertStation(OPEN);
    await insertStation(SILENT);
    await insertStation(REFUSING);
    await insertStation(FULL, { capacity: 3 });
    await insertStation(CLOSED, { status: 'closed' });
    await insertStation(AFTER_HOURS, afterHours);
    await insertStation(VERIFIED_ONLY, { verifiedOnly: true });
    await insertStation(RATE);
    await insertStation(DUTY);
    await insertStation(FAR_DUTY);
    await insertStation(AWAY);

    const users: [string, { role: 'county_staff' | 'station_master'; orgId: string }[]][] = [
      ['xiaodian', [{ role: 'county_staff', orgId: tree.xiaodian.id }]],
      ['pingcheng', [{ role: 'county_staff', orgId: tree.pingcheng.id }]],
      ['master', [{ role: 'station_master', orgId: tree.xiaodian.id }]],
      ['a', []],
      ['b', []],
      ['c', []],
      ['r', []],
      ['unverified', []],
      ['stranger', []],
      ['d', []],
    ];
    for (const [key, roles] of users) {
      userId[key] = await insertUser(t.db, `sd-${key}-${tag}`, key, roles);
      token[key] = (await t.login(`sd-${key}-${tag}`)).accessToken;
    }
    for (const key of ['a', 'b', 'c', 'r', 'd']) await enrol(key);
    await enrol('unverified', false);
    await t.db.query(`INSERT INTO station_masters (station_id, user_id) VALUES ($1, $3), ($2, $3)`, [
      DUTY,
      FAR_DUTY,
      userId.master,
    ]);

    for (const id of [OPEN, SILENT, REFUSING, FULL, CLOSED, AFTER_HOURS, VERIFIED_ONLY, RATE, DUTY, AWAY]) {
      const res = await t.call<StationDoorCodeResponse>(
        'GET',
        `/api/v1/stations/${id}/door-code`,
        token.xiaodian,
      );
      expect(res.status).toBe(200);
      code[id] = res.body.token;
    }
    devices = await startSimulator({
      stations: [OPEN, REFUSING, FULL, VERIFIED_ONLY, RATE, DUTY, AWAY],
      refuse: [REFUSING],
      delayMs: 5,
    });
  });

  afterAll(async () => {
    await devices?.stop();
    await t?.close();
  });

  describe('door QR', () => {
    it('is a signed URL of the H5 door page, for staff and masters with station:read in scope', async () => {
      const res = await t.call<StationDoorCodeResponse>(
        'GET',
        `/api/v1/stations/${OPEN}/door-code`,
        token.xiaodian,
      );
      expect(res.body.stationId).toBe(OPEN);
      expect(res.body.url).toBe(
        `${t.config.publicAppUrl}/#/pages/stations/door/index?code=${encodeURIComponent(res.body.token)}`,
      );
      expect(res.body.qrDataUrl).toMatch(/^data:image\/png;base64,/);
      // No expiry: printed on the door.
      expect(
        t.app.get(SignedTokens).verify<{ s: string; exp?: number }>('station-door', res.body.token),
      ).toMatchObject({
        ok: true,
        payload: { s: OPEN },
      });
      const master = await t.call('GET', `/api/v1/stations/${DUTY}/door-code`, token.master);
      expect(master.status).toBe(200);
      const other = await t.call<ApiErrorBody>('GET', `/api/v1/stations/${OPEN}/door-code`, token.pingcheng);
      expect([other.status, other.body.code]).toEqual([403, ErrorCode.OutOfScope]);
      const member = await t.call<ApiErrorBody>('GET', `/api/v1/stations/${OPEN}/door-code`, token.a);
      expect([member.status, member.body.code]).toEqual([403, ErrorCode.Forbidden]);
    });
  });

  describe('scan to open', () => {
    it('opens the door when the lock acknowledges, and records the visit opened', async () => {
      const requestId = randomUUID();
      const res = await open('a', { code: code[OPEN], requestId });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        status: 'opened',
        station: { id: OPEN, name: `门禁驿站${tag}-01` },
        latencyMs: expect.any(Number) as number,
      });
      expect(res.body.latencyMs).toBeLessThan(ACK_TIMEOUT_MS);
      await expect(
        devices.waitFor((e) => e.type === 'door' && e.requestId === requestId),
      ).resolves.toMatchObject({
        stationId: OPEN,
        result: 'opened',
      });
      const [visit]: { id: string; status: string; latency_ms: number; decided_at: Date | null }[] =
        await t.db.query(
          `SELECT id::text AS id, status, latency_ms, decided_at FROM station_visits WHERE request_id = $1`,
          [requestId],
        );
      expect(visit).toMatchObject({ id: res.body.visitId, status: 'opened' });
      expect(visit.decided_at).not.toBeNull();
    });

    it('answers DOOR_TIMEOUT (504) when no device answers, and the visit is failed', async () => {
      const started = Date.now();
      const res = await open('a', { code: code[SILENT] });
      expect([res.status, res.body.code]).toEqual([504, ErrorCode.DoorTimeout]);
      expect(Date.now() - started).toBeLessThan(ACK_TIMEOUT_MS + 1500);
      expect(await visitsOf(SILENT)).toEqual([
        { id: (res.body.details as { visitId: string }).visitId, status: 'failed', failure: 'timeout' },
      ]);
    });

    it('answers DOOR_UNAVAILABLE (503) when the lock refuses, and the visit is failed', async () => {
      const res = await open('a', { code: code[REFUSING] });
      expect([res.status, res.body.code]).toEqual([503, ErrorCode.DoorUnavailable]);
      expect(res.body.details).toMatchObject({ reason: 'rejected' });
      expect(await visitsOf(REFUSING)).toEqual([
        expect.objectContaining({ status: 'failed', failure: 'rejected' }),
      ]);
    });

    it('refuses a full station (STATION_FULL) without sending a command, unless the sensor is offline', async () => {
      await t.db.query(
        `INSERT INTO station_states (station_id, occupancy, last_seen_at) VALUES ($1, 3, now())`,
        [FULL],
      );
      const res = await open('c', { code: code[FULL] });
      expect([res.status, res.body.code]).toEqual([409, ErrorCode.StationFull]);
      expect(res.body.details).toEqual({ occupancy: 3, capacity: 3 });
      await new Promise((r) => setTimeout(r, 300));
      expect(devices.events.filter((e) => e.type === 'door' && e.stationId === FULL)).toEqual([]);
      expect(await visitsOf(FULL)).toEqual([]);
      // An occupancy heard from long ago is not trusted.
      await t.db.query(
        `UPDATE station_states SET last_seen_at = now() - interval '1 hour' WHERE station_id = $1`,
        [FULL],
      );
      const stale = await open('c', { code: code[FULL] });
      expect([stale.status, stale.body.status]).toEqual([200, 'opened']);
    });

    it('refuses a closed station and one outside its hours (STATION_CLOSED, with its hours)', async () => {
      const closed = await open('a', { code: code[CLOSED] });
      expect([closed.status, closed.body.code]).toEqual([409, ErrorCode.StationClosed]);
      expect(closed.body.details).toMatchObject({ status: 'closed', hours: { always: true } });
      const late = await open('a', { code: code[AFTER_HOURS] });
      expect([late.status, late.body.code]).toEqual([409, ErrorCode.StationClosed]);
      expect(late.body.details).toMatchObject({
        status: 'active',
        // The hours as stored: computing the clock again here could cross a minute boundary.
        hours: { always: false, ...afterHours },
      });
      expect([...(await visitsOf(CLOSED)), ...(await visitsOf(AFTER_HOURS))]).toEqual([]);
    });

    it('lets only verified members into a verified-only station', async () => {
      const unverified = await open('unverified', { code: code[VERIFIED_ONLY] });
      expect([unverified.status, unverified.body.code]).toEqual([403, ErrorCode.MemberNotVerified]);
      const verified = await open('c', { code: code[VERIFIED_ONLY] });
      expect([verified.status, verified.body.status]).toEqual([200, 'opened']);
      // An unverified member is still welcome at an ordinary station.
      const ordinary = await open('unverified', { code: code[OPEN] });
      expect(ordinary.status).toBe(200);
    });

    it('refuses someone who is not a member (NOT_A_MEMBER)', async () => {
      const res = await open('stranger', { code: code[OPEN] });
      expect([res.status, res.body.code]).toEqual([403, ErrorCode.NotAMember]);
    });

    it('refuses forged, edited or foreign codes (STATION_CODE_INVALID 422) and bad input (400)', async () => {
      const [payload, mac] = code[OPEN].split('.');
      const edited = `${Buffer.from(JSON.stringify({ s: SILENT, iat: 1 })).toString('base64url')}.${mac}`;
      const unknown = t.app.get(SignedTokens).sign('station-door', { s: '999999999999999999' });
      const joinCode = t.app.get(SignedTokens).sign('join-code', { s: OPEN });
      const forged = `${payload}.${mac.slice(0, 4)}${mac[4] === 'A' ? 'B' : 'A'}${mac.slice(5)}`;
      for (const bad of [edited, forged, 'garbage', joinCode, unknown]) {
        const res = await open('a', { code: bad });
        expect([res.status, res.body.code]).toEqual([422, ErrorCode.StationCodeInvalid]);
      }
      for (const body of [{}, { code: code[OPEN], requestId: 'not-a-uuid' }]) {
        const res = await open('a', body as { code: string });
        expect([res.status, res.body.code]).toEqual([400, ErrorCode.ValidationFailed]);
      }
      const header = await open('a', { code: code[OPEN] }, { 'idempotency-key': 'nope' });
      expect([header.status, header.body.code]).toEqual([400, ErrorCode.ValidationFailed]);
      const anonymous = await t.call<ApiErrorBody>('POST', '/api/v1/stations/door/open', undefined, {
        code: code[OPEN],
      });
      expect(anonymous.status).toBe(401);
    });

    it('answers a repeated requestId with the first outcome: one visit, one command', async () => {
      const requestId = randomUUID();
      const first = await open('b', { code: code[OPEN], requestId });
      const again = await open('b', { code: code[OPEN], requestId });
      expect(first.status).toBe(200);
      expect(again).toEqual(first);
      // The same key as a header.
      const viaHeader = await open('b', { code: code[OPEN] }, { 'idempotency-key': requestId.toUpperCase() });
      expect(viaHeader).toEqual(first);
      const rows: { n: number }[] = await t.db.query(
        `SELECT count(*)::int AS n FROM station_visits WHERE request_id = $1`,
        [requestId],
      );
      expect(rows[0].n).toBe(1);
      await new Promise((r) => setTimeout(r, 200));
      expect(devices.events.filter((e) => e.type === 'door' && e.requestId === requestId)).toHaveLength(1);

      // Concurrent retries of a new request: still one visit and one command.
      const concurrent = randomUUID();
      const both = await Promise.all([
        open('b', { code: code[OPEN], requestId: concurrent }),
        open('b', { code: code[OPEN] }, { 'idempotency-key': concurrent }),
      ]);
      expect(both[0]).toEqual(both[1]);
      expect(both[0].body.status).toBe('opened');
      await new Promise((r) => setTimeout(r, 200));
      expect(devices.events.filter((e) => e.type === 'door' && e.requestId === concurrent)).toHaveLength(1);

      // A failure replays as the same failure, at once.
      const silentId = randomUUID();
      const failed = await open('b', { code: code[SILENT], requestId: silentId });
      const started = Date.now();
      const failedAgain = await open('b', { code: code[SILENT], requestId: silentId });
      expect(Date.now() - started).toBeLessThan(ACK_TIMEOUT_MS);
      expect([failedAgain.status, failedAgain.body.code, failedAgain.body.details]).toEqual([
        504,
        ErrorCode.DoorTimeout,
        failed.body.details,
      ]);

      // Someone else's requestId is not theirs to replay.
      const stolen = await open('c', { code: code[OPEN], requestId });
      expect([stolen.status, stolen.body.code]).toEqual([409, ErrorCode.Conflict]);
    });

    it('limits door opens per member (RATE_LIMITED 429)', async () => {
      for (let i = 0; i < 6; i += 1) {
        const res = await open('r', { code: code[RATE] });
        expect(res.status).toBe(200);
      }
      const limited = await open('r', { code: code[RATE] });
      expect([limited.status, limited.body.code]).toEqual([429, ErrorCode.RateLimited]);
      expect(await visitsOf(RATE)).toHaveLength(6);
      // Another member at the same station is not affected.
      expect((await open('a', { code: code[RATE] })).status).toBe(200);
    });

    it('refuses a member 4 km away (DOOR_TOO_FAR with the distance) and records no visit', async () => {
      const far = await open('d', { code: code[AWAY], location: north(4200) });
      expect([far.status, far.body.code]).toEqual([422, ErrorCode.DoorTooFar]);
      const details = far.body.details as { distanceMeters: number; maxMeters: number };
      expect(details.maxMeters).toBe(200);
      expect(Math.abs(details.distanceMeters - 4200)).toBeLessThanOrEqual(20);
      await new Promise((r) => setTimeout(r, 200));
      expect(devices.events.filter((e) => e.type === 'door' && e.stationId === AWAY)).toEqual([]);
      expect(await visitsOf(AWAY)).toEqual([]);
    });

    it('refuses a request without a position (DOOR_LOCATION_REQUIRED) and records no visit', async () => {
      const nowhere = await open('d', { code: code[AWAY], location: undefined });
      expect([nowhere.status, nowhere.body.code]).toEqual([400, ErrorCode.DoorLocationRequired]);
      const bad = await open('d', { code: code[AWAY], location: { lat: 91, lng: 112 } });
      expect([bad.status, bad.body.code]).toEqual([400, ErrorCode.ValidationFailed]);
      expect(await visitsOf(AWAY)).toEqual([]);
    });

    it("opens on site, within the station's own radius, which staff set in the station editor", async () => {
      const onSite = await open('d', { code: code[AWAY], location: north(150) });
      expect([onSite.status, onSite.body.status]).toEqual([200, 'opened']);
      // The default datum is GCJ-02: the phone's own coordinates of the station itself are right there.
      const { fromWgs84 } = await import('../src/modules/stations/coordinates');
      const gcj = await open('d', { code: code[AWAY], location: fromWgs84(SPOT, 'gcj02'), coord: undefined });
      expect([gcj.status, gcj.body.status]).toEqual([200, 'opened']);

      const narrowed = await t.call<{ doorRadiusMeters: number }>(
        'PATCH',
        `/api/v1/stations/${AWAY}`,
        token.xiaodian,
        { doorRadiusMeters: 100 },
      );
      expect([narrowed.status, narrowed.body.doorRadiusMeters]).toEqual([200, 100]);
      const tooWide = await t.call<ApiErrorBody>('PATCH', `/api/v1/stations/${AWAY}`, token.xiaodian, {
        doorRadiusMeters: 20_000,
      });
      expect([tooWide.status, tooWide.body.code]).toEqual([400, ErrorCode.ValidationFailed]);
      const outside = await open('d', { code: code[AWAY], location: north(150) });
      expect([outside.status, outside.body.code]).toEqual([422, ErrorCode.DoorTooFar]);
      expect(outside.body.details).toMatchObject({ maxMeters: 100 });
      expect((await visitsOf(AWAY)).map((v) => v.status)).toEqual(['opened', 'opened']);
    });

    it('lets staff with station:write in scope open from afar, audited and not a visit', async () => {
      const remote = (who: string) =>
        t.call<{ status: string; requestId: string; station: { id: string } } & ApiErrorBody>(
          'POST',
          `/api/v1/stations/${AWAY}/door/remote-open`,
          token[who],
          { reason: '会员手机没电' },
        );
      const auditOf = (): Promise<{ actor: string; after: Record<string, unknown> }[]> =>
        t.db.query(
          `SELECT actor_user_id::text AS actor, after FROM audit_events
            WHERE action = 'station.door-opened-remotely' AND target_id = $1 ORDER BY id`,
          [AWAY],
        );
      const visitsBefore = (await visitsOf(AWAY)).length;

      const opened = await remote('xiaodian');
      expect([opened.status, opened.body.status, opened.body.station.id]).toEqual([200, 'opened', AWAY]);
      await expect(
        devices.waitFor((e) => e.type === 'door' && e.requestId === opened.body.requestId),
      ).resolves.toMatchObject({ stationId: AWAY, result: 'opened' });
      expect(await auditOf()).toEqual([
        {
          actor: userId.xiaodian,
          after: expect.objectContaining({
            requestId: opened.body.requestId,
            reason: '会员手机没电',
            outcome: 'opened',
          }) as Record<string, unknown>,
        },
      ]);

      // Staff of another county, a station master and a member may not.
      const outOfScope = await remote('pingcheng');
      expect([outOfScope.status, outOfScope.body.code]).toEqual([403, ErrorCode.OutOfScope]);
      for (const who of ['master', 'd']) {
        const res = await remote(who);
        expect([res.status, res.body.code]).toEqual([403, ErrorCode.Forbidden]);
      }
      expect(await auditOf()).toHaveLength(1);
      expect(await visitsOf(AWAY)).toHaveLength(visitsBefore);
    });

    it('fails visits left pending for over a minute (expire-stale-visits job)', async () => {
      const [member]: { id: string }[] = await t.db.query(
        `SELECT id::text AS id FROM members WHERE user_id = $1`,
        [userId.a],
      );
      const insertPending = async (age: string): Promise<string> => {
        const [row]: { id: string }[] = await t.db.query(
          `INSERT INTO station_visits (station_id, user_id, member_id, request_id, created_at)
           VALUES ($1, $2, $3, $4, now() - $5::interval) RETURNING id::text AS id`,
          [SILENT, userId.a, member.id, randomUUID(), age],
        );
        return row.id;
      };
      const stale = await insertPending('2 minutes');
      const fresh = await insertPending('5 seconds');
      const worker: INestApplicationContext = await NestFactory.createApplicationContext(
        { module: JobsHostModule, imports: [PlatformModule.forRoot(t.config, 'worker'), StationsJobsModule] },
        { logger: false },
      );
      try {
        const job = worker.get(ExpireStaleVisitsJob);
        const result = await job.process({ data: {} } as Job<ExpireStaleVisitsJobData>);
        expect(result.expired).toBeGreaterThanOrEqual(1);
        expect(await job.process({ data: {} } as Job<ExpireStaleVisitsJobData>)).toEqual({ expired: 0 });
      } finally {
        await worker.close();
      }
      const rows: { id: string; status: string; failure: string | null }[] = await t.db.query(
        `SELECT id::text AS id, status, failure FROM station_visits WHERE id = ANY($1::bigint[]) ORDER BY id`,
        [[stale, fresh]],
      );
      expect(rows).toEqual([
        { id: stale, status: 'failed', failure: 'expired' },
        { id: fresh, status: 'pending', failure: null },
      ]);
      await t.db.query(`DELETE FROM station_visits WHERE id = $1`, [fresh]);
    });
  });

  describe('station masters', () => {
    const checkIn = (who: string, stationId: string, body: unknown) =>
      t.call<StationAttendanceResponse & ApiErrorBody>(
        'POST',
        `/api/v1/stations/${stationId}/attendance`,
        token[who],
        body,
      );

    it('checks a master in within 200 m, once per Shanghai day', async () => {
      const near = north(120);
      const first = await checkIn('master', DUTY, { ...near, coord: 'wgs84' });
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({ stationId: DUTY, checkedInAt: expect.any(String) as string });
      expect(Math.abs(first.body.distanceMeters - 120)).toBeLessThanOrEqual(2);
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
      expect(first.body.day).toBe(today);
      // Again, even from elsewhere: the first check-in of the day stands.
      const again = await checkIn('master', DUTY, { ...north(5000), coord: 'wgs84' });
      expect([again.status, again.body]).toEqual([200, first.body]);
      const rows: { n: number }[] = await t.db.query(
        `SELECT count(*)::int AS n FROM station_attendance WHERE station_id = $1 AND user_id = $2`,
        [DUTY, userId.master],
      );
      expect(rows[0].n).toBe(1);
    });

    it('refuses a check-in beyond 200 m (STATION_TOO_FAR with the distance) and non-masters', async () => {
      const far = await checkIn('master', FAR_DUTY, { ...north(450), coord: 'wgs84' });
      expect([far.status, far.body.code]).toEqual([422, ErrorCode.StationTooFar]);
      const details = far.body.details as { distanceMeters: number; maxMeters: number };
      expect(details.maxMeters).toBe(200);
      expect(Math.abs(details.distanceMeters - 450)).toBeLessThanOrEqual(3);
      // The default datum is GCJ-02: the phone's own coordinates of the station itself are right there.
      const { fromWgs84 } = await import('../src/modules/stations/coordinates');
      const gcj = await checkIn('master', FAR_DUTY, fromWgs84(SPOT, 'gcj02'));
      expect(gcj.status).toBe(201);
      expect(gcj.body.distanceMeters).toBeLessThanOrEqual(1);
      const notMaster = await checkIn('a', DUTY, { ...SPOT, coord: 'wgs84' });
      expect([notMaster.status, notMaster.body.code]).toEqual([403, ErrorCode.Forbidden]);
      const staff = await checkIn('xiaodian', DUTY, { ...SPOT, coord: 'wgs84' });
      expect([staff.status, staff.body.code]).toEqual([403, ErrorCode.Forbidden]);
      const bad = await checkIn('master', DUTY, { lat: 91, lng: 112 });
      expect([bad.status, bad.body.code]).toEqual([400, ErrorCode.ValidationFailed]);
      const missing = await checkIn('master', '999999999999999999', { ...SPOT });
      expect([missing.status, missing.body.code]).toEqual([404, ErrorCode.StationNotFound]);
    });

    it("lists a master's stations with today's check-in", async () => {
      const res = await t.call<MyStationsResponse>('GET', '/api/v1/stations/mine', token.master);
      expect(res.status).toBe(200);
      const ids = res.body.items.map((s) => s.id);
      expect(ids.sort()).toEqual([DUTY, FAR_DUTY].sort());
      const duty = res.body.items.find((s) => s.id === DUTY);
      expect(duty).toMatchObject({
        org: { id: tree.xiaodian.id },
        status: 'active',
        openNow: true,
        attendance: { checkedInAt: expect.any(String) as string },
      });
      const nobody = await t.call<MyStationsResponse>('GET', '/api/v1/stations/mine', token.a);
      expect([nobody.status, nobody.body.items]).toEqual([200, []]);
    });

    it("shows today's visitors, masked, with counts, to masters and staff in scope only", async () => {
      const ok = await open('a', { code: code[DUTY] });
      expect(ok.status).toBe(200);
      expect((await open('b', { code: code[DUTY] })).status).toBe(200);
      expect((await open('a', { code: code[DUTY] })).status).toBe(200);
      const [member]: { id: string }[] = await t.db.query(
        `SELECT id::text AS id FROM members WHERE user_id = $1`,
        [userId.c],
      );
      await t.db.query(
        `INSERT INTO station_visits (station_id, user_id, member_id, request_id, status, failure, decided_at)
         VALUES ($1, $2, $3, $4, 'failed', 'timeout', now()),
                ($1, $2, $3, $5, 'opened', NULL, now() - interval '2 days')`,
        [DUTY, userId.c, member.id, randomUUID(), randomUUID()],
      );
      await t.db.query(
        `UPDATE station_visits SET created_at = now() - interval '2 days' WHERE station_id = $1 AND decided_at < now() - interval '1 day'`,
        [DUTY],
      );
      for (const who of ['master', 'xiaodian']) {
        const res = await t.call<StationVisitorsTodayResponse>(
          'GET',
          `/api/v1/stations/${DUTY}/visitors/today`,
          token[who],
        );
        expect(res.status).toBe(200);
        expect(res.body.counts).toEqual({ visits: 3, uniqueVisitors: 2, failed: 1 });
        expect(res.body.items).toHaveLength(4);
        expect(res.body.items[0]).toMatchObject({
          status: 'failed',
          failure: 'timeout',
          memberName: '张**',
        });
        expect(res.body.items.map((i) => i.memberName)).toEqual(['张**', '张**', '张**', '张**']);
        expect(res.body.items.some((i) => i.visitId === ok.body.visitId)).toBe(true);
      }
      const other = await t.call<ApiErrorBody>(
        'GET',
        `/api/v1/stations/${DUTY}/visitors/today`,
        token.pingcheng,
      );
      expect([other.status, other.body.code]).toEqual([403, ErrorCode.OutOfScope]);
      const member2 = await t.call<ApiErrorBody>('GET', `/api/v1/stations/${DUTY}/visitors/today`, token.a);
      expect([member2.status, member2.body.code]).toEqual([403, ErrorCode.Forbidden]);
    });
  });

  describe('station join code', () => {
    it("issues a grassroots union's join code labelled with the station's name", async () => {
      const res = await t.call<JoinCodeResponse>(
        'POST',
        `/api/v1/stations/${DUTY}/join-code`,
        token.xiaodian,
        {
          unionId: tree.unionXiaodian.id,
        },
      );
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ org: { id: tree.unionXiaodian.id }, label: `门禁驿站${tag}-09` });
      const resolved = await t.call<{ org: { id: string }; label: string }>(
        'GET',
        `/api/v1/membership/join-codes/resolve?code=${encodeURIComponent(res.body.token)}`,
      );
      expect(resolved.body).toMatchObject({ org: { id: tree.unionXiaodian.id }, label: `门禁驿站${tag}-09` });
      const county = await t.call<ApiErrorBody>(
        'POST',
        `/api/v1/stations/${DUTY}/join-code`,
        token.xiaodian,
        {
          unionId: tree.xiaodian.id,
        },
      );
      expect([county.status, county.body.code]).toEqual([422, ErrorCode.OrgNotGrassroots]);
      const foreignUnion = await t.call<ApiErrorBody>(
        'POST',
        `/api/v1/stations/${DUTY}/join-code`,
        token.xiaodian,
        {
          unionId: tree.unionPingcheng.id,
        },
      );
      expect([foreignUnion.status, foreignUnion.body.code]).toEqual([403, ErrorCode.OutOfScope]);
      const master = await t.call<ApiErrorBody>('POST', `/api/v1/stations/${DUTY}/join-code`, token.master, {
        unionId: tree.unionXiaodian.id,
      });
      expect([master.status, master.body.code]).toEqual([403, ErrorCode.Forbidden]);
    });
  });
});

import {
  type Amenity,
  AMENITIES,
  type ApiErrorBody,
  type CreateStationRequest,
  ErrorCode,
  type GeoPoint,
  type NearbyStationsResponse,
  type OpeningHours,
  type StationCitiesResponse,
  type StationListResponse,
  type StationResponse,
} from '@smartunion/contracts';

import { seedStations } from '../src/cli/seed/stations.seed';
import { fromWgs84, toWgs84 } from '../src/modules/stations/coordinates';
import { isOpenAt } from '../src/modules/stations/opening-hours';
import { buildMiniTree, insertUser, type MiniTree, uniqueTag } from './support/fixtures';
import { createTestApp, type TestApp } from './support/test-app';

/** Great-circle distance in metres on PostGIS's mean sphere. */
function haversine(a: GeoPoint, b: GeoPoint): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6371008.7714 * Math.asin(Math.sqrt(h));
}

/** A deterministic pseudo-random stream (mulberry32), so a failure can be replayed. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 'HH:MM' of Beijing time `minutes` from now. */
function beijingClock(minutes: number): string {
  const d = new Date(Date.now() + minutes * 60_000 + 8 * 3_600_000);
  return `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
}

interface Fixture {
  id: string;
  location: GeoPoint;
  amenities: Amenity[];
  hours: OpeningHours;
}

describe('stations: registry and nearby search (real PostgreSQL + Redis)', () => {
  let t: TestApp;
  let tree: MiniTree;
  let tag: string;
  const token: Record<string, string> = {};
  const userId: Record<string, string> = {};

  const station = (overrides: Partial<CreateStationRequest> = {}): CreateStationRequest => ({
    orgId: tree.xiaodian.id,
    name: `亲贤街户外劳动者服务站${tag}`,
    address: '太原市小店区亲贤北街 79 号',
    location: { lat: 37.8228, lng: 112.5712 },
    coord: 'gcj02',
    hours: { always: false, opens: '08:00', closes: '20:00' },
    capacity: 12,
    amenities: ['water', 'charging'],
    level: 'county',
    photos: ['https://static.example.com/stations/1.jpg'],
    verifiedOnly: false,
    ...overrides,
  });

  beforeAll(async () => {
    t = await createTestApp();
    tag = uniqueTag();
    tree = await buildMiniTree(t.db, tag);
    const users: [string, { role: 'county_staff' | 'city_staff' | 'member'; orgId: string }[]][] = [
      ['xiaodian', [{ role: 'county_staff', orgId: tree.xiaodian.id }]],
      ['pingcheng', [{ role: 'county_staff', orgId: tree.pingcheng.id }]],
      ['taiyuan', [{ role: 'city_staff', orgId: tree.taiyuan.id }]],
      ['member', [{ role: 'member', orgId: tree.unionXiaodian.id }]],
      ['master', []],
    ];
    for (const [key, roles] of users) {
      userId[key] = await insertUser(t.db, `st-${key}-${tag}`, key, roles);
      token[key] = (await t.login(`st-${key}-${tag}`)).accessToken;
    }
  });
  afterAll(() => t.close());

  describe('registry', () => {
    let created: StationResponse;

    beforeAll(async () => {
      const res = await t.call<StationResponse>('POST', '/api/v1/stations', token.xiaodian, station());
      expect(res.status).toBe(201);
      created = res.body;
    });

    it('creates a station in scope, stores WGS-84 and answers in the datum it was given', async () => {
      expect(created).toMatchObject({
        org: { id: tree.xiaodian.id },
        coord: 'gcj02',
        hours: { always: false, opens: '08:00', closes: '20:00' },
        amenities: ['water', 'charging'],
        status: 'active',
        masters: [],
      });
      expect(Math.abs(created.location.lat - 37.8228)).toBeLessThan(1e-5);
      expect(Math.abs(created.location.lng - 112.5712)).toBeLessThan(1e-5);
      const [stored]: { lat: number; lng: number }[] = await t.db.query(
        `SELECT ST_Y(location::geometry) AS lat, ST_X(location::geometry) AS lng FROM stations WHERE id = $1`,
        [created.id],
      );
      const expected = toWgs84({ lat: 37.8228, lng: 112.5712 }, 'gcj02');
      expect(haversine(stored, expected)).toBeLessThan(0.05);
      // GCJ-02 is offset by hundreds of metres here: the conversion really happened.
      expect(haversine(stored, { lat: 37.8228, lng: 112.5712 })).toBeGreaterThan(200);
      const [audit]: { n: number }[] = await t.db.query(
        `SELECT count(*)::int AS n FROM audit_events WHERE action = 'station.created' AND target_id = $1`,
        [created.id],
      );
      expect(audit.n).toBe(1);
    });

    it('reads it back in another datum', async () => {
      const res = await t.call<StationResponse>(
        'GET',
        `/api/v1/stations/${created.id}?coord=bd09`,
        token.taiyuan,
      );
      expect(res.status).toBe(200);
      expect(res.body.coord).toBe('bd09');
      const bd = fromWgs84(toWgs84({ lat: 37.8228, lng: 112.5712 }, 'gcj02'), 'bd09');
      expect(haversine(res.body.location, bd)).toBeLessThan(0.5);
    });

    it('updates within scope, including overnight hours, and audits before/after', async () => {
      const res = await t.call<StationResponse>('PATCH', `/api/v1/stations/${created.id}`, token.taiyuan, {
        name: `亲贤街驿站${tag}`,
        hours: { always: false, opens: '20:00', closes: '02:00' },
        amenities: ['water', 'microwave', 'first_aid'],
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        name: `亲贤街驿站${tag}`,
        hours: { always: false, opens: '20:00', closes: '02:00' },
        amenities: ['water', 'microwave', 'first_aid'],
        capacity: 12,
      });
      expect(haversine(res.body.location, created.location)).toBeLessThan(0.5);
      const always = await t.call<StationResponse>(
        'PATCH',
        `/api/v1/stations/${created.id}`,
        token.xiaodian,
        {
          hours: { always: true },
        },
      );
      expect([always.status, always.body.hours, always.body.openNow]).toEqual([200, { always: true }, true]);
      const [audit]: { before: { name: string }; after: { name: string } }[] = await t.db.query(
        `SELECT before, after FROM audit_events WHERE action = 'station.updated' AND target_id = $1 ORDER BY id LIMIT 1`,
        [created.id],
      );
      expect([audit.before.name, audit.after.name]).toEqual([created.name, `亲贤街驿站${tag}`]);
    });

    it('lists with paging and name and org filters', async () => {
      await t.call(
        'POST',
        '/api/v1/stations',
        token.taiyuan,
        station({ orgId: tree.yingze.id, name: `柳巷驿站${tag}` }),
      );
      const all = await t.call<StationListResponse>('GET', `/api/v1/stations?pageSize=1`, token.taiyuan);
      expect(all.status).toBe(200);
      expect(all.body.total).toBeGreaterThanOrEqual(2);
      expect(all.body.items).toHaveLength(1);
      const byName = await t.call<StationListResponse>(
        'GET',
        `/api/v1/stations?q=${encodeURIComponent(`柳巷驿站${tag}`)}`,
        token.taiyuan,
      );
      expect(byName.body.items.map((s) => s.name)).toEqual([`柳巷驿站${tag}`]);
      const byOrg = await t.call<StationListResponse>(
        'GET',
        `/api/v1/stations?orgId=${tree.xiaodian.id}`,
        token.taiyuan,
      );
      expect(byOrg.body.items.map((s) => s.id)).toEqual([created.id]);
      const county = await t.call<StationListResponse>('GET', `/api/v1/stations`, token.xiaodian);
      expect(county.body.items.every((s) => s.org.id === tree.xiaodian.id)).toBe(true);
    });

    it('refuses a county staff of another county, reading or writing (403), and keeps them out of lists', async () => {
      const read = await t.call<ApiErrorBody>('GET', `/api/v1/stations/${created.id}`, token.pingcheng);
      expect([read.status, read.body.code]).toEqual([403, ErrorCode.OutOfScope]);
      const write = await t.call<ApiErrorBody>('PATCH', `/api/v1/stations/${created.id}`, token.pingcheng, {
        name: '改名',
      });
      expect([write.status, write.body.code]).toEqual([403, ErrorCode.OutOfScope]);
      const create = await t.call<ApiErrorBody>('POST', '/api/v1/stations', token.pingcheng, station());
      expect([create.status, create.body.code]).toEqual([403, ErrorCode.OutOfScope]);
      const master = await t.call<ApiErrorBody>(
        'POST',
        `/api/v1/stations/${created.id}/masters/${userId.master}`,
        token.pingcheng,
      );
      expect(master.status).toBe(403);
      const list = await t.call<StationListResponse>('GET', '/api/v1/stations', token.pingcheng);
      expect(list.body.items.some((s) => s.id === created.id)).toBe(false);
      // Moving a station out of one's scope is refused too.
      const move = await t.call<ApiErrorBody>('PATCH', `/api/v1/stations/${created.id}`, token.xiaodian, {
        orgId: tree.pingcheng.id,
      });
      expect([move.status, move.body.code]).toEqual([403, ErrorCode.OutOfScope]);
    });

    it('refuses members: no create, no registry read (403 FORBIDDEN)', async () => {
      const create = await t.call<ApiErrorBody>('POST', '/api/v1/stations', token.member, station());
      expect([create.status, create.body.code]).toEqual([403, ErrorCode.Forbidden]);
      const read = await t.call<ApiErrorBody>('GET', `/api/v1/stations/${created.id}`, token.member);
      expect([read.status, read.body.code]).toEqual([403, ErrorCode.Forbidden]);
    });

    it('answers bad input with a 4xx JSON error, never a 500', async () => {
      const cases: [unknown, number, ErrorCode][] = [
        [
          station({ hours: { always: false, opens: '08:00', closes: '08:00' } }),
          400,
          ErrorCode.StationHoursInvalid,
        ],
        [station({ hours: { always: false, opens: '08:00' } }), 400, ErrorCode.ValidationFailed],
        [
          station({ hours: { always: false, opens: '25:00', closes: '08:00' } }),
          400,
          ErrorCode.ValidationFailed,
        ],
        [station({ location: { lat: 91, lng: 112 } }), 400, ErrorCode.ValidationFailed],
        [{ ...station(), location: undefined }, 400, ErrorCode.ValidationFailed],
        [station({ amenities: ['teleport' as Amenity] }), 400, ErrorCode.ValidationFailed],
        [station({ capacity: 0 }), 400, ErrorCode.ValidationFailed],
        [station({ photos: ['not a url'] }), 400, ErrorCode.ValidationFailed],
        [station({ coord: 'utm' as 'wgs84' }), 400, ErrorCode.ValidationFailed],
        [station({ orgId: '999999999' }), 404, ErrorCode.OrgNotFound],
      ];
      for (const [body, status, code] of cases) {
        const res = await t.call<ApiErrorBody>('POST', '/api/v1/stations', token.xiaodian, body);
        expect([res.status, res.body.code]).toEqual([status, code]);
        expect(typeof res.body.message).toBe('string');
      }
      const missing = await t.call<ApiErrorBody>('GET', '/api/v1/stations/999999999', token.xiaodian);
      expect([missing.status, missing.body.code]).toEqual([404, ErrorCode.StationNotFound]);
      const badId = await t.call<ApiErrorBody>('GET', '/api/v1/stations/abc', token.xiaodian);
      expect([badId.status, badId.body.code]).toEqual([400, ErrorCode.ValidationFailed]);
    });

    it('refuses a name or address with an invisible character, naming the field, and writes nothing', async () => {
      const name = `亲贤街\u200b驿站${tag}`;
      const res = await t.call<ApiErrorBody>('POST', '/api/v1/stations', token.xiaodian, station({ name }));
      expect([res.status, res.body.code]).toEqual([400, ErrorCode.ValidationFailed]);
      expect(res.body.details).toEqual([
        { field: 'name', reasons: ['name contains invisible or direction-control characters'] },
      ]);
      const rows: unknown[] = await t.db.query(`SELECT 1 FROM stations WHERE name = $1`, [name]);
      expect(rows).toHaveLength(0);
      const update = await t.call<ApiErrorBody>('PATCH', `/api/v1/stations/${created.id}`, token.xiaodian, {
        address: '亲贤北街\u202e号8',
      });
      expect([update.status, update.body.code]).toEqual([400, ErrorCode.ValidationFailed]);
      expect(update.body.details).toEqual([
        { field: 'address', reasons: ['address contains invisible or direction-control characters'] },
      ]);
    });

    it('assigns a master (granting the station_master role on its org) and unassigns them (revoking it)', async () => {
      const before = await t.call<ApiErrorBody>('GET', `/api/v1/stations/${created.id}`, token.master);
      expect(before.status).toBe(403);
      const res = await t.call<StationResponse>(
        'POST',
        `/api/v1/stations/${created.id}/masters/${userId.master}`,
        token.xiaodian,
      );
      expect(res.status).toBe(200);
      expect(res.body.masters).toEqual([{ userId: userId.master, displayName: 'master' }]);
      const again = await t.call<StationResponse>(
        'POST',
        `/api/v1/stations/${created.id}/masters/${userId.master}`,
        token.xiaodian,
      );
      expect(again.body.masters).toHaveLength(1);
      const asMaster = await t.call<StationResponse>('GET', `/api/v1/stations/${created.id}`, token.master);
      expect(asMaster.status).toBe(200);
      const cannotWrite = await t.call<ApiErrorBody>(
        'PATCH',
        `/api/v1/stations/${created.id}`,
        token.master,
        {
          capacity: 3,
        },
      );
      expect([cannotWrite.status, cannotWrite.body.code]).toEqual([403, ErrorCode.Forbidden]);

      const removed = await t.call<StationResponse>(
        'DELETE',
        `/api/v1/stations/${created.id}/masters/${userId.master}`,
        token.xiaodian,
      );
      expect([removed.status, removed.body.masters]).toEqual([200, []]);
      const after = await t.call<ApiErrorBody>('GET', `/api/v1/stations/${created.id}`, token.master);
      expect(after.status).toBe(403);
      const [audit]: { n: number }[] = await t.db.query(
        `SELECT count(*)::int AS n FROM audit_events WHERE target_id = $1 AND action LIKE 'station.master_%'`,
        [created.id],
      );
      expect(audit.n).toBe(2);

      const unknown = await t.call<ApiErrorBody>(
        'POST',
        `/api/v1/stations/${created.id}/masters/00000000-0000-4000-8000-000000000000`,
        token.xiaodian,
      );
      expect([unknown.status, unknown.body.code]).toEqual([404, ErrorCode.UserNotFound]);
      const bad = await t.call<ApiErrorBody>(
        'POST',
        `/api/v1/stations/${created.id}/masters/nope`,
        token.xiaodian,
      );
      expect([bad.status, bad.body.code]).toEqual([400, ErrorCode.ValidationFailed]);
    });
  });

  describe('nearby', () => {
    // 离石 (Lüliang): well away from every other station of the test database (the Taiyuan/Datong ones).
    const center: GeoPoint = { lat: 37.519, lng: 111.144 };
    const fixtures: Fixture[] = [];
    let closedId: string;

    const nearby = (query: string, who = 'member') =>
      t.call<NearbyStationsResponse>('GET', `/api/v1/stations/nearby?${query}`, token[who]);
    const wgs = `lat=${center.lat}&lng=${center.lng}&coord=wgs84`;

    /** The stations a brute-force scan finds, nearest first. */
    const bruteForce = (keep: (f: Fixture) => boolean = () => true) =>
      fixtures
        .filter(keep)
        .map((f) => ({ ...f, d: haversine(center, f.location) }))
        .sort((a, b) => a.d - b.d);

    /** Same stations in the same order, ties (within 1 m) in any order. */
    function expectSameOrder(
      items: NearbyStationsResponse['items'],
      expected: ReturnType<typeof bruteForce>,
    ) {
      expect(items).toHaveLength(expected.length);
      const byId = new Map(fixtures.map((f) => [f.id, f]));
      items.forEach((item, i) => {
        const fixture = byId.get(item.id);
        expect(fixture).toBeDefined();
        const d = haversine(center, (fixture as Fixture).location);
        expect(Math.abs(d - expected[i].d)).toBeLessThan(1);
        // ST_Distance is on the spheroid: within 0.5 % of the sphere.
        expect(Math.abs(item.distanceMeters - d)).toBeLessThan(d * 0.005 + 1);
      });
    }

    beforeAll(async () => {
      const random = prng(20261124);
      const openWindow: OpeningHours = { always: false, opens: beijingClock(-90), closes: beijingClock(90) };
      const closedWindow: OpeningHours = {
        always: false,
        opens: beijingClock(90),
        closes: beijingClock(180),
      };
      for (let i = 0; i < 200; i += 1) {
        // Uniform over a disc of ~10 km.
        const r = 10_000 * Math.sqrt(random());
        const a = 2 * Math.PI * random();
        const location = {
          lat: center.lat + (r * Math.cos(a)) / 111_320,
          lng: center.lng + (r * Math.sin(a)) / (111_320 * Math.cos((center.lat * Math.PI) / 180)),
        };
        const amenities = AMENITIES.filter(() => random() < 0.5);
        const hours = i % 3 === 0 ? { always: true } : i % 3 === 1 ? openWindow : closedWindow;
        const [{ id }]: { id: string }[] = await t.db.query(
          `INSERT INTO stations (org_id, name, address, location, always_open, opens_at, closes_at, capacity, amenities,
                                 level, photos)
           VALUES ($1, $2, '吕梁市离石区', ST_SetSRID(ST_MakePoint($3, $4), 4326)::geography, $5, $6, $7, 10,
                   $8::text[], 'county', '{}')
           RETURNING id`,
          [
            tree.pingcheng.id,
            `N${tag}-${i}`,
            location.lng,
            location.lat,
            hours.always,
            hours.opens ?? null,
            hours.closes ?? null,
            amenities,
          ],
        );
        fixtures.push({ id, location, amenities, hours });
      }
      // A closed station right at the centre never shows.
      const [closed]: { id: string }[] = await t.db.query(
        `INSERT INTO stations (org_id, name, address, location, always_open, capacity, level, status)
         VALUES ($1, $2, '吕梁市离石区', ST_SetSRID(ST_MakePoint($3, $4), 4326)::geography, true, 5, 'county', 'closed')
         RETURNING id`,
        [tree.pingcheng.id, `N${tag}-closed`, center.lng, center.lat],
      );
      closedId = closed.id;
    });

    it('returns the nearest stations in haversine order, for a member', async () => {
      const res = await nearby(`${wgs}&radius=50000&limit=50`);
      expect(res.status).toBe(200);
      expect([res.body.coord, res.body.radius]).toEqual(['wgs84', 50000]);
      expectSameOrder(res.body.items, bruteForce().slice(0, 50));
      // 200 stations lie within 50 km: the answer says that farther ones were left out.
      expect(res.body.more).toBe(true);
      expect(res.body.items.some((s) => s.id === closedId)).toBe(false);
      const defaults = await nearby(wgs);
      expect(defaults.body.radius).toBe(3000);
      expectSameOrder(
        defaults.body.items,
        bruteForce()
          .filter((f) => f.d <= 3000)
          .slice(0, 20),
      );
    });

    it('keeps to the radius', async () => {
      const res = await nearby(`${wgs}&radius=2500&limit=50`);
      const expected = bruteForce().filter((f) => f.d <= 2500);
      expect(expected.length).toBeGreaterThan(3);
      expect(expected.length).toBeLessThan(50);
      expect(res.body.items.every((s) => s.distanceMeters <= 2500)).toBe(true);
      expect(res.body.more).toBe(false);
      // Spheroid vs sphere can disagree only for a station within metres of the circle.
      expect(Math.abs(res.body.items.length - expected.length)).toBeLessThanOrEqual(
        fixtures.filter((f) => Math.abs(haversine(center, f.location) - 2500) < 15).length,
      );
    });

    it('filters by amenities (all of them), as a comma list or repeated', async () => {
      const expected = bruteForce(
        (f) => f.amenities.includes('charging') && f.amenities.includes('microwave'),
      );
      const comma = await nearby(`${wgs}&radius=50000&limit=15&amenity=charging,microwave`);
      expect(comma.status).toBe(200);
      expectSameOrder(comma.body.items, expected.slice(0, 15));
      expect(
        comma.body.items.every((s) => s.amenities.includes('charging') && s.amenities.includes('microwave')),
      ).toBe(true);
      const repeated = await nearby(`${wgs}&radius=50000&limit=15&amenity=charging&amenity=microwave`);
      expect(repeated.body.items.map((s) => s.id)).toEqual(comma.body.items.map((s) => s.id));
    });

    it('filters open-now before the limit, agreeing with isOpenAt', async () => {
      const now = new Date();
      const all = await nearby(`${wgs}&radius=50000&limit=50`);
      for (const item of all.body.items) expect(item.openNow).toBe(isOpenAt(item.hours, now));
      expect(all.body.items.some((s) => !s.openNow)).toBe(true);
      const open = await nearby(`${wgs}&radius=50000&limit=30&openNow=true`);
      expect(open.status).toBe(200);
      expect(open.body.items.every((s) => s.openNow)).toBe(true);
      expectSameOrder(open.body.items, bruteForce((f) => isOpenAt(f.hours, now)).slice(0, 30));
      const off = await nearby(`${wgs}&radius=50000&limit=50&openNow=false`);
      expect(off.body.items.map((s) => s.id)).toEqual(all.body.items.map((s) => s.id));
    });

    it("speaks the caller's datum both ways (bd09 in, bd09 out; gcj02 by default)", async () => {
      const bdCenter = fromWgs84(center, 'bd09');
      const res = await nearby(`lat=${bdCenter.lat}&lng=${bdCenter.lng}&coord=bd09&radius=50000&limit=10`);
      expect(res.body.coord).toBe('bd09');
      expectSameOrder(res.body.items, bruteForce().slice(0, 10));
      const byId = new Map(fixtures.map((f) => [f.id, f]));
      for (const item of res.body.items) {
        const stored = (byId.get(item.id) as Fixture).location;
        expect(haversine(item.location, fromWgs84(stored, 'bd09'))).toBeLessThan(0.2);
        const back = toWgs84(item.location, 'bd09');
        expect(Math.abs(back.lat - stored.lat)).toBeLessThan(1e-5);
        expect(Math.abs(back.lng - stored.lng)).toBeLessThan(1e-5);
      }
      const gcjCenter = fromWgs84(center, 'gcj02');
      const gcj = await nearby(`lat=${gcjCenter.lat}&lng=${gcjCenter.lng}&radius=50000&limit=10`);
      expect(gcj.body.coord).toBe('gcj02');
      expect(gcj.body.items.map((s) => s.id)).toEqual(res.body.items.map((s) => s.id));
    });

    it('reports occupancy only from devices seen recently', async () => {
      const nearest = bruteForce().slice(0, 3);
      await t.db.query(
        `INSERT INTO station_states (station_id, occupancy, last_seen_at)
         VALUES ($1, 4, now() - interval '1 minute'), ($2, 7, now() - interval '30 minutes')`,
        [nearest[0].id, nearest[1].id],
      );
      const res = await nearby(`${wgs}&radius=50000&limit=3`);
      expect(res.body.items.map((s) => [s.online, s.occupancy])).toEqual([
        [true, 4],
        [false, null],
        [false, null],
      ]);
    });

    it('answers bad input with 400 and the JSON error', async () => {
      for (const query of [
        'lat=abc&lng=111',
        'lat=&lng=111',
        'lng=111',
        'lat=91&lng=111',
        'lat=37&lng=181',
        'lat=37&lng=111&radius=0',
        'lat=37&lng=111&radius=50001',
        'lat=37&lng=111&radius=1.5',
        'lat=37&lng=111&limit=51',
        'lat=37&lng=111&limit=0',
        'lat=37&lng=111&coord=utm',
        'lat=37&lng=111&amenity=teleport',
        'lat=37&lng=111&amenity=water,teleport',
        'lat=37&lng=111&openNow=maybe',
        'lat=37&lng=111&extra=1',
      ]) {
        const res = await t.call<ApiErrorBody>('GET', `/api/v1/stations/nearby?${query}`, token.member);
        expect([query, res.status, res.body.code]).toEqual([query, 400, ErrorCode.ValidationFailed]);
        expect(Array.isArray(res.body.details)).toBe(true);
      }
      const anonymous = await t.call<ApiErrorBody>('GET', `/api/v1/stations/nearby?lat=91&lng=111`);
      expect([anonymous.status, anonymous.body.code]).toEqual([400, ErrorCode.ValidationFailed]);
    });

    it('serves the station finder without a login, with what a member sees; the rest stays private', async () => {
      const query = `${wgs}&radius=50000&limit=20&openNow=true`;
      const anonymous = await t.call<NearbyStationsResponse>('GET', `/api/v1/stations/nearby?${query}`);
      expect(anonymous.status).toBe(200);
      const member = await nearby(query);
      expect(anonymous.body.items.length).toBeGreaterThan(0);
      expect(anonymous.body).toEqual(member.body);
      // A token is not needed, and a stale one does not get in the way.
      const stale = await t.call<NearbyStationsResponse>(
        'GET',
        `/api/v1/stations/nearby?${query}`,
        'not-a-jwt',
      );
      expect(stale.status).toBe(200);

      const id = anonymous.body.items[0].id;
      for (const [method, path] of [
        ['GET', '/api/v1/stations'],
        ['GET', `/api/v1/stations/${id}`],
        ['POST', '/api/v1/stations'],
        ['GET', '/api/v1/stations/mine'],
        ['POST', '/api/v1/stations/door/open'],
        ['POST', `/api/v1/stations/${id}/rating`],
        ['GET', '/api/v1/stations/rankings/stations'],
      ] as const) {
        const res = await t.call<ApiErrorBody>(method, path, undefined, method === 'POST' ? {} : undefined);
        expect([method, path, res.status, res.body.code]).toEqual([
          method,
          path,
          401,
          ErrorCode.Unauthenticated,
        ]);
      }
    });
  });

  describe('seed', () => {
    it('adds demo stations once and makes the demo station master the master of the first', async () => {
      const ids = new Map([
        ['SX-140105', tree.xiaodian.id],
        ['SX-140106', tree.yingze.id],
        ['SX-140213', tree.pingcheng.id],
      ]);
      const first = await seedStations(t.app, ids);
      expect(first.created).toBe(first.total);
      expect(first.total).toBeGreaterThanOrEqual(40);
      const second = await seedStations(t.app, ids);
      expect([second.created, second.mastersAssigned]).toEqual([0, 0]);
      const [row]: { n: number; always: number; masters: number }[] = await t.db.query(
        `SELECT count(*)::int AS n, count(*) FILTER (WHERE always_open)::int AS always,
                (SELECT count(*)::int FROM station_masters m JOIN stations x ON x.id = m.station_id
                  JOIN users u ON u.id = m.user_id
                  WHERE x.org_id = $1 AND u.demo_key = 'demo-station-master') AS masters
           FROM stations WHERE org_id = ANY($2::bigint[])`,
        [tree.xiaodian.id, [tree.xiaodian.id, tree.yingze.id]],
      );
      expect(row.masters).toBe(1);
      expect(row.always).toBeGreaterThan(0);
    });
  });

  describe('cities to search from without a position', () => {
    let own: MiniTree;
    let staff: string;
    const taiyuanPoints: GeoPoint[] = [
      { lat: 37.8228, lng: 112.5712 },
      { lat: 37.8575, lng: 112.5793 },
      { lat: 37.7955, lng: 112.5782 },
    ];

    beforeAll(async () => {
      const ownTag = uniqueTag();
      own = await buildMiniTree(t.db, ownTag);
      await insertUser(t.db, `st-cities-${ownTag}`, 'cities', [
        { role: 'city_staff', orgId: own.taiyuan.id },
      ]);
      staff = (await t.login(`st-cities-${ownTag}`)).accessToken;
      for (const [i, location] of taiyuanPoints.entries()) {
        const orgId = i === 1 ? own.yingze.id : own.xiaodian.id;
        const res = await t.call(
          'POST',
          '/api/v1/stations',
          staff,
          station({ orgId, location, name: `城市${i}${ownTag}` }),
        );
        expect(res.status).toBe(201);
      }
    });

    const cities = (query: string) =>
      t.call<StationCitiesResponse | ApiErrorBody>('GET', `/api/v1/stations/cities?${query}`);

    it('lists the cities of the province of an org that have stations, each centred on one of them', async () => {
      const res = await cities(`orgId=${own.unionXiaodian.id}`);
      expect(res.status).toBe(200);
      const body = res.body as StationCitiesResponse;
      expect(body.province?.id).toBe(own.province.id);
      // 大同 has no station in this tree: nothing to show around it.
      expect(body.items.map((c) => [c.org.id, c.stationCount])).toEqual([[own.taiyuan.id, 3]]);
      const [taiyuan] = body.items;
      expect(taiyuan.coord).toBe('gcj02');
      // The middle one of the three, in the datum asked for.
      const middle = taiyuanPoints[0];
      expect(haversine(taiyuan.centre, middle)).toBeLessThan(1);

      const wgs = (await cities(`orgId=${own.province.id}&coord=wgs84`)).body as StationCitiesResponse;
      expect(haversine(wgs.items[0].centre, toWgs84(middle, 'gcj02'))).toBeLessThan(1);
    });

    it('counts and centres only active stations', async () => {
      await t.db.query(`UPDATE stations SET status = 'closed' WHERE org_id = $1`, [own.yingze.id]);
      const body = (await cities(`orgId=${own.xiaodian.id}`)).body as StationCitiesResponse;
      expect(body.items.map((c) => c.stationCount)).toEqual([2]);
    });

    it('refuses an unknown or malformed org', async () => {
      const unknown = await cities('orgId=999999999999');
      expect([unknown.status, (unknown.body as ApiErrorBody).code]).toEqual([404, ErrorCode.OrgNotFound]);
      expect((await cities('orgId=abc')).status).toBe(400);
    });
  });
});

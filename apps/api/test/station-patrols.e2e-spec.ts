import { randomInt, randomUUID } from 'node:crypto';

import { type INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  type ApiErrorBody,
  ErrorCode,
  type GeoPoint,
  type MasterRankingResponse,
  type MyStationRatingResponse,
  PATROL_INTERVAL_MONTHS,
  PATROL_ITEMS,
  type PatrolCheck,
  type PatrolDueResponse,
  type PatrolListResponse,
  type PatrolResponse,
  type StationLevel,
  type StationRankingResponse,
  type StationRatingResponse,
  type StationReportListResponse,
} from '@smartunion/contracts';
import type { Job } from 'bullmq';

import { MembersService } from '../src/modules/membership/members.service';
import { fromWgs84, roundPoint } from '../src/modules/stations/coordinates';
import { FlagOverduePatrolsJob, type FlagOverduePatrolsJobData } from '../src/modules/stations/patrols.job';
import {
  MonthlyStationReportJob,
  type MonthlyStationReportJobData,
} from '../src/modules/stations/station-reports.job';
import { StationsJobsModule } from '../src/modules/stations/stations.module';
import { PlatformModule } from '../src/platform/platform.module';
import { buildMiniTree, insertUser, type MiniTree, uniqueTag } from './support/fixtures';
import { syntheticIdNumber } from './support/people';
import { createTestApp, type TestApp } from './support/test-app';

@Module({})
class JobsHostModule {}

/** 'YYYY-MM-DD' of Beijing time now. */
const beijingToday = (): string => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const beijingMonth = (): string => beijingToday().slice(0, 7);

/** The 15th of the month `months` from this one (negative: ago), so month arithmetic never clamps. */
function fifteenth(months: number): string {
  const [y, m] = beijingToday().split('-').map(Number);
  const d = new Date(Date.UTC(y, m - 1 + months, 15));
  return d.toISOString().slice(0, 10);
}

function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1 + months, d)).toISOString().slice(0, 10);
}

const daysBetween = (from: string, to: string): number => (Date.parse(to) - Date.parse(from)) / 86_400_000;

/** Noon Beijing time of a day, as an instant. */
const noon = (day: string): string => `${day}T12:00:00+08:00`;

const checklist = (failed: string[] = []): PatrolCheck[] =>
  PATROL_ITEMS.map((item) => ({
    item,
    passed: !failed.includes(item),
    ...(failed.includes(item) ? { note: '需整改' } : {}),
  }));

describe('stations: patrols, rankings, monthly reports and map export (real PostgreSQL + Redis)', () => {
  let t: TestApp;
  let tree: MiniTree;
  let tag: string;
  const token: Record<string, string> = {};
  const userId: Record<string, string> = {};
  const sid: Record<string, string> = {};
  const WGS: Record<string, GeoPoint> = {};

  async function insertStation(
    key: string,
    orgId: string,
    level: StationLevel,
    createdOn: string,
    status = 'active',
  ): Promise<string> {
    const location = {
      lat: 37.8 + randomInt(0, 10_000) / 100_000,
      lng: 112.5 + randomInt(0, 10_000) / 100_000,
    };
    const [{ id }]: { id: string }[] = await t.db.query(
      `INSERT INTO stations (org_id, name, address, location, always_open, capacity, level, status, created_at)
       VALUES ($1, $2, '太原市小店区巡查路 1 号', ST_SetSRID(ST_MakePoint($3, $4), 4326)::geography, true, 10, $5, $6,
               $7::timestamptz)
       RETURNING id::text AS id`,
      [orgId, `巡查驿站${tag}-${key}`, location.lng, location.lat, level, status, noon(createdOn)],
    );
    sid[key] = id;
    WGS[key] = location;
    return id;
  }

  async function insertPatrol(stationId: string, on: string): Promise<void> {
    await t.db.query(
      `INSERT INTO station_patrols (station_id, patrolled_by, org_id, patrolled_at, checklist)
       VALUES ($1, $2, $3, $4::timestamptz, $5::jsonb)`,
      [stationId, userId.province, tree.province.id, noon(on), JSON.stringify(checklist())],
    );
  }

  async function memberId(key: string): Promise<string> {
    const [row]: { id: string }[] = await t.db.query(
      `SELECT id::text AS id FROM members WHERE user_id = $1`,
      [userId[key]],
    );
    return row.id;
  }

  async function insertVisits(key: string, stationKey: string, count: number, at = 'now()'): Promise<void> {
    const member = await memberId(key);
    for (let i = 0; i < count; i += 1) {
      await t.db.query(
        `INSERT INTO station_visits (station_id, user_id, member_id, request_id, status, created_at, decided_at)
         VALUES ($1, $2, $3, $4, 'opened', ${at}, ${at})`,
        [sid[stationKey], userId[key], member, randomUUID()],
      );
    }
  }

  async function withWorker<T>(work: (worker: INestApplicationContext) => Promise<T>): Promise<T> {
    const worker = await NestFactory.createApplicationContext(
      { module: JobsHostModule, imports: [PlatformModule.forRoot(t.config, 'worker'), StationsJobsModule] },
      { logger: false },
    );
    try {
      return await work(worker);
    } finally {
      await worker.close();
    }
  }

  async function noticesOf(user: string, dedupeKey: string): Promise<number> {
    const [{ n }]: { n: number }[] = await t.db.query(
      `SELECT count(*)::int AS n FROM notices WHERE user_id = $1 AND dedupe_key = $2`,
      [user, dedupeKey],
    );
    return n;
  }

  beforeAll(async () => {
    t = await createTestApp();
    tag = uniqueTag();
    tree = await buildMiniTree(t.db, tag);
    const users: [
      string,
      { role: 'county_staff' | 'city_staff' | 'province_staff' | 'member'; orgId: string }[],
    ][] = [
      ['xiaodian', [{ role: 'county_staff', orgId: tree.xiaodian.id }]],
      ['pingcheng', [{ role: 'county_staff', orgId: tree.pingcheng.id }]],
      ['taiyuan', [{ role: 'city_staff', orgId: tree.taiyuan.id }]],
      ['province', [{ role: 'province_staff', orgId: tree.province.id }]],
      ['a', [{ role: 'member', orgId: tree.unionXiaodian.id }]],
      ['b', [{ role: 'member', orgId: tree.unionXiaodian.id }]],
      ['m1', []],
      ['m2', []],
      ['m3', []],
    ];
    for (const [key, roles] of users) {
      userId[key] = await insertUser(t.db, `sp-${key}-${tag}`, `${key}${tag}`, roles);
      token[key] = (await t.login(`sp-${key}-${tag}`)).accessToken;
    }
    for (const key of ['a', 'b']) {
      await t.app.get(MembersService).enrol(userId[key], tree.unionXiaodian.id, {
        name: '李四光',
        mobile: `138${String(randomInt(0, 1e8)).padStart(8, '0')}`,
        idNumber: syntheticIdNumber(),
        employer: '同城配送有限公司',
        occupation: 'delivery_rider',
        newEmploymentForm: true,
      });
    }
    // County station of a grassroots union, never patrolled, registered four months ago: due since that day.
    await insertStation('A', tree.unionXiaodian.id, 'county', fifteenth(-4));
    // County, patrolled last month: due in two months.
    await insertStation('B', tree.xiaodian.id, 'county', fifteenth(-12));
    await insertPatrol(sid.B, fifteenth(-1));
    // City, patrolled five months ago: due next month.
    await insertStation('C', tree.taiyuan.id, 'city', fifteenth(-24));
    await insertPatrol(sid.C, fifteenth(-8));
    await insertPatrol(sid.C, fifteenth(-5));
    // Province-level, patrolled eleven months ago: due next month.
    await insertStation('D', tree.yingze.id, 'province', fifteenth(-36));
    await insertPatrol(sid.D, fifteenth(-11));
    // Province-level owned by the city, patrolled thirteen months ago: overdue.
    await insertStation('E', tree.taiyuan.id, 'province', fifteenth(-36));
    await insertPatrol(sid.E, fifteenth(-13));
    // Closed: never due. Datong's: outside Taiyuan's scope.
    await insertStation('F', tree.xiaodian.id, 'city', fifteenth(-36), 'closed');
    await insertStation('G', tree.pingcheng.id, 'county', fifteenth(-36));
  });
  afterAll(() => t.close());

  describe('patrol schedule', () => {
    const expected = (): Record<string, string> => ({
      A: fifteenth(-4), // never patrolled: due the day it was registered
      B: addMonths(fifteenth(-1), PATROL_INTERVAL_MONTHS.county),
      C: addMonths(fifteenth(-5), PATROL_INTERVAL_MONTHS.city),
      D: addMonths(fifteenth(-11), PATROL_INTERVAL_MONTHS.province),
      E: addMonths(fifteenth(-13), PATROL_INTERVAL_MONTHS.province),
    });
    const mine = (body: PatrolDueResponse): Record<string, PatrolDueResponse['items'][number]> =>
      Object.fromEntries(
        Object.entries(sid)
          .map(([k, id]) => [k, body.items.find((i) => i.stationId === id)] as const)
          .filter(([, item]) => item !== undefined),
      ) as Record<string, PatrolDueResponse['items'][number]>;

    it('derives the due date from the level and the last patrol (never patrolled: the creation day)', async () => {
      const res = await t.call<PatrolDueResponse>(
        'GET',
        '/api/v1/stations/patrols/due?status=all&pageSize=100',
        token.taiyuan,
      );
      expect(res.status).toBe(200);
      const today = res.body.today;
      expect(today).toBe(beijingToday());
      const got = mine(res.body);
      expect(Object.keys(got).sort()).toEqual(['A', 'B', 'C', 'D', 'E']); // F closed, G out of scope
      for (const [k, dueOn] of Object.entries(expected())) {
        expect(got[k]).toMatchObject({ dueOn, daysLeft: daysBetween(today, dueOn), overdue: dueOn < today });
      }
      expect(got.A.lastPatrol).toBeNull();
      expect(got.C.lastPatrol?.patrolledAt).toBe(new Date(noon(fifteenth(-5))).toISOString());
      expect(got.A.org.id).toBe(tree.unionXiaodian.id);
      // Soonest first.
      const order = res.body.items.map((i) => i.dueOn);
      expect([...order].sort()).toEqual(order);
    });

    it('filters overdue and due-within-days', async () => {
      const overdue = await t.call<PatrolDueResponse>(
        'GET',
        '/api/v1/stations/patrols/due?status=overdue',
        token.taiyuan,
      );
      expect(Object.keys(mine(overdue.body)).sort()).toEqual(['A', 'E']);
      expect(overdue.body.items.every((i) => i.overdue)).toBe(true);
      const today = overdue.body.today;
      for (const days of [30, 120]) {
        const due = await t.call<PatrolDueResponse>(
          'GET',
          `/api/v1/stations/patrols/due?status=due&days=${days}`,
          token.taiyuan,
        );
        const want = Object.entries(expected())
          .filter(([, d]) => daysBetween(today, d) <= days)
          .map(([k]) => k)
          .sort();
        expect(Object.keys(mine(due.body)).sort()).toEqual(want);
      }
      // A county's staff sees only their county.
      const county = await t.call<PatrolDueResponse>(
        'GET',
        '/api/v1/stations/patrols/due?status=all',
        token.xiaodian,
      );
      expect(Object.keys(mine(county.body)).sort()).toEqual(['A', 'B']);
    });

    it('counts a station registered today and never patrolled as due today, not in three months', async () => {
      const id = await insertStation('H', tree.xiaodian.id, 'county', beijingToday());
      try {
        const res = await t.call<PatrolDueResponse>(
          'GET',
          '/api/v1/stations/patrols/due?status=due&days=0',
          token.xiaodian,
        );
        expect(res.status).toBe(200);
        expect(res.body.items.find((i) => i.stationId === id)).toMatchObject({
          dueOn: beijingToday(),
          daysLeft: 0,
          overdue: false,
          lastPatrol: null,
        });
      } finally {
        await t.db.query(`DELETE FROM stations WHERE id = $1`, [id]);
        delete sid.H;
        delete WGS.H;
      }
    });

    it('rejects a bad status or days with 400', async () => {
      for (const q of ['status=soon', 'days=-1', 'days=abc', 'days=400']) {
        const res = await t.call<ApiErrorBody>('GET', `/api/v1/stations/patrols/due?${q}`, token.taiyuan);
        expect(res.status).toBe(400);
        expect(res.body.code).toBe(ErrorCode.ValidationFailed);
      }
    });
  });

  describe('flag-overdue-patrols job', () => {
    it('flags each overdue station once and notifies the responsible staff once, however often it runs', async () => {
      const job = (w: INestApplicationContext): FlagOverduePatrolsJob => w.get(FlagOverduePatrolsJob);
      const first = await withWorker((w) => job(w).process({ data: {} } as Job<FlagOverduePatrolsJobData>));
      expect(first.flagged).toBeGreaterThanOrEqual(2);
      const second = await withWorker((w) => job(w).process({ data: {} } as Job<FlagOverduePatrolsJobData>));
      expect(second).toEqual({ flagged: 0, notified: 0 });

      const flags: { station_id: string; due_on: string }[] = await t.db.query(
        `SELECT station_id::text AS station_id, to_char(due_on, 'YYYY-MM-DD') AS due_on FROM station_patrol_flags
          WHERE station_id = ANY($1::bigint[]) ORDER BY station_patrol_flags.station_id`,
        [Object.values(sid)],
      );
      const due = {
        A: fifteenth(-4),
        E: addMonths(fifteenth(-13), 12),
        G: fifteenth(-36),
      };
      expect(flags).toEqual(
        (['A', 'E', 'G'] as const)
          .map((k) => ({ station_id: sid[k], due_on: due[k] }))
          .sort((x, y) => Number(x.station_id) - Number(y.station_id)),
      );
      // County station of a grassroots union: its county federation's staff (小店), not Datong's.
      expect(await noticesOf(userId.xiaodian, `station_patrol_overdue:${sid.A}:${due.A}`)).toBe(1);
      expect(await noticesOf(userId.pingcheng, `station_patrol_overdue:${sid.A}:${due.A}`)).toBe(0);
      expect(await noticesOf(userId.pingcheng, `station_patrol_overdue:${sid.G}:${due.G}`)).toBe(1);
      // Province-level station owned by a city: the province's staff, not the city's.
      expect(await noticesOf(userId.province, `station_patrol_overdue:${sid.E}:${due.E}`)).toBe(1);
      expect(await noticesOf(userId.taiyuan, `station_patrol_overdue:${sid.E}:${due.E}`)).toBe(0);
      const [notice]: { title: string; body: string }[] = await t.db.query(
        `SELECT title, body FROM notices WHERE user_id = $1 AND dedupe_key = $2`,
        [userId.xiaodian, `station_patrol_overdue:${sid.A}:${due.A}`],
      );
      expect(notice.title).toBe('驿站巡查已逾期');
      expect(notice.body).toContain(due.A);
    });
  });

  describe('recording patrols', () => {
    it('records a patrol in scope, audited, and the station is no longer overdue', async () => {
      const body = {
        checklist: [...checklist(['first_aid'])].reverse(),
        notes: '药箱缺少创可贴',
        photoUrls: ['https://static.example.com/patrols/1.jpg'],
      };
      const res = await t.call<PatrolResponse>(
        'POST',
        `/api/v1/stations/${sid.A}/patrols`,
        token.xiaodian,
        body,
      );
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        stationId: sid.A,
        patrolledBy: { userId: userId.xiaodian, displayName: `xiaodian${tag}` },
        org: { id: tree.xiaodian.id },
        failed: 1,
        notes: '药箱缺少创可贴',
        photoUrls: ['https://static.example.com/patrols/1.jpg'],
      });
      expect(res.body.checklist.map((c) => c.item)).toEqual(PATROL_ITEMS);
      expect(res.body.checklist.find((c) => c.item === 'first_aid')).toEqual({
        item: 'first_aid',
        passed: false,
        note: '需整改',
      });
      const [audit]: { n: number }[] = await t.db.query(
        `SELECT count(*)::int AS n FROM audit_events WHERE action = 'station.patrolled' AND target_id = $1 AND actor_user_id = $2`,
        [sid.A, userId.xiaodian],
      );
      expect(audit.n).toBe(1);

      const list = await t.call<PatrolListResponse>(
        'GET',
        `/api/v1/stations/${sid.A}/patrols`,
        token.taiyuan,
      );
      expect(list.status).toBe(200);
      expect(list.body.items.map((p) => [p.id, p.patrolledBy.displayName])).toEqual([
        [res.body.id, `xiaodian${tag}`],
      ]);

      const due = await t.call<PatrolDueResponse>(
        'GET',
        '/api/v1/stations/patrols/due?status=all&pageSize=100',
        token.xiaodian,
      );
      const a = due.body.items.find((i) => i.stationId === sid.A);
      expect(a).toMatchObject({
        overdue: false,
        dueOn: addMonths(due.body.today, 3),
        lastPatrol: { id: res.body.id, failed: 1 },
      });
    });

    it('accepts a backdated patrol but not one in the future or before the station existed', async () => {
      const ok = await t.call<PatrolResponse>('POST', `/api/v1/stations/${sid.B}/patrols`, token.taiyuan, {
        checklist: checklist(),
        patrolledAt: noon(fifteenth(-1)).replace('12:00:00', '15:00:00'),
      });
      expect(ok.status).toBe(201);
      expect(ok.body.org.id).toBe(tree.taiyuan.id);
      for (const patrolledAt of [new Date(Date.now() + 3_600_000).toISOString(), noon(fifteenth(-13))]) {
        const res = await t.call<ApiErrorBody>('POST', `/api/v1/stations/${sid.B}/patrols`, token.taiyuan, {
          checklist: checklist(),
          patrolledAt,
        });
        expect(res.status).toBe(422);
        expect(res.body.code).toBe(ErrorCode.PatrolTimeInvalid);
      }
    });

    it('refuses staff outside the station scope (403) and callers without station:write', async () => {
      const out = await t.call<ApiErrorBody>('POST', `/api/v1/stations/${sid.A}/patrols`, token.pingcheng, {
        checklist: checklist(),
      });
      expect(out.status).toBe(403);
      expect(out.body.code).toBe(ErrorCode.OutOfScope);
      const member = await t.call<ApiErrorBody>('POST', `/api/v1/stations/${sid.A}/patrols`, token.a, {
        checklist: checklist(),
      });
      expect(member.status).toBe(403);
      expect(member.body.code).toBe(ErrorCode.Forbidden);
      const readOut = await t.call<ApiErrorBody>('GET', `/api/v1/stations/${sid.A}/patrols`, token.pingcheng);
      expect(readOut.status).toBe(403);
      const missing = await t.call<ApiErrorBody>(
        'POST',
        '/api/v1/stations/999999999999/patrols',
        token.taiyuan,
        {
          checklist: checklist(),
        },
      );
      expect(missing.status).toBe(404);
    });

    it('validates the checklist shape with 400', async () => {
      const full = checklist();
      const bad: unknown[] = [
        full.slice(1), // an item missing
        [...full.slice(1), full[1]], // an item twice
        [...full.slice(1), { item: 'wifi', passed: true }], // an unknown item
        full.map((c, i) => (i === 0 ? { item: c.item, passed: 'yes' } : c)), // not a boolean
        full.map((c, i) => (i === 0 ? { ...c, note: 'x'.repeat(201) } : c)), // note too long
        'all good',
        null,
      ];
      for (const list of bad) {
        const res = await t.call<ApiErrorBody>('POST', `/api/v1/stations/${sid.B}/patrols`, token.taiyuan, {
          checklist: list,
        });
        expect(res.status).toBe(400);
        expect(res.body.code).toBe(ErrorCode.ValidationFailed);
      }
      const badPhoto = await t.call<ApiErrorBody>(
        'POST',
        `/api/v1/stations/${sid.B}/patrols`,
        token.taiyuan,
        {
          checklist: full,
          photoUrls: ['javascript:alert(1)'],
        },
      );
      expect(badPhoto.status).toBe(400);
    });
  });

  describe('ratings and rankings', () => {
    beforeAll(async () => {
      // This month: B 5 visits by two members, C 3 by one, D 1; G (Datong) 10, outside Taiyuan's scope.
      await insertVisits('a', 'B', 3);
      await insertVisits('b', 'B', 2);
      await insertVisits('a', 'C', 3);
      await insertVisits('b', 'D', 1);
      await insertVisits('a', 'G', 10);
      // Attendance this month: m2 5 days at C, m1 3 days at B (and the same days at D), m3 7 days at G.
      const month = beijingMonth();
      const attend = async (user: string, station: string, days: number): Promise<void> => {
        for (let d = 1; d <= days; d += 1) {
          await t.db.query(
            `INSERT INTO station_attendance (station_id, user_id, day, location, distance_m)
             VALUES ($1, $2, $3::date, ST_SetSRID(ST_MakePoint(112.55, 37.87), 4326)::geography, 0)`,
            [sid[station], userId[user], `${month}-${String(d).padStart(2, '0')}`],
          );
        }
      };
      await attend('m1', 'B', 3);
      await attend('m1', 'D', 3);
      await attend('m2', 'C', 5);
      await attend('m3', 'G', 7);
    });

    it('lets a member rate a station they opened this month, once per month (re-rating replaces)', async () => {
      const first = await t.call<StationRatingResponse>('POST', `/api/v1/stations/${sid.C}/rating`, token.a, {
        score: 4,
      });
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ stationId: sid.C, month: beijingMonth(), score: 4, comment: null });
      const again = await t.call<StationRatingResponse>('POST', `/api/v1/stations/${sid.C}/rating`, token.a, {
        score: 5,
        comment: '热水很方便',
      });
      expect(again.body).toMatchObject({ score: 5, comment: '热水很方便' });
      expect((await t.call('POST', `/api/v1/stations/${sid.B}/rating`, token.a, { score: 3 })).status).toBe(
        200,
      );
      expect((await t.call('POST', `/api/v1/stations/${sid.B}/rating`, token.b, { score: 4 })).status).toBe(
        200,
      );
      const [{ n }]: { n: number }[] = await t.db.query(
        `SELECT count(*)::int AS n FROM station_ratings WHERE station_id = $1`,
        [sid.C],
      );
      expect(n).toBe(1);
    });

    it("answers the caller's own rating this month and whether they may rate", async () => {
      const mine = await t.call<MyStationRatingResponse>('GET', `/api/v1/stations/${sid.C}/rating`, token.a);
      expect(mine.status).toBe(200);
      expect(mine.body).toMatchObject({
        stationId: sid.C,
        month: beijingMonth(),
        canRate: true,
        rating: { stationId: sid.C, month: beijingMonth(), score: 5, comment: '热水很方便' },
      });
      const visitedUnrated = await t.call<MyStationRatingResponse>(
        'GET',
        `/api/v1/stations/${sid.D}/rating`,
        token.b,
      );
      expect(visitedUnrated.body).toMatchObject({ canRate: true, rating: null });
      const neverVisited = await t.call<MyStationRatingResponse>(
        'GET',
        `/api/v1/stations/${sid.C}/rating`,
        token.b,
      );
      expect(neverVisited.body).toMatchObject({ canRate: false, rating: null });
      expect((await t.call('GET', '/api/v1/stations/999999999999/rating', token.a)).status).toBe(404);
      expect((await t.call('GET', `/api/v1/stations/${sid.C}/rating`)).status).toBe(401);
    });

    it('refuses a rating without a visit this month (403), a bad score (400) and an unknown station (404)', async () => {
      const res = await t.call<ApiErrorBody>('POST', `/api/v1/stations/${sid.C}/rating`, token.b, {
        score: 5,
      });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe(ErrorCode.StationNotVisited);
      for (const score of [0, 6, 4.5, '5']) {
        expect((await t.call('POST', `/api/v1/stations/${sid.C}/rating`, token.a, { score })).status).toBe(
          400,
        );
      }
      expect(
        (await t.call('POST', '/api/v1/stations/999999999999/rating', token.a, { score: 5 })).status,
      ).toBe(404);
    });

    it('ranks stations in scope by visits and by rating', async () => {
      const visits = await t.call<StationRankingResponse>(
        'GET',
        '/api/v1/stations/rankings/stations?by=visits',
        token.taiyuan,
      );
      expect(visits.status).toBe(200);
      expect(visits.body.month).toBe(beijingMonth());
      expect(visits.body.items.map((i) => [i.rank, i.stationId, i.visits, i.uniqueVisitors])).toEqual([
        [1, sid.B, 5, 2],
        [2, sid.C, 3, 1],
        [3, sid.D, 1, 1],
      ]);
      const rating = await t.call<StationRankingResponse>(
        'GET',
        `/api/v1/stations/rankings/stations?by=rating&month=${beijingMonth()}`,
        token.taiyuan,
      );
      expect(rating.body.items.map((i) => [i.stationId, i.rating, i.ratings])).toEqual([
        [sid.C, 5, 1],
        [sid.B, 3.5, 2],
      ]);
      // Datong's staff sees only G; a past month is empty.
      const pingcheng = await t.call<StationRankingResponse>(
        'GET',
        '/api/v1/stations/rankings/stations',
        token.pingcheng,
      );
      expect(pingcheng.body.items.map((i) => [i.stationId, i.visits])).toEqual([[sid.G, 10]]);
      const past = await t.call<StationRankingResponse>(
        'GET',
        '/api/v1/stations/rankings/stations?month=2024-01',
        token.taiyuan,
      );
      expect(past.body.items).toEqual([]);
      for (const q of ['month=2026-13', 'month=202611', 'by=stars']) {
        expect((await t.call('GET', `/api/v1/stations/rankings/stations?${q}`, token.taiyuan)).status).toBe(
          400,
        );
      }
      expect((await t.call('GET', '/api/v1/stations/rankings/stations', token.a)).status).toBe(403);
    });

    it('ranks station masters by attendance days, with their stations ratings', async () => {
      const res = await t.call<MasterRankingResponse>(
        'GET',
        '/api/v1/stations/rankings/masters',
        token.taiyuan,
      );
      expect(res.status).toBe(200);
      expect(res.body.items.map((i) => [i.rank, i.userId, i.displayName, i.attendanceDays])).toEqual([
        [1, userId.m2, `m2${tag}`, 5],
        [2, userId.m1, `m1${tag}`, 3],
      ]);
      expect(res.body.items[0].stations).toEqual([
        { id: sid.C, name: `巡查驿站${tag}-C`, rating: 5, ratings: 1 },
      ]);
      expect(res.body.items[1].stations).toEqual([
        { id: sid.B, name: `巡查驿站${tag}-B`, rating: 3.5, ratings: 2 },
        { id: sid.D, name: `巡查驿站${tag}-D`, rating: null, ratings: 0 },
      ]);
      const province = await t.call<MasterRankingResponse>(
        'GET',
        '/api/v1/stations/rankings/masters',
        token.province,
      );
      expect(province.body.items.map((i) => i.userId)).toEqual([userId.m3, userId.m2, userId.m1]);
    });
  });

  describe('monthly-station-report job', () => {
    it('writes one report per city and month with the change, notifies city staff once, and lists them in scope', async () => {
      // March 2025: 2 visits by two members at B. April: 3 visits by one member at B and C.
      await insertVisits('a', 'B', 1, `'2025-03-10T10:00:00+08:00'`);
      await insertVisits('b', 'B', 1, `'2025-03-31T23:30:00+08:00'`); // still March in Beijing
      await insertVisits('a', 'B', 2, `'2025-04-01T00:10:00+08:00'`);
      await insertVisits('a', 'C', 1, `'2025-04-30T23:59:00+08:00'`);
      await insertVisits('a', 'C', 1, `'2025-05-01T00:00:00+08:00'`); // May
      await insertVisits('a', 'G', 4, `'2025-04-15T12:00:00+08:00'`); // Datong
      // D's device reports; every other station of Taiyuan is offline.
      await t.db.query(
        `INSERT INTO station_states (station_id, occupancy, last_seen_at) VALUES ($1, 0, now())`,
        [sid.D],
      );

      const run = (month: string): Promise<{ month: string; written: number; notified: number }> =>
        withWorker((w) =>
          w.get(MonthlyStationReportJob).process({ data: { month } } as Job<MonthlyStationReportJobData>),
        );
      const march = await run('2025-03');
      expect(march.written).toBeGreaterThanOrEqual(2);
      const april = await run('2025-04');
      expect(april.written).toBeGreaterThanOrEqual(2);
      expect(await run('2025-04')).toEqual({ month: '2025-04', written: 0, notified: 0 });

      const open = 4; // A, B, C, E under Taiyuan; D too but online; F closed
      const rows = await t.call<StationReportListResponse>(
        'GET',
        '/api/v1/stations/reports?month=2025-04',
        token.taiyuan,
      );
      expect(rows.status).toBe(200);
      expect(rows.body.items).toHaveLength(1);
      expect(rows.body.items[0]).toMatchObject({
        cityOrg: { id: tree.taiyuan.id },
        month: '2025-04',
        visits: 3,
        uniqueVisitors: 1,
        stations: open + 1,
        activeStations: 2,
        offlineStations: open,
        changeVsLastMonth: {
          visits: { previous: 2, delta: 1 },
          uniqueVisitors: { previous: 2, delta: -1 },
          activeStations: { previous: 1, delta: 1 },
          offlineStations: { previous: open, delta: 0 },
        },
      });
      const history = await t.call<StationReportListResponse>(
        'GET',
        '/api/v1/stations/reports',
        token.taiyuan,
      );
      expect(history.body.items.map((r) => r.month)).toEqual(['2025-04', '2025-03']);
      expect(history.body.items[1].changeVsLastMonth.visits).toBeNull();
      const province = await t.call<StationReportListResponse>(
        'GET',
        '/api/v1/stations/reports?month=2025-04',
        token.province,
      );
      const datong = province.body.items.find((r) => r.cityOrg.id === tree.datong.id);
      expect(province.body.items.map((r) => r.cityOrg.id).sort()).toEqual(
        [tree.datong.id, tree.taiyuan.id].sort(),
      );
      expect(datong).toMatchObject({ visits: 4, uniqueVisitors: 1, activeStations: 1 });
      // A county's staff sees no city's report.
      expect(
        (await t.call<StationReportListResponse>('GET', '/api/v1/stations/reports', token.xiaodian)).body
          .items,
      ).toEqual([]);

      expect(await noticesOf(userId.taiyuan, `station_report:${tree.taiyuan.id}:2025-04`)).toBe(1);
      expect(await noticesOf(userId.taiyuan, `station_report:${tree.taiyuan.id}:2025-03`)).toBe(1);
      const [notice]: { title: string; body: string }[] = await t.db.query(
        `SELECT title, body FROM notices WHERE user_id = $1 AND dedupe_key = $2`,
        [userId.taiyuan, `station_report:${tree.taiyuan.id}:2025-04`],
      );
      expect(notice.title).toBe('2025年4月驿站运行月报');
      expect(notice.body).toContain('开门 3 次');
      expect(notice.body).toContain('较上月');
      expect((await t.call('GET', '/api/v1/stations/reports?month=2025-4', token.taiyuan)).status).toBe(400);
    });
  });

  describe('map export', () => {
    const taiyuanKeys = ['A', 'B', 'C', 'D', 'E', 'F'];

    it('exports the stations in scope as GeoJSON with converted coordinates, audited', async () => {
      const res = await t.inject({
        method: 'GET',
        url: '/api/v1/stations/export?format=geojson&coord=bd09',
        headers: { authorization: `Bearer ${token.taiyuan}` },
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('application/geo+json');
      expect(res.headers['content-disposition']).toContain('.geojson');
      const body = JSON.parse(res.body) as {
        type: string;
        features: {
          geometry: { coordinates: [number, number] };
          properties: { id: string; name: string; level: string; orgName: string };
        }[];
      };
      expect(body.type).toBe('FeatureCollection');
      const ids = body.features.map((f) => f.properties.id);
      expect(ids.sort()).toEqual(taiyuanKeys.map((k) => sid[k]).sort());
      for (const k of taiyuanKeys) {
        const f = body.features.find((x) => x.properties.id === sid[k]);
        const want = roundPoint(fromWgs84(WGS[k], 'bd09'));
        expect(f?.geometry.coordinates[0]).toBeCloseTo(want.lng, 6);
        expect(f?.geometry.coordinates[1]).toBeCloseTo(want.lat, 6);
        // BD-09 is visibly off WGS-84: the conversion happened.
        expect(Math.abs((f?.geometry.coordinates[0] ?? 0) - WGS[k].lng)).toBeGreaterThan(0.005);
      }
      expect(body.features.find((x) => x.properties.id === sid.C)?.properties).toMatchObject({
        level: 'city',
        orgName: `太原市总工会${tag}`,
      });
      const [audit]: { n: number; after: { rows: number } }[] = await t.db.query(
        `SELECT count(*)::int AS n, max(after::text)::jsonb AS after FROM audit_events
          WHERE action = 'station.exported' AND actor_user_id = $1`,
        [userId.taiyuan],
      );
      expect(audit.n).toBe(1);
      expect(audit.after.rows).toBe(taiyuanKeys.length);
    });

    it('downloads through a plain link with a download ticket, as the H5 workbench does', async () => {
      const issued = await t.call<{ url: string }>('POST', '/api/v1/download-tickets', token.pingcheng, {
        path: '/api/v1/stations/export?format=csv&coord=gcj02',
      });
      expect(issued.status).toBe(200);
      const viaTicket = await t.inject({ method: 'GET', url: issued.body.url });
      expect(viaTicket.statusCode).toBe(200);
      expect(viaTicket.headers['content-type']).toContain('text/csv');
      expect(viaTicket.headers['content-disposition']).toMatch(/^attachment; /);
      // The ticket names this URL only: another query is refused.
      const other = await t.inject({
        method: 'GET',
        url: issued.body.url.replace('coord=gcj02', 'coord=bd09'),
      });
      expect(other.statusCode).toBe(401);
    });

    it('exports CSV with a BOM and GCJ-02 coordinates, scoped', async () => {
      const res = await t.inject({
        method: 'GET',
        url: '/api/v1/stations/export?format=csv&coord=gcj02',
        headers: { authorization: `Bearer ${token.pingcheng}` },
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('text/csv');
      expect(res.body.startsWith('\uFEFF')).toBe(true);
      const lines = res.body
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\n');
      expect(lines[0]).toBe('id,name,address,lng,lat,coord,hours,amenities,level,status,org_name');
      expect(lines).toHaveLength(2);
      const cells = lines[1].split(',');
      const want = roundPoint(fromWgs84(WGS.G, 'gcj02'));
      expect(cells[0]).toBe(sid.G);
      expect(Number(cells[3])).toBeCloseTo(want.lng, 6);
      expect(Number(cells[4])).toBeCloseTo(want.lat, 6);
      expect(cells.slice(5, 10)).toEqual(['gcj02', '24小时', '', '县级驿站', '开放']);
    });

    it('rejects a bad format or datum (400) and callers without station:read (403)', async () => {
      expect((await t.call('GET', '/api/v1/stations/export?format=kml', token.taiyuan)).status).toBe(400);
      expect((await t.call('GET', '/api/v1/stations/export?coord=mercator', token.taiyuan)).status).toBe(400);
      expect((await t.call('GET', '/api/v1/stations/export', token.a)).status).toBe(403);
    });
  });
});

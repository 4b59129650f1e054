import { randomInt } from 'node:crypto';

import {
  type ApiErrorBody,
  ErrorCode,
  type EquipmentFaultListResponse,
  type EquipmentReportListResponse,
  type EquipmentReportResponse,
} from '@smartunion/contracts';

import { buildMiniTree, insertUser, type MiniTree, uniqueTag } from './support/fixtures';
import { createTestApp, type TestApp } from './support/test-app';

const base = 920_000_000_000_000 + randomInt(0, 2 ** 40) * 100;
const sid = (n: number): string => String(base + n);
const STATION = sid(1);
const OTHER = sid(2); // same county, no master

describe('stations: equipment status reports by station masters', () => {
  let t: TestApp;
  let tree: MiniTree;
  let tag: string;
  const token: Record<string, string> = {};
  const userId: Record<string, string> = {};

  async function insertStation(id: string): Promise<void> {
    await t.db.query(
      `INSERT INTO stations (id, org_id, name, address, location, always_open, capacity, level, status)
       OVERRIDING SYSTEM VALUE
       VALUES ($1, $2, $3, '太原市小店区测试路 2 号', ST_SetSRID(ST_MakePoint(112.55, 37.87), 4326)::geography, true,
               10, 'county', 'active')`,
      [id, tree.xiaodian.id, `设备驿站${tag}-${id.slice(-2)}`],
    );
  }

  const report = (who: string, stationId: string, body: unknown) =>
    t.call<EquipmentReportResponse & ApiErrorBody>(
      'POST',
      `/api/v1/stations/${stationId}/equipment-reports`,
      token[who],
      body,
    );
  const faults = () =>
    t.call<EquipmentFaultListResponse>(
      'GET',
      '/api/v1/stations/equipment/faults?pageSize=100',
      token.xiaodian,
    );

  beforeAll(async () => {
    t = await createTestApp();
    tag = uniqueTag();
    tree = await buildMiniTree(t.db, tag);
    await insertStation(STATION);
    await insertStation(OTHER);
    const users: [string, { role: 'county_staff' | 'station_master'; orgId: string }[]][] = [
      ['xiaodian', [{ role: 'county_staff', orgId: tree.xiaodian.id }]],
      ['pingcheng', [{ role: 'county_staff', orgId: tree.pingcheng.id }]],
      ['master', [{ role: 'station_master', orgId: tree.xiaodian.id }]],
      ['a', []],
    ];
    for (const [key, roles] of users) {
      userId[key] = await insertUser(t.db, `se-${key}-${tag}`, key, roles);
      token[key] = (await t.login(`se-${key}-${tag}`)).accessToken;
    }
    await t.db.query(`INSERT INTO station_masters (station_id, user_id) VALUES ($1, $2)`, [
      STATION,
      userId.master,
    ]);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('lets a master report, stored in item order and audited', async () => {
    const res = await report('master', STATION, {
      items: [
        { item: 'microwave', status: 'missing' },
        { item: 'water_dispenser', status: 'faulty', note: '  不出热水  ' },
        { item: 'seats', status: 'ok' },
      ],
      note: '请尽快维修',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      stationId: STATION,
      reportedBy: { userId: userId.master, displayName: 'master' },
      items: [
        { item: 'water_dispenser', status: 'faulty', note: '不出热水' },
        { item: 'microwave', status: 'missing' },
        { item: 'seats', status: 'ok' },
      ],
      faults: 2,
      note: '请尽快维修',
    });
    const audits: { n: number }[] = await t.db.query(
      `SELECT count(*)::int AS n FROM audit_events WHERE action = 'station.equipment_reported' AND target_id = $1`,
      [STATION],
    );
    expect(audits[0].n).toBe(1);
  });

  it('refuses non-masters (403), even staff, and unknown stations (404)', async () => {
    const body = { items: [{ item: 'seats', status: 'ok' }] };
    for (const who of ['a', 'xiaodian']) {
      const res = await report(who, STATION, body);
      expect([res.status, res.body.code]).toEqual([403, ErrorCode.Forbidden]);
    }
    const elsewhere = await report('master', OTHER, body);
    expect([elsewhere.status, elsewhere.body.code]).toEqual([403, ErrorCode.Forbidden]);
    const missing = await report('master', '999999999999999999', body);
    expect([missing.status, missing.body.code]).toEqual([404, ErrorCode.StationNotFound]);
  });

  it('rejects a bad body (400)', async () => {
    const bad = [
      {},
      { items: [] },
      { items: [{ item: 'jacuzzi', status: 'ok' }] },
      { items: [{ item: 'seats', status: 'broken' }] },
      {
        items: [
          { item: 'seats', status: 'ok' },
          { item: 'seats', status: 'faulty' },
        ],
      },
      { items: [{ item: 'seats', status: 'faulty', note: '坏'.repeat(201) }] },
      { items: [{ item: 'seats', status: 'ok' }], note: 'x'.repeat(201) },
    ];
    for (const body of bad) {
      const res = await report('master', STATION, body);
      expect([res.status, res.body.code]).toEqual([400, ErrorCode.ValidationFailed]);
    }
  });

  it('lists reports newest first to masters and staff in scope, not to another county', async () => {
    for (const who of ['master', 'xiaodian']) {
      const res = await t.call<EquipmentReportListResponse>(
        'GET',
        `/api/v1/stations/${STATION}/equipment-reports`,
        token[who],
      );
      expect(res.status).toBe(200);
      expect(res.body.total).toBe(1);
      expect(res.body.items[0]).toMatchObject({
        stationId: STATION,
        reportedBy: { userId: userId.master, displayName: 'master' },
        faults: 2,
      });
    }
    const other = await t.call<ApiErrorBody>(
      'GET',
      `/api/v1/stations/${STATION}/equipment-reports`,
      token.pingcheng,
    );
    expect([other.status, other.body.code]).toEqual([403, ErrorCode.OutOfScope]);
    const member = await t.call<ApiErrorBody>(
      'GET',
      `/api/v1/stations/${STATION}/equipment-reports`,
      token.a,
    );
    expect([member.status, member.body.code]).toEqual([403, ErrorCode.Forbidden]);
  });

  it('lists a station among the faults only while its latest report has a fault', async () => {
    const first = await faults();
    expect(first.status).toBe(200);
    const mine = first.body.items.find((f) => f.stationId === STATION);
    expect(mine).toMatchObject({
      org: { id: tree.xiaodian.id },
      items: [
        { item: 'water_dispenser', status: 'faulty', note: '不出热水' },
        { item: 'microwave', status: 'missing' },
      ],
    });
    expect(first.body.items.some((f) => f.stationId === OTHER)).toBe(false);

    const fixed = await report('master', STATION, {
      items: [
        { item: 'water_dispenser', status: 'ok' },
        { item: 'microwave', status: 'ok' },
      ],
    });
    expect(fixed.status).toBe(201);
    expect((await faults()).body.items.some((f) => f.stationId === STATION)).toBe(false);

    const list = await t.call<EquipmentReportListResponse>(
      'GET',
      `/api/v1/stations/${STATION}/equipment-reports?pageSize=1`,
      token.master,
    );
    expect([list.body.total, list.body.items[0].id]).toEqual([2, fixed.body.id]);

    const broken = await report('master', STATION, { items: [{ item: 'door_lock', status: 'faulty' }] });
    expect(broken.status).toBe(201);
    const again = (await faults()).body.items.find((f) => f.stationId === STATION);
    expect(again).toMatchObject({
      reportId: broken.body.id,
      items: [{ item: 'door_lock', status: 'faulty' }],
    });

    const elsewhere = await t.call<EquipmentFaultListResponse>(
      'GET',
      '/api/v1/stations/equipment/faults?pageSize=100',
      token.pingcheng,
    );
    expect(elsewhere.status).toBe(200);
    expect(elsewhere.body.items.some((f) => f.stationId === STATION)).toBe(false);
    const member = await t.call<ApiErrorBody>('GET', '/api/v1/stations/equipment/faults', token.a);
    expect(member.status).toBe(403);
  });
});

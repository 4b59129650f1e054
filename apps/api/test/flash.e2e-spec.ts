import { randomUUID } from 'node:crypto';

import type { INestApplicationContext } from '@nestjs/common';
import {
  type ApiErrorBody,
  ErrorCode,
  type FlashDropResponse,
  type GrabResponse,
  type MemberFlashDropsResponse,
  type ServerTimeResponse,
} from '@smartunion/contracts';
import type { Redis } from 'ioredis';

import { FlashGrabService } from '../src/modules/benefits/flash/flash-grab.service';
import { FlashKeys } from '../src/modules/benefits/flash/flash-keys';
import { FlashPersistService } from '../src/modules/benefits/flash/flash-persist.service';
import { FLASH_REDIS } from '../src/modules/benefits/flash/flash-redis';
import { TokenService } from '../src/platform/auth/token.service';
import { buildMiniTree, insertUser, type MiniTree, uniqueTag } from './support/fixtures';
import { type FlashWorker, startFlashWorker } from './support/flash-worker';
import { createTestApp, type TestApp, testConfig } from './support/test-app';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  ms = 15_000,
): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** Redis Cluster's slot of a key (CRC16/XMODEM of the hash tag, else of the whole key). */
function keySlot(key: string): number {
  const open = key.indexOf('{');
  const close = open >= 0 ? key.indexOf('}', open + 1) : -1;
  const hashed = close > open + 1 ? key.slice(open + 1, close) : key;
  let crc = 0;
  for (const byte of Buffer.from(hashed)) {
    crc ^= byte << 8;
    for (let i = 0; i < 8; i += 1) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc % 16384;
}

describe('flash drops (秒杀): pre-heat, one-script grabs, batched persistence, reconciliation', () => {
  const config = testConfig();
  let t: TestApp;
  let jobs: INestApplicationContext;
  let worker: FlashWorker;
  let redis: Redis;
  let tree: MiniTree;
  let tag: string;
  let staff: string;
  let outsider: string;
  let memberNoPermission: string;
  let templateId: string;
  let smallTemplateId: string;
  const users: string[] = [];
  const tokens: string[] = [];
  const special: Record<'courier' | 'unverified' | 'faraway' | 'nonMember', { id: string; token: string }> =
    {} as never;
  const drop: Record<string, FlashDropResponse> = {};
  let t0 = 0;

  const sign = (userId: string): string => t.app.get(TokenService).signAccessToken(userId, ['member']).token;

  async function grab(
    token: string,
    dropId: string,
    key?: string,
  ): Promise<{ status: number; body: GrabResponse & ApiErrorBody; headers: Record<string, unknown> }> {
    const res = await t.inject({
      method: 'POST',
      url: `/api/v1/benefits/flash-drops/${dropId}/grab`,
      headers: { authorization: `Bearer ${token}`, ...(key ? { 'idempotency-key': key } : {}) },
    });
    return { status: res.statusCode, body: res.json(), headers: res.headers };
  }

  async function createDrop(
    name: string,
    fields: Partial<{
      stock: number;
      perMemberLimit: number;
      startsIn: number;
      endsIn: number;
      occupations: string[];
      verifiedOnly: boolean;
      orgId: string;
      templateId: string;
    }>,
  ): Promise<FlashDropResponse> {
    const res = await t.call<FlashDropResponse>('POST', '/api/v1/benefits/flash-drops', staff, {
      templateId: fields.templateId ?? templateId,
      orgId: fields.orgId ?? tree.xiaodian.id,
      title: `秒杀 ${name}`,
      stock: fields.stock ?? 10,
      perMemberLimit: fields.perMemberLimit,
      startsAt: new Date(t0 + (fields.startsIn ?? 3000)).toISOString(),
      endsAt: new Date(t0 + (fields.endsIn ?? 600_000)).toISOString(),
      occupations: fields.occupations,
      verifiedOnly: fields.verifiedOnly,
    });
    if (res.status !== 201) throw new Error(`create ${name}: ${res.status} ${JSON.stringify(res.body)}`);
    drop[name] = res.body;
    return res.body;
  }

  const getDrop = async (id: string): Promise<FlashDropResponse> =>
    (await t.call<FlashDropResponse>('GET', `/api/v1/benefits/flash-drops/${id}`, staff)).body;

  const count = async (sql: string, params: unknown[]): Promise<number> =>
    Number((await t.db.query<{ n: string }[]>(sql, params))[0].n);

  const template = async (id: string): Promise<{ issued: number; reserved: number }> =>
    (
      await t.db.query<
        {
          issued: number;
          reserved: number;
        }[]
      >(`SELECT issued, reserved FROM coupon_templates WHERE id = $1`, [id])
    )[0];

  beforeAll(async () => {
    t = await createTestApp({
      // Every test grab comes from 127.0.0.1; the per-IP limit is proved on the script itself below.
      flash: { ...config.flash, ipRateLimit: 100_000, persistKickMs: 20 },
    });
    redis = t.app.get(FLASH_REDIS);
    tag = uniqueTag();
    tree = await buildMiniTree(t.db, tag);

    worker = await startFlashWorker(config);
    jobs = worker.jobs;

    const staffId = await insertUser(t.db, `flash-staff-${tag}`, '小店县总', [
      { role: 'county_staff', orgId: tree.xiaodian.id },
    ]);
    const outsiderId = await insertUser(t.db, `flash-out-${tag}`, '平城县总', [
      { role: 'county_staff', orgId: tree.pingcheng.id },
    ]);
    staff = sign(staffId);
    outsider = sign(outsiderId);

    const [{ id: merchantId }] = await t.db.query<{ id: string }[]>(
      `INSERT INTO merchants (org_id, name, contact_name, contact_phone) VALUES ($1, $2, '张老板', '13800000000')
       RETURNING id`,
      [tree.xiaodian.id, `秒杀面馆${tag}`],
    );
    const insertTemplate = async (stock: number): Promise<string> =>
      (
        await t.db.query<{ id: string }[]>(
          `INSERT INTO coupon_templates (merchant_id, org_id, title, kind, amount_off_cents, valid_from, valid_to,
                                       total_stock, claimable)
         VALUES ($1, $2, '刀削面立减5元', 'amount_off', 500, now() - interval '1 day', now() + interval '30 days', $3, false)
         RETURNING id`,
          [merchantId, tree.xiaodian.id, stock],
        )
      )[0].id;
    templateId = await insertTemplate(100_000);
    smallTemplateId = await insertTemplate(150);

    // 1,500 verified delivery riders of the 小店 union, in two statements.
    const rows = await t.db.query<{ user_id: string }[]>(
      `WITH u AS (
         INSERT INTO users (display_name, demo_key)
         SELECT '秒杀骑手' || g, 'flash-' || $1 || '-' || g FROM generate_series(1, 1500) g RETURNING id
       ), n AS (SELECT id, row_number() OVER () AS i FROM u)
       INSERT INTO members (member_no, user_id, org_id, name, mobile, id_cipher, id_hash, id_masked, birth_date,
                            gender, employer, occupation, verification, verified_at, source)
       SELECT 'F' || $1 || lpad(i::text, 5, '0'), id, $2, '秒杀骑手', '139' || lpad(i::text, 8, '0'),
              sha256(convert_to($1::text || 'c' || i, 'UTF8')), sha256(convert_to($1::text || 'h' || i, 'UTF8')), '1401**********000X',
              date '1990-01-01', 'male', '美团外卖小店站', 'delivery_rider', 'verified', now(), 'import'
         FROM n
       RETURNING user_id`,
      [tag, tree.unionXiaodian.id],
    );
    for (const r of rows) {
      users.push(r.user_id);
      tokens.push(sign(r.user_id));
    }
    const oneMember = async (
      name: keyof typeof special,
      orgId: string | null,
      occupation: string,
      verified: boolean,
    ): Promise<void> => {
      const id = await insertUser(t.db, `flash-${name}-${tag}`, name);
      if (orgId) {
        await t.db.query(
          `INSERT INTO members (member_no, user_id, org_id, name, mobile, id_cipher, id_hash, id_masked, birth_date,
                                gender, employer, occupation, verification, verified_at, source)
           VALUES ($1::text, $2, $3, '单个会员', '13700000000', sha256(convert_to($1::text, 'UTF8')),
                   sha256(convert_to($1::text || 'h', 'UTF8')),
                   '1401**********000X', date '1990-01-01', 'female', '顺丰', $4, $5, $6, 'import')`,
          [
            `F${tag}${name}`,
            id,
            orgId,
            occupation,
            verified ? 'verified' : 'unverified',
            verified ? new Date() : null,
          ],
        );
      }
      special[name] = { id, token: sign(id) };
    };
    await oneMember('courier', tree.unionXiaodian.id, 'courier', true);
    await oneMember('unverified', tree.unionXiaodian.id, 'courier', false);
    await oneMember('faraway', tree.unionPingcheng.id, 'delivery_rider', true);
    await oneMember('nonMember', null, 'other', false);
    memberNoPermission = tokens[0];

    t0 = Date.now();
    await createDrop('conc', { stock: 100 });
    await createDrop('limit', { stock: 10, perMemberLimit: 3 });
    await createDrop('idem', { stock: 1 });
    await createDrop('replay', { stock: 5 });
    await createDrop('window', { stock: 5, startsIn: 5000, endsIn: 10_000 });
    await createDrop('fault', { stock: 5, endsIn: 13_000 });
    await createDrop('audience', { stock: 5, occupations: ['courier'], verifiedOnly: true });
    await createDrop('rate', { stock: 100 });
    await createDrop('rowlock', { stock: 2 });
    for (const d of Object.values(drop)) {
      await waitFor(`pre-heat of ${d.title}`, async () => (await getDrop(d.id)).preheatedAt !== null);
    }
  }, 60_000);

  afterAll(async () => {
    await worker?.close();
    await t?.close();
  });

  it('serves its clock for countdowns, without a login', async () => {
    const before = Date.now();
    const res = await t.call<ServerTimeResponse>('GET', '/api/v1/time');
    expect(res.status).toBe(200);
    expect(res.body.now).toBeGreaterThanOrEqual(before);
    expect(res.body.now).toBeLessThanOrEqual(Date.now());
  });

  it('pre-heats each drop into Redis under one hash tag: audience, stock and meta', async () => {
    const d = await getDrop(drop.conc.id);
    // The 小店 subtree: the 1,500 riders, the courier and the unverified one (not the 平城 member).
    expect(d.audienceSize).toBe(1502);
    expect((await getDrop(drop.audience.id)).audienceSize).toBe(1);
    const keys = new FlashKeys(drop.conc.id);
    expect(await redis.get(keys.stock)).toBe('100');
    expect(await redis.scard(keys.audience)).toBe(1502);
    expect(await redis.hget(keys.meta, 'n')).toBe('100');
    // The client prefixes every key; the tag survives it, so every key of the drop is in one slot.
    const prefixed = [
      keys.meta,
      keys.stock,
      keys.audience,
      keys.users,
      keys.grants,
      keys.idempotency('u', 'k'),
    ].map((k) => `${config.redis.prefix}:${k}`);
    expect(prefixed[0]).toBe(`${config.redis.prefix}:{sale:${drop.conc.id}}:meta`);
    expect(new Set(prefixed.map(keySlot)).size).toBe(1);
    expect(keySlot(prefixed[0])).toBe(keySlot(`{sale:${drop.conc.id}}`));
  });

  it('answers not_started before the window opens', async () => {
    const res = await grab(tokens[1], drop.window.id, randomUUID());
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ result: 'not_started', couponId: null, replayed: false });
    expect(typeof res.body.now).toBe('number');
  });

  it('refuses bad input with 400 and out-of-scope staff with 403', async () => {
    const bad = await t.call<ApiErrorBody>('POST', '/api/v1/benefits/flash-drops', staff, {
      templateId,
      orgId: tree.xiaodian.id,
      title: 'x',
      stock: 0,
      startsAt: 'tomorrow',
      endsAt: new Date(Date.now() + 60_000).toISOString(),
      extra: true,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe(ErrorCode.ValidationFailed);
    const fields = (bad.body.details as { field: string }[]).map((f) => f.field);
    expect(fields).toEqual(expect.arrayContaining(['title', 'stock', 'startsAt', 'extra']));
    const backwards = await t.call<ApiErrorBody>('POST', '/api/v1/benefits/flash-drops', staff, {
      templateId,
      orgId: tree.xiaodian.id,
      title: '倒着的秒杀',
      stock: 5,
      startsAt: new Date(Date.now() + 120_000).toISOString(),
      endsAt: new Date(Date.now() + 60_000).toISOString(),
    });
    expect(backwards.status).toBe(400);
    expect(backwards.body.details).toEqual([{ field: 'endsAt', reasons: ['must be after startsAt'] }]);
    const badKey = await grab(tokens[1], drop.conc.id, 'not-a-uuid');
    expect(badKey.status).toBe(400);
    expect(badKey.body.code).toBe(ErrorCode.ValidationFailed);
    expect((await grab(tokens[1], 'abc')).status).toBe(400);
    expect(
      (await t.call('POST', `/api/v1/benefits/flash-drops/${drop.conc.id}/grab`, undefined)).status,
    ).toBe(401);

    const foreign = await t.call<ApiErrorBody>('POST', '/api/v1/benefits/flash-drops', outsider, {
      templateId,
      orgId: tree.pingcheng.id,
      title: '越权秒杀',
      stock: 5,
      startsAt: new Date(Date.now() + 120_000).toISOString(),
      endsAt: new Date(Date.now() + 180_000).toISOString(),
    });
    expect(foreign.status).toBe(403);
    expect(foreign.body.code).toBe(ErrorCode.OutOfScope);
    const peek = await t.call<ApiErrorBody>('GET', `/api/v1/benefits/flash-drops/${drop.conc.id}`, outsider);
    expect(peek.status).toBe(403);
    expect(peek.body.code).toBe(ErrorCode.OutOfScope);
    const cancel = await t.call<ApiErrorBody>(
      'POST',
      `/api/v1/benefits/flash-drops/${drop.conc.id}/cancel`,
      outsider,
    );
    expect(cancel.status).toBe(403);
    const list = await t.call<{ total: number }>('GET', '/api/v1/benefits/flash-drops', outsider);
    expect(list.body.total).toBe(0);
    const asMember = await t.call<ApiErrorBody>('GET', '/api/v1/benefits/flash-drops', memberNoPermission);
    expect(asMember.status).toBe(403);
    expect(asMember.body.code).toBe(ErrorCode.Forbidden);
  });

  it('reserves a drop’s stock from its template and refuses more than is left', async () => {
    const first = await createDrop('small1', {
      templateId: smallTemplateId,
      stock: 100,
      startsIn: 3_600_000,
      endsIn: 7_200_000,
    });
    expect(await template(smallTemplateId)).toMatchObject({ issued: 0, reserved: 100 });
    const res = await t.call<ApiErrorBody>('POST', '/api/v1/benefits/flash-drops', staff, {
      templateId: smallTemplateId,
      orgId: tree.xiaodian.id,
      title: '库存不够的秒杀',
      stock: 51,
      startsAt: new Date(Date.now() + 3_600_000).toISOString(),
      endsAt: new Date(Date.now() + 7_200_000).toISOString(),
    });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe(ErrorCode.FlashStockUnavailable);
    // Outside the pre-heat lead: nothing in Redis yet (its delayed job waits).
    expect(first.preheatedAt).toBeNull();
    expect(await redis.exists(new FlashKeys(first.id).meta)).toBe(0);

    // Edits before the start move the reservation; cancelling gives it back.
    const edited = await t.call<FlashDropResponse>(
      'PATCH',
      `/api/v1/benefits/flash-drops/${first.id}`,
      staff,
      {
        stock: 150,
        title: '改过的秒杀',
      },
    );
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ stock: 150, title: '改过的秒杀', status: 'upcoming' });
    expect(await template(smallTemplateId)).toMatchObject({ reserved: 150 });
    const tooMuch = await t.call<ApiErrorBody>('PATCH', `/api/v1/benefits/flash-drops/${first.id}`, staff, {
      stock: 151,
    });
    expect(tooMuch.body.code).toBe(ErrorCode.FlashStockUnavailable);
    const cancelled = await t.call<FlashDropResponse>(
      'POST',
      `/api/v1/benefits/flash-drops/${first.id}/cancel`,
      staff,
    );
    expect(cancelled.body.status).toBe('cancelled');
    expect(await template(smallTemplateId)).toMatchObject({ reserved: 0 });
    expect((await grab(tokens[1], first.id)).body.result).toBe('ended');
  });

  it('re-pre-heats an edited drop inside its lead with the new version, and a cancelled one never opens', async () => {
    const soon = await createDrop('edit', { stock: 10, startsIn: 120_000, endsIn: 240_000 });
    await waitFor('pre-heat', async () => (await getDrop(soon.id)).preheatedAt !== null);
    const keys = new FlashKeys(soon.id);
    expect(await redis.hmget(keys.meta, 'v', 'n')).toEqual(['1', '10']);
    const res = await t.call<FlashDropResponse>('PATCH', `/api/v1/benefits/flash-drops/${soon.id}`, staff, {
      stock: 20,
      startsAt: new Date(t0 + 150_000).toISOString(),
    });
    expect(res.status).toBe(200);
    await waitFor('re-pre-heat', async () => (await getDrop(soon.id)).preheatedAt !== null);
    expect(await redis.hmget(keys.meta, 'v', 'n', 's')).toEqual(['2', '20', String(t0 + 150_000)]);
    expect(await redis.get(keys.stock)).toBe('20');
    const cancelled = await t.call<FlashDropResponse>(
      'POST',
      `/api/v1/benefits/flash-drops/${soon.id}/cancel`,
      staff,
    );
    expect(cancelled.body.status).toBe('cancelled');
    expect(await redis.hget(keys.meta, 'x')).toBe('c');
    expect(await redis.exists(keys.stock, keys.audience)).toBe(0);
    expect(await redis.pttl(keys.meta)).toBeGreaterThan(0);
  });

  it('2,000 concurrent grabs by 1,500 members for 100 coupons: exactly 100 grants, database == Redis', async () => {
    await sleep(Math.max(0, t0 + 5100 - Date.now()));
    // (The window drop opens now too: one grant in it, for the end-of-drop test below.)
    expect((await grab(tokens[80], drop.window.id)).body.result).toBe('granted');
    const d = drop.conc;
    // Every member once, then 500 of them again at the same moment (impatient double taps).
    const who = [...tokens.keys(), ...Array.from({ length: 500 }, (_, i) => (i * 7) % tokens.length)];
    const answers = await Promise.all(
      who.map(async (i) => ({ i, res: await grab(tokens[i], d.id, i % 2 ? randomUUID() : undefined) })),
    );
    expect(answers.every((a) => a.res.status === 200)).toBe(true);
    const granted = answers.filter((a) => a.res.body.result === 'granted');
    expect(granted).toHaveLength(100);
    expect(new Set(granted.map((a) => a.i)).size).toBe(100);
    expect(new Set(granted.map((a) => a.res.body.couponId)).size).toBe(100);
    const others = new Set(
      answers.filter((a) => a.res.body.result !== 'granted').map((a) => a.res.body.result),
    );
    expect([...others].every((r) => r === 'sold_out' || r === 'limit_reached')).toBe(true);

    const keys = new FlashKeys(d.id);
    await waitFor('persist queue drained', async () => {
      const n = await count(`SELECT count(*) AS n FROM coupons WHERE drop_id = $1`, [d.id]);
      return n === 100 && (await redis.get(keys.persisted)) === '100';
    });
    const coupons = await t.db.query<
      {
        id: string;
        user_id: string;
        seq: number;
        slot: number;
        source: string;
        status: string;
        valid: boolean;
      }[]
    >(
      `SELECT c.id, c.user_id, c.seq, c.slot, c.source, c.status, c.valid_to > now() AS valid
         FROM coupons c WHERE c.drop_id = $1 ORDER BY c.slot`,
      [d.id],
    );
    expect(coupons.map((c) => c.slot)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(new Set(coupons.map((c) => c.user_id)).size).toBe(100);
    expect(
      coupons.every((c) => c.seq === 1 && c.source === 'flash' && c.status === 'active' && c.valid),
    ).toBe(true);
    // The API's coupon ids are the persisted ones; Redis' log, counters and PostgreSQL agree.
    expect(new Set(coupons.map((c) => c.id))).toEqual(new Set(granted.map((a) => a.res.body.couponId)));
    const log = await redis.lrange(keys.grants, 0, -1);
    expect(new Set(log.map((e) => e.split('|')[0]))).toEqual(new Set(coupons.map((c) => c.id)));
    expect(await redis.get(keys.stock)).toBe('0');
    expect(await redis.hlen(keys.users)).toBe(100);
    const after = await getDrop(d.id);
    expect(after).toMatchObject({ granted: 100, remaining: 0, status: 'sold_out' });
    const issued = await count(`SELECT count(*) AS n FROM coupons WHERE template_id = $1`, [templateId]);
    expect(issued).toBeGreaterThanOrEqual(100);
    expect(await template(templateId)).toMatchObject({ issued });
  });

  it('once sold out, answers sold_out without a Redis round trip', async () => {
    const d = drop.conc;
    const grabs = t.app.get(FlashGrabService);
    expect(grabs.knowsSoldOut(d.id)).toBe(true);
    const script = jest.spyOn(redis, 'flashGrab');
    const get = jest.spyOn(redis, 'get');
    try {
      // Even with the drop's keys gone from Redis (the script would now say not_started).
      const keys = new FlashKeys(d.id);
      const saved = await redis.hgetall(keys.meta);
      await redis.del(keys.meta);
      const res = await grab(tokens[1400], d.id);
      expect(res.body).toMatchObject({ result: 'sold_out', couponId: null, remaining: null });
      expect(script).not.toHaveBeenCalled();
      expect(get).not.toHaveBeenCalled();
      await redis.hset(keys.meta, saved);
    } finally {
      script.mockRestore();
      get.mockRestore();
    }
  });

  it('an Idempotency-Key replays the first answer, also after the drop sold out', async () => {
    const d = drop.idem;
    const [a, b, c] = [tokens[10], tokens[11], tokens[12]];
    const key = randomUUID();
    const first = await grab(a, d.id, key);
    expect(first.body).toMatchObject({ result: 'granted', remaining: 0, replayed: false });
    expect((await grab(b, d.id, randomUUID())).body.result).toBe('sold_out');
    expect(t.app.get(FlashGrabService).knowsSoldOut(d.id)).toBe(true);
    const script = jest.spyOn(redis, 'flashGrab');
    try {
      const retry = await grab(a, d.id, key);
      expect(retry.body).toMatchObject({ result: 'granted', couponId: first.body.couponId, replayed: true });
      // Another member's request with the same key is another request.
      expect((await grab(c, d.id, key)).body).toMatchObject({ result: 'sold_out', replayed: false });
      expect(script).not.toHaveBeenCalled();
    } finally {
      script.mockRestore();
    }

    const r = drop.replay;
    const k = randomUUID();
    const once = await grab(a, r.id, k);
    expect(once.body.result).toBe('granted');
    const again = await grab(a, r.id, k);
    expect(again.body).toMatchObject({ result: 'granted', couponId: once.body.couponId, replayed: true });
    expect((await grab(a, r.id, randomUUID())).body).toMatchObject({
      result: 'limit_reached',
      replayed: false,
    });
    expect(await redis.hget(new FlashKeys(r.id).users, users[10])).toBe('1');
  });

  it('a limit above one grants each member up to the limit, backed by (drop, member, seq)', async () => {
    const d = drop.limit;
    const results = [];
    for (let i = 0; i < 4; i += 1) results.push((await grab(tokens[20], d.id, randomUUID())).body.result);
    expect(results).toEqual(['granted', 'granted', 'granted', 'limit_reached']);
    await waitFor('persisted', async () =>
      (await count(`SELECT count(*) AS n FROM coupons WHERE drop_id = $1`, [d.id])) === 3 ? true : undefined,
    );
    const seqs = await t.db.query<
      {
        seq: number;
        slot: number;
      }[]
    >(`SELECT seq, slot FROM coupons WHERE drop_id = $1 ORDER BY seq`, [d.id]);
    expect(seqs).toEqual([
      { seq: 1, slot: 1 },
      { seq: 2, slot: 2 },
      { seq: 3, slot: 3 },
    ]);
  });

  it('answers not_eligible outside the audience: occupation, verification, subtree, non-members', async () => {
    const d = drop.audience;
    expect((await grab(special.courier.token, d.id)).body.result).toBe('granted');
    expect((await grab(special.unverified.token, d.id)).body.result).toBe('not_eligible');
    expect((await grab(tokens[30], d.id)).body.result).toBe('not_eligible'); // a rider, not a courier
    expect((await grab(special.faraway.token, d.id)).body.result).toBe('not_eligible');
    expect((await grab(special.nonMember.token, d.id)).body.result).toBe('not_eligible');
    expect((await grab(special.faraway.token, drop.conc.id)).body.result).toBe('sold_out'); // fast path first
  });

  it('limits grabs per member and per IP inside the same script', async () => {
    const d = drop.rate;
    const burst = await Promise.all(Array.from({ length: 14 }, () => grab(tokens[40], d.id)));
    const limited = burst.filter((r) => r.status === 429);
    expect(limited.length).toBe(14 - config.flash.memberRateLimit);
    expect(limited[0].body.code).toBe(ErrorCode.RateLimited);
    expect(Number(limited[0].headers['retry-after'])).toBeGreaterThanOrEqual(1);

    // The per-IP limit, with the script's own arguments (limit 3 for one IP).
    const keys = new FlashKeys(d.id);
    const call = (userId: string): Promise<[string, string, number, number]> =>
      redis.flashGrab(
        keys.meta,
        keys.stock,
        keys.audience,
        keys.users,
        keys.grants,
        keys.idempotency(userId, '-'),
        keys.memberRate(userId),
        keys.ipRate('203.0.113.9'),
        userId,
        randomUUID(),
        '0',
        60_000,
        100,
        3,
        60_000,
      );
    const kinds = [];
    for (const u of users.slice(50, 55)) kinds.push((await call(u))[0]);
    expect(kinds).toEqual(['answer', 'answer', 'answer', 'rate_limited', 'rate_limited']);
  });

  it('never fails on missing keys: not pre-heated is not_started, no stock is sold_out, no audience not_eligible', async () => {
    const call = (id: string, userId: string): Promise<[string, string, number, number]> => {
      const keys = new FlashKeys(id);
      return redis.flashGrab(
        keys.meta,
        keys.stock,
        keys.audience,
        keys.users,
        keys.grants,
        keys.idempotency(userId, '-'),
        keys.memberRate(userId),
        keys.ipRate('198.51.100.1'),
        userId,
        randomUUID(),
        '0',
        60_000,
        100,
        100,
        60_000,
      );
    };
    expect((await call('987654321987', users[60]))[1]).toMatch(/^not_started\|\|0$/);
    // A copy of a live drop's meta alone, under another id: no stock key, no audience key.
    const ghost = '987654321988';
    await redis.hset(
      new FlashKeys(ghost).meta,
      's',
      String(Date.now() - 1000),
      'e',
      String(Date.now() + 60_000),
      'l',
      '1',
      'n',
      '5',
    );
    expect((await call(ghost, users[60]))[1]).toMatch(/^not_eligible\|/);
    await redis.sadd(new FlashKeys(ghost).audience, users[60]);
    expect((await call(ghost, users[60]))[1]).toMatch(/^sold_out\|/);
    await redis.del(new FlashKeys(ghost).meta, new FlashKeys(ghost).audience);
  });

  it('a Redis fault (a doubled slot, a re-granted member) cannot oversell or double-grant in PostgreSQL', async () => {
    const d = drop.fault;
    const a = await grab(tokens[70], d.id);
    const b = await grab(tokens[71], d.id);
    expect([a.body.result, b.body.result]).toEqual(['granted', 'granted']);
    const keys = new FlashKeys(d.id);
    await waitFor('persisted', async () => (await redis.get(keys.persisted)) === '2');
    const [slotA] = (await redis.lrange(keys.grants, 0, 0))[0].split('|').slice(3, 4);
    // Faults injected into the log: another member on a taken slot, a member again as their 1st coupon, and a
    // slot beyond the stock.
    await redis.rpush(
      keys.grants,
      `${randomUUID()}|${users[72]}|1|${slotA}|${Date.now()}`,
      `${randomUUID()}|${users[70]}|1|4|${Date.now()}`,
      `${randomUUID()}|${users[73]}|1|99|${Date.now()}`,
    );
    // Run now (a queued run may get there first: either way nothing is written).
    expect((await jobs.get(FlashPersistService).persist(d.id)).inserted).toBe(0);
    await waitFor('faults read', async () => (await redis.get(keys.persisted)) === '5');
    expect(await count(`SELECT count(*) AS n FROM coupons WHERE drop_id = $1`, [d.id])).toBe(2);
    expect(
      await count(`SELECT count(*) AS n FROM coupons WHERE drop_id = $1 AND user_id = $2`, [d.id, users[70]]),
    ).toBe(1);
  });

  it('ends on time: ended answers, Redis reconciled with PostgreSQL, unsold stock back to the template', async () => {
    const w = drop.window;
    await sleep(Math.max(0, t0 + 10_100 - Date.now()));
    expect((await grab(tokens[81], w.id)).body.result).toBe('ended');
    const done = await waitFor('reconciled', async () => {
      const x = await getDrop(w.id);
      return x.reconciledAt ? x : undefined;
    });
    expect(done).toMatchObject({ status: 'ended', granted: 1, returned: 4 });
    expect(done.reconciliation).toEqual({
      redisGrants: 1,
      databaseCoupons: 1,
      inserted: 0,
      conflictCount: 0,
      conflicts: [],
      missingInRedis: 0,
      returned: 4,
    });
    // The template's books: reserved is what open drops have not granted, issued what they granted.
    const open = await count(
      `SELECT COALESCE(sum(stock - granted), 0) AS n FROM flash_drops WHERE template_id = $1 AND status IN ('scheduled', 'ended')`,
      [templateId],
    );
    const issued = await count(`SELECT count(*) AS n FROM coupons WHERE template_id = $1`, [templateId]);
    expect(await template(templateId)).toEqual({ issued, reserved: open });
    expect(await redis.ttl(new FlashKeys(w.id).grants)).toBeGreaterThan(0);
    const locked = await t.call<ApiErrorBody>('PATCH', `/api/v1/benefits/flash-drops/${w.id}`, staff, {
      stock: 9,
    });
    expect(locked.status).toBe(409);
    expect(locked.body.code).toBe(ErrorCode.FlashDropLocked);
    const late = await t.call<ApiErrorBody>(
      'POST',
      `/api/v1/benefits/flash-drops/${drop.conc.id}/cancel`,
      staff,
    );
    expect(late.status).toBe(409);
    expect(late.body.code).toBe(ErrorCode.FlashDropLocked);

    // The faulty drop: the reconciliation reports each refused grant and returns what was not sold.
    const f = await waitFor('fault drop reconciled', async () => {
      const x = await getDrop(drop.fault.id);
      return x.reconciledAt ? x : undefined;
    });
    expect(f.reconciliation).toMatchObject({
      redisGrants: 5,
      databaseCoupons: 2,
      conflictCount: 3,
      returned: 3,
    });
    expect(f.reconciliation?.conflicts.map((c) => c.reason).sort()).toEqual([
      'duplicate_slot',
      'member_over_limit',
      'out_of_range',
    ]);
    expect(await count(`SELECT count(*) AS n FROM coupons WHERE drop_id = $1`, [drop.fault.id])).toBe(2);
  });

  it('lists a member’s drops with status, what is left and their coupons', async () => {
    const res = await t.call<MemberFlashDropsResponse>(
      'GET',
      '/api/v1/benefits/flash-drops/mine',
      tokens[20],
    );
    expect(res.status).toBe(200);
    const mine = new Map(res.body.items.map((i) => [i.id, i]));
    expect(mine.get(drop.limit.id)).toMatchObject({ status: 'live', remaining: 7, eligible: true });
    expect(mine.get(drop.limit.id)?.myCouponIds).toHaveLength(3);
    expect(mine.get(drop.conc.id)).toMatchObject({ status: 'sold_out', remaining: 0 });
    expect(mine.get(drop.audience.id)?.eligible).toBe(false);
    expect(mine.has(drop.small1.id)).toBe(false); // cancelled
    expect(Math.abs(res.body.now - Date.now())).toBeLessThan(5000);
    const far = await t.call<MemberFlashDropsResponse>(
      'GET',
      '/api/v1/benefits/flash-drops/mine',
      special.faraway.token,
    );
    expect(far.body.items.filter((i) => Object.values(drop).some((d) => d.id === i.id))).toEqual([]);
    const none = await t.call<MemberFlashDropsResponse>(
      'GET',
      '/api/v1/benefits/flash-drops/mine',
      special.nonMember.token,
    );
    expect(none.body.items).toEqual([]);
  });

  it('mounts the benchmark’s row-lock baseline only when asked; its grants keep the template’s books', async () => {
    await sleep(Math.max(0, t0 + 3100 - Date.now()));
    const d = drop.rowlock;
    const url = (path: string): string => `/api/v1/benefits/flash-drops/${d.id}/${path}`;
    // Not in a process started without FLASH_BENCH_BASELINE (as in production, where config refuses it).
    for (const path of ['grab-rowlock', 'grab-rowlock-precheck']) {
      expect((await t.call('POST', url(path), tokens[90])).status).toBe(404);
    }
    const bench = await createTestApp({ flash: { ...config.flash, benchBaseline: true } });
    try {
      const first = await bench.call<GrabResponse>('POST', url('grab-rowlock'), tokens[90]);
      expect(first.status).toBe(200);
      expect(first.body.result).toBe('granted');
      expect((await bench.call<GrabResponse>('POST', url('grab-rowlock'), tokens[90])).body.result).toBe(
        'limit_reached',
      );
      const second = await bench.call<GrabResponse>('POST', url('grab-rowlock-precheck'), tokens[91]);
      expect(second.body.result).toBe('granted');
      expect(
        (await bench.call<GrabResponse>('POST', url('grab-rowlock-precheck'), tokens[92])).body.result,
      ).toBe('sold_out');
      expect(await count(`SELECT count(*) AS n FROM coupons WHERE drop_id = $1`, [d.id])).toBe(2);
      expect((await getDrop(d.id)).granted).toBe(2);
      // Each coupon moved from the template's reserved to issued, as persisted grants do (one snapshot: other
      // drops of the template may be persisting meanwhile).
      const [books] = await t.db.query<{ balanced: boolean }[]>(
        `SELECT t.issued = (SELECT count(*) FROM coupons c WHERE c.template_id = t.id)
                AND t.reserved = (SELECT COALESCE(sum(d.stock - d.granted), 0) FROM flash_drops d
                                   WHERE d.template_id = t.id AND d.status IN ('scheduled', 'ended')) AS balanced
           FROM coupon_templates t WHERE t.id = $1`,
        [templateId],
      );
      expect(books.balanced).toBe(true);
    } finally {
      await bench.close();
    }
  });
});

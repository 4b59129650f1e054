import { randomInt } from 'node:crypto';

import {
  type ApiErrorBody,
  type CreateMerchantRequest,
  DEMO_USER_KEYS,
  ErrorCode,
  type GeoPoint,
  type MerchantListResponse,
  type MerchantResponse,
  type MyCouponsResponse,
  type MyMerchantsResponse,
  type NearbyStoresResponse,
  type StoreResponse,
} from '@smartunion/contracts';

import { seedBenefits } from '../src/cli/seed/benefits.seed';
import { UsersService } from '../src/modules/identity/users.service';
import { MembersService } from '../src/modules/membership/members.service';
import { fromWgs84, toWgs84 } from '../src/platform/geo/coordinates';
import { buildMiniTree, insertUser, type MiniTree, uniqueTag } from './support/fixtures';
import { syntheticIdNumber } from './support/people';
import { createTestApp, type TestApp } from './support/test-app';

/** A point `metres` north of `p`. */
const north = (p: GeoPoint, metres: number): GeoPoint => ({ lat: p.lat + metres / 111_320, lng: p.lng });

describe('benefits: partner merchants, stores and their counter accounts (real PostgreSQL)', () => {
  let t: TestApp;
  let tree: MiniTree;
  let tag: string;
  const token: Record<string, string> = {};
  const userId: Record<string, string> = {};
  // A spot of its own (WGS-84), far from every other test's stores, so nearby answers only ours.
  const spot: GeoPoint = {
    lat: 38.5 + randomInt(0, 100_000) / 1e6,
    lng: 111.2 + randomInt(0, 100_000) / 1e6,
  };

  const merchantBody = (over: Partial<CreateMerchantRequest> = {}): CreateMerchantRequest => ({
    orgId: tree.taiyuan.id,
    name: `晋味坊刀削面${tag}`,
    contactName: '周福来',
    contactPhone: '0351-7012345',
    ...over,
  });

  beforeAll(async () => {
    t = await createTestApp();
    tag = uniqueTag();
    tree = await buildMiniTree(t.db, tag);
    const users: [string, { role: 'city_staff' | 'county_staff' | 'member'; orgId: string }[]][] = [
      ['city', [{ role: 'city_staff', orgId: tree.taiyuan.id }]],
      ['county', [{ role: 'county_staff', orgId: tree.xiaodian.id }]],
      ['datong', [{ role: 'county_staff', orgId: tree.pingcheng.id }]],
      ['member', [{ role: 'member', orgId: tree.unionXiaodian.id }]],
      ['cashier', []],
    ];
    for (const [key, roles] of users) {
      userId[key] = await insertUser(t.db, `mer-${key}-${tag}`, `商户测试${key}`, roles);
      token[key] = (await t.login(`mer-${key}-${tag}`)).accessToken;
    }
  });

  afterAll(async () => {
    await t?.close();
  });

  let merchant: MerchantResponse;

  it('city staff sign up a merchant of their city; a second of the same name is a conflict', async () => {
    const res = await t.call<MerchantResponse>(
      'POST',
      '/api/v1/benefits/merchants',
      token.city,
      merchantBody(),
    );
    expect(res.status).toBe(201);
    merchant = res.body;
    expect(merchant).toMatchObject({ org: { id: tree.taiyuan.id }, status: 'active', stores: [], users: [] });
    const again = await t.call<ApiErrorBody>(
      'POST',
      '/api/v1/benefits/merchants',
      token.city,
      merchantBody(),
    );
    expect(again.status).toBe(409);
    expect(again.body.code).toBe(ErrorCode.Conflict);
    const [audit] = await t.db.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM audit_events WHERE action = 'benefits.merchant.created' AND target_id = $1`,
      [merchant.id],
    );
    expect(audit.n).toBe(1);
  });

  it('refuses bad input with 400 and field details', async () => {
    for (const bad of [
      merchantBody({ contactPhone: '12345' }),
      merchantBody({ creditCode: 'NOT-A-CREDIT-CODE' }),
      merchantBody({ name: 'x' }),
      { ...merchantBody(), orgId: 'abc' },
      { ...merchantBody(), extra: 1 },
    ]) {
      const res = await t.call<ApiErrorBody>('POST', '/api/v1/benefits/merchants', token.city, bad);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe(ErrorCode.ValidationFailed);
    }
    const badId = await t.call<ApiErrorBody>('GET', '/api/v1/benefits/merchants/x1', token.city);
    expect(badId.status).toBe(400);
    const missing = await t.call<ApiErrorBody>('GET', '/api/v1/benefits/merchants/999999999999', token.city);
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe(ErrorCode.MerchantNotFound);
  });

  it('keeps staff to their scope: Datong and 小店 county staff cannot see or change a Taiyuan merchant', async () => {
    for (const who of ['datong', 'county']) {
      const get = await t.call<ApiErrorBody>('GET', `/api/v1/benefits/merchants/${merchant.id}`, token[who]);
      expect(get.status).toBe(403);
      expect(get.body.code).toBe(ErrorCode.OutOfScope);
      const patch = await t.call<ApiErrorBody>(
        'PATCH',
        `/api/v1/benefits/merchants/${merchant.id}`,
        token[who],
        {
          name: '改名',
        },
      );
      expect(patch.status).toBe(403);
      const store = await t.call('POST', `/api/v1/benefits/merchants/${merchant.id}/stores`, token[who], {
        name: '越权门店',
        address: '太原市小店区某路 1 号',
        location: spot,
      });
      expect(store.status).toBe(403);
      const list = await t.call<MerchantListResponse>('GET', '/api/v1/benefits/merchants', token[who]);
      expect(list.body.items.map((m) => m.id)).not.toContain(merchant.id);
    }
    const create = await t.call<ApiErrorBody>(
      'POST',
      '/api/v1/benefits/merchants',
      token.datong,
      merchantBody({ name: `越权商户${tag}` }),
    );
    expect(create.status).toBe(403);
    const member = await t.call<ApiErrorBody>('GET', '/api/v1/benefits/merchants', token.member);
    expect(member.status).toBe(403);
    expect(member.body.code).toBe(ErrorCode.Forbidden);
    const list = await t.call<MerchantListResponse>(
      'GET',
      '/api/v1/benefits/merchants',
      token.city,
      undefined,
    );
    expect(list.body.items.map((m) => m.id)).toContain(merchant.id);
  });

  it('locates stores from GCJ-02 input, stores WGS-84 and answers in the datum asked for', async () => {
    const gcj = fromWgs84(spot, 'gcj02');
    const res = await t.call<StoreResponse>(
      'POST',
      `/api/v1/benefits/merchants/${merchant.id}/stores`,
      token.city,
      {
        name: '亲贤街店',
        address: '太原市小店区亲贤北街 66 号',
        location: gcj,
        coord: 'gcj02',
        phone: '0351-7012345',
      },
    );
    expect(res.status).toBe(201);
    expect(res.body.location.lat).toBeCloseTo(gcj.lat, 5);
    const [stored] = await t.db.query<{ lat: number; lng: number }[]>(
      `SELECT ST_Y(location::geometry) AS lat, ST_X(location::geometry) AS lng FROM merchant_stores WHERE id = $1`,
      [res.body.id],
    );
    const wgs = toWgs84(gcj, 'gcj02');
    expect(stored.lat).toBeCloseTo(wgs.lat, 5);
    expect(stored.lng).toBeCloseTo(wgs.lng, 5);
    const far = await t.call<StoreResponse>(
      'POST',
      `/api/v1/benefits/merchants/${merchant.id}/stores`,
      token.city,
      {
        name: '远处店',
        address: '太原市迎泽区柳巷南路 20 号',
        location: north(spot, 3000),
        coord: 'wgs84',
      },
    );
    expect(far.status).toBe(201);
    const bd = await t.call<MerchantResponse>(
      'GET',
      `/api/v1/benefits/merchants/${merchant.id}?coord=bd09`,
      token.city,
    );
    const bdStore = bd.body.stores.find((s) => s.id === res.body.id);
    expect(bdStore?.coord).toBe('bd09');
    expect(bdStore?.location.lat).toBeCloseTo(fromWgs84(wgs, 'bd09').lat, 5);

    const dup = await t.call('POST', `/api/v1/benefits/merchants/${merchant.id}/stores`, token.city, {
      name: '亲贤街店',
      address: '太原市小店区亲贤北街 66 号',
      location: gcj,
    });
    expect(dup.status).toBe(409);
    for (const location of [{ lat: 91, lng: 112 }, { lat: '37', lng: 112 }, undefined]) {
      const bad = await t.call('POST', `/api/v1/benefits/merchants/${merchant.id}/stores`, token.city, {
        name: '坏坐标店',
        address: '太原市小店区某路 1 号',
        location,
      });
      expect(bad.status).toBe(400);
    }
  });

  it('lists open stores near a member, nearest first, and drops closed ones and suspended merchants', async () => {
    const near = (query = ''): Promise<{ status: number; body: NearbyStoresResponse }> =>
      t.call<NearbyStoresResponse>(
        'GET',
        `/api/v1/benefits/stores/nearby?lat=${spot.lat}&lng=${spot.lng}&coord=wgs84${query}`,
        token.member,
      );
    const all = await near();
    expect(all.status).toBe(200);
    expect(all.body.items.map((s) => s.name)).toEqual(['亲贤街店', '远处店']);
    expect(all.body.items[0].distanceMeters).toBeLessThan(5);
    expect(all.body.items[1].distanceMeters).toBeGreaterThan(2950);
    expect((await near('&radius=1000')).body.items.map((s) => s.name)).toEqual(['亲贤街店']);
    expect((await near('&radius=abc')).status).toBe(400);
    expect((await near('&limit=0')).status).toBe(400);

    const farId = all.body.items[1].id;
    const closed = await t.call<StoreResponse>(
      'PATCH',
      `/api/v1/benefits/merchants/${merchant.id}/stores/${farId}`,
      token.city,
      { status: 'closed' },
    );
    expect(closed.body.status).toBe('closed');
    expect((await near()).body.items.map((s) => s.name)).toEqual(['亲贤街店']);
    const wrongMerchant = await t.call(
      'PATCH',
      `/api/v1/benefits/merchants/${merchant.id}/stores/999999999`,
      token.city,
      {
        status: 'closed',
      },
    );
    expect(wrongMerchant.status).toBe(404);

    await t.call('PATCH', `/api/v1/benefits/merchants/${merchant.id}`, token.city, { status: 'suspended' });
    expect((await near()).body.items).toEqual([]);
    const back = await t.call<MerchantResponse>(
      'PATCH',
      `/api/v1/benefits/merchants/${merchant.id}`,
      token.city,
      {
        status: 'active',
      },
    );
    expect(back.body.status).toBe('active');
  });

  it('links a counter account: the merchant role is granted, and revoked again when unlinked', async () => {
    const roleCount = async (): Promise<number> => {
      const [row] = await t.db.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM role_bindings WHERE user_id = $1 AND role = 'merchant' AND org_id = $2`,
        [userId.cashier, tree.taiyuan.id],
      );
      return row.n;
    };
    const before = await t.call<ApiErrorBody>('GET', '/api/v1/benefits/merchants/mine', token.cashier);
    expect(before.status).toBe(403);

    const add = await t.call<MerchantResponse>(
      'POST',
      `/api/v1/benefits/merchants/${merchant.id}/users/${userId.cashier}`,
      token.city,
    );
    expect(add.status).toBe(200);
    expect(add.body.users.map((u) => u.userId)).toEqual([userId.cashier]);
    expect(await roleCount()).toBe(1);
    // Twice is harmless.
    await t.call('POST', `/api/v1/benefits/merchants/${merchant.id}/users/${userId.cashier}`, token.city);
    expect(await roleCount()).toBe(1);

    const mine = await t.call<MyMerchantsResponse>('GET', '/api/v1/benefits/merchants/mine', token.cashier);
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((m) => [m.id, m.name, m.status, m.stores.map((s) => s.name)])).toEqual([
      [merchant.id, merchant.name, 'active', ['亲贤街店']],
    ]);

    const outside = await t.call(
      'POST',
      `/api/v1/benefits/merchants/${merchant.id}/users/${userId.cashier}`,
      token.datong,
    );
    expect(outside.status).toBe(403);
    const unknown = await t.call(
      'POST',
      `/api/v1/benefits/merchants/${merchant.id}/users/00000000-0000-4000-8000-000000000000`,
      token.city,
    );
    expect(unknown.status).toBe(404);

    const removed = await t.call<MerchantResponse>(
      'DELETE',
      `/api/v1/benefits/merchants/${merchant.id}/users/${userId.cashier}`,
      token.city,
    );
    expect(removed.body.users).toEqual([]);
    expect(await roleCount()).toBe(0);
  });
  it('seeds the demo merchants, stores, templates and the demo member’s coupon once (idempotent)', async () => {
    const ids = new Map([['SX-140100', tree.taiyuan.id]]);
    const demo = await t.app.get(UsersService).upsertDemoUser(DEMO_USER_KEYS.member, '王建军');
    await t.app.get(MembersService).enrol(demo.id, tree.unionXiaodian.id, {
      name: '王建军',
      mobile: `137${String(randomInt(0, 1e8)).padStart(8, '0')}`,
      idNumber: syntheticIdNumber(),
      employer: '美团外卖小店站',
      occupation: 'delivery_rider',
      newEmploymentForm: true,
    });
    const first = await seedBenefits(t.app, ids);
    expect(first).toMatchObject({
      merchants: 4,
      stores: 7,
      templates: 6,
      demoMerchantBound: true,
      demoCouponClaimed: true,
    });
    expect(first.created).toBe(17);
    const second = await seedBenefits(t.app, ids);
    expect(second).toMatchObject({ created: 0, demoMerchantBound: false, demoCouponClaimed: false });

    const merchantToken = (await t.login(DEMO_USER_KEYS.merchant)).accessToken;
    const mine = await t.call<MyMerchantsResponse>('GET', '/api/v1/benefits/merchants/mine', merchantToken);
    expect(mine.body.items.map((m) => m.name)).toContain('晋味坊刀削面馆');
    const memberToken = (await t.login(DEMO_USER_KEYS.member)).accessToken;
    const coupons = await t.call<MyCouponsResponse>(
      'GET',
      '/api/v1/benefits/coupons/mine?status=active',
      memberToken,
    );
    expect(coupons.body.items.map((c) => c.title)).toContain('会员专享 刀削面立减5元');
  });
});

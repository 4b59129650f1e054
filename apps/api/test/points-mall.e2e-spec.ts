import { randomUUID } from 'node:crypto';

import {
  type ApiErrorBody,
  type CreateMallItemRequest,
  ErrorCode,
  type MallItemListResponse,
  type MallItemResponse,
  type MallOrderListResponse,
  type MallOrderResponse,
  type MemberMallItemListResponse,
  type RedeemResponse,
  type StaffMallOrderListResponse,
  type StaffMallOrderResponse,
} from '@smartunion/contracts';

import { buildMiniTree, type MiniTree, uniqueTag } from './support/fixtures';
import {
  balanceOf,
  checkLedgersAfterEach,
  enrolMember,
  entryCount,
  loginStaff,
  type TestMember,
} from './support/points-fixtures';
import { createTestApp, type TestApp } from './support/test-app';

type Body<T> = T & ApiErrorBody;
type Method = 'GET' | 'POST' | 'PATCH';

describe('points mall: redeem atomically and idempotently, hand over by pickup code, cancel once', () => {
  let t: TestApp;
  let tree: MiniTree;
  let tag: string;
  const members: TestMember[] = [];
  const staff: Record<string, string> = {};
  let seq = 0;

  const call = <T>(method: Method, url: string, token: string, payload?: unknown) =>
    t.call<Body<T>>(method, url, token, payload);

  const member = async (name: string, points = 0): Promise<TestMember> => {
    const m = await enrolMember(t, `mall-${tag}-${name}`, tree.unionXiaodian.id);
    members.push(m);
    if (points > 0) {
      const res = await call('POST', '/api/v1/points/adjustments', staff.county, {
        memberId: m.memberId,
        delta: points,
        note: '测试充值',
        requestId: randomUUID(),
      });
      expect(res.status).toBe(201);
    }
    return m;
  };

  const item = async (
    overrides: Partial<CreateMallItemRequest> = {},
    token = staff.county,
  ): Promise<MallItemResponse> => {
    seq += 1;
    const res = await call<MallItemResponse>('POST', '/api/v1/points/mall/admin/items', token, {
      orgId: tree.xiaodian.id,
      name: `保温杯${seq}`,
      description: '500ml 双层真空',
      costPoints: 10,
      stock: 100,
      perMemberLimit: 99,
      pickup: '小店区总工会服务大厅（工作日 9:00–17:00）',
      ...overrides,
    });
    expect(res.status).toBe(201);
    return res.body;
  };

  const redeem = (m: TestMember, itemId: string, quantity: number, requestId: string = randomUUID()) =>
    call<RedeemResponse>('POST', `/api/v1/points/mall/items/${itemId}/redeem`, m.token, {
      quantity,
      requestId,
    });

  const stockOf = async (itemId: string): Promise<number> => {
    const [row]: { stock: number }[] = await t.db.query(`SELECT stock FROM mall_items WHERE id = $1`, [
      itemId,
    ]);
    return row.stock;
  };
  const ordersOf = async (itemId: string): Promise<number> => {
    const [row]: { n: number }[] = await t.db.query(
      `SELECT count(*)::int AS n FROM mall_orders WHERE item_id = $1 AND status <> 'cancelled'`,
      [itemId],
    );
    return row.n;
  };

  beforeAll(async () => {
    t = await createTestApp();
    tag = uniqueTag();
    tree = await buildMiniTree(t.db, tag);
    Object.assign(
      staff,
      await loginStaff(t, `mall-${tag}`, '商城', [
        ['county', 'county_staff', tree.xiaodian.id],
        ['city', 'city_staff', tree.taiyuan.id],
        ['datong', 'county_staff', tree.pingcheng.id],
        ['master', 'station_master', tree.xiaodian.id],
        ['guesser', 'station_master', tree.xiaodian.id],
      ]),
    );
  });

  checkLedgersAfterEach(() => t.db, members);

  afterAll(() => t.close());

  it('shows a member the items of the orgs on their path only, with what they may still redeem', async () => {
    const m = await member('browse', 30);
    const county = await item({ perMemberLimit: 2 });
    const city = await item({ orgId: tree.taiyuan.id, name: `雨衣${tag}` }, staff.city);
    const datong = await item({ orgId: tree.pingcheng.id, name: `充电宝${tag}` }, staff.datong);
    const hidden = await item({ name: `下架${tag}` });
    await call('PATCH', `/api/v1/points/mall/admin/items/${hidden.id}`, staff.county, { status: 'inactive' });
    const list = await call<MemberMallItemListResponse>(
      'GET',
      '/api/v1/points/mall/items?pageSize=100',
      m.token,
    );
    const ids = list.body.items.map((i) => i.id);
    expect(ids).toEqual(expect.arrayContaining([county.id, city.id]));
    expect(ids).not.toContain(datong.id);
    expect(ids).not.toContain(hidden.id);
    expect(list.body.items.find((i) => i.id === county.id)).toMatchObject({ myRedeemed: 0, canRedeem: 2 });
    // An item off the member's path does not exist for them.
    const off = await redeem(m, datong.id, 1);
    expect([off.status, off.body.code]).toEqual([404, ErrorCode.MallItemNotFound]);
    const inactive = await redeem(m, hidden.id, 1);
    expect([inactive.status, inactive.body.code]).toEqual([409, ErrorCode.MallItemUnavailable]);
  });

  it('never overdraws: 30 concurrent redeems of a 10-point item on a balance of 100 make exactly 10 orders', async () => {
    const m = await member('rush', 100);
    const cup = await item({ costPoints: 10, stock: 100 });
    const results = await Promise.all(Array.from({ length: 30 }, () => redeem(m, cup.id, 1)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(10);
    expect(results.filter((r) => r.status !== 200).map((r) => r.body.code)).toEqual(
      Array(20).fill(ErrorCode.PointsInsufficient),
    );
    expect(await balanceOf(t.db, m.memberId)).toBe(0);
    expect(await stockOf(cup.id)).toBe(90);
    expect(await ordersOf(cup.id)).toBe(10);
    expect(await entryCount(t.db, m.memberId, 'mall_redeem')).toBe(10);
    const codes = results.filter((r) => r.status === 200).map((r) => r.body.order.pickupCode);
    expect(new Set(codes).size).toBe(10);
    expect(codes.every((c) => /^\d{8}$/.test(c))).toBe(true);
  });

  it('spends once for a retried request: 20 concurrent sends of one requestId give one order and one entry', async () => {
    const m = await member('retry', 100);
    const coat = await item({ costPoints: 30 });
    const requestId = randomUUID();
    const results = await Promise.all(Array.from({ length: 20 }, () => redeem(m, coat.id, 2, requestId)));
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(new Set(results.map((r) => r.body.order.id)).size).toBe(1);
    expect(results.filter((r) => !r.body.replayed)).toHaveLength(1);
    expect(await balanceOf(t.db, m.memberId)).toBe(40);
    expect(await entryCount(t.db, m.memberId, 'mall_redeem')).toBe(1);
    expect(await stockOf(coat.id)).toBe(98);
    const first = results[0].body.order;
    expect(first).toMatchObject({ quantity: 2, points: 60, status: 'awaiting_pickup' });
    const shown = await call<MallOrderResponse>('GET', `/api/v1/points/mall/my-orders/${first.id}`, m.token);
    expect(shown.body).toMatchObject({ id: first.id, pickupCode: first.pickupCode });
    expect(shown.body.pickupQrDataUrl).toMatch(/^data:image\/png;base64,/);
    const notMine = await call('GET', `/api/v1/points/mall/my-orders/${first.id}`, members[0].token);
    expect([notMine.status, notMine.body.code]).toEqual([404, ErrorCode.MallOrderNotFound]);

    // The Idempotency-Key header does the same; a different body under a used key is a conflict.
    const viaHeader = await t.inject({
      method: 'POST',
      url: `/api/v1/points/mall/items/${coat.id}/redeem`,
      headers: { authorization: `Bearer ${m.token}`, 'idempotency-key': requestId },
      payload: { quantity: 2 },
    });
    expect([viaHeader.statusCode, viaHeader.json<RedeemResponse>().order.id]).toEqual([200, first.id]);
    const other = await redeem(m, coat.id, 1, requestId);
    expect([other.status, other.body.code]).toEqual([409, ErrorCode.Conflict]);
    const differ = await t.inject({
      method: 'POST',
      url: `/api/v1/points/mall/items/${coat.id}/redeem`,
      headers: { authorization: `Bearer ${m.token}`, 'idempotency-key': randomUUID() },
      payload: { quantity: 1, requestId },
    });
    expect([differ.statusCode, differ.json<ApiErrorBody>().code]).toEqual([400, ErrorCode.ValidationFailed]);
  });

  it('never sells past the stock when many members grab the last units at once', async () => {
    const last = await item({ costPoints: 5, stock: 5 });
    const crowd = await Promise.all(Array.from({ length: 12 }, (_, i) => member(`crowd${i}`, 20)));
    const results = await Promise.all(crowd.map((m) => redeem(m, last.id, 1)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(5);
    expect(results.filter((r) => r.status !== 200).map((r) => r.body.code)).toEqual(
      Array(7).fill(ErrorCode.MallOutOfStock),
    );
    expect(await stockOf(last.id)).toBe(0);
    expect(await ordersOf(last.id)).toBe(5);
    const balances = await Promise.all(crowd.map((m) => balanceOf(t.db, m.memberId)));
    expect(balances.filter((b) => b === 15)).toHaveLength(5);
    expect(balances.filter((b) => b === 20)).toHaveLength(7);
  });

  it('holds the per-member limit under concurrency', async () => {
    const m = await member('limit', 500);
    const umbrella = await item({ costPoints: 10, perMemberLimit: 2 });
    const results = await Promise.all(Array.from({ length: 10 }, () => redeem(m, umbrella.id, 1)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(2);
    expect(results.filter((r) => r.status !== 200).map((r) => r.body.code)).toEqual(
      Array(8).fill(ErrorCode.MallLimitReached),
    );
    expect(await balanceOf(t.db, m.memberId)).toBe(480);
    const list = await call<MemberMallItemListResponse>(
      'GET',
      '/api/v1/points/mall/items?pageSize=100',
      m.token,
    );
    expect(list.body.items.find((i) => i.id === umbrella.id)).toMatchObject({ myRedeemed: 2, canRedeem: 0 });
  });

  it('hands an order over by its pickup code, inside the scope only, once', async () => {
    const m = await member('pickup', 50);
    const bottle = await item({ costPoints: 20 });
    const { order } = (await redeem(m, bottle.id, 1)).body;
    const outLookup = await call('GET', `/api/v1/points/mall/pickup/${order.pickupCode}`, staff.datong);
    expect([outLookup.status, outLookup.body.code]).toEqual([403, ErrorCode.OutOfScope]);
    const outFulfil = await call('POST', `/api/v1/points/mall/orders/${order.id}/fulfil`, staff.datong, {
      pickupCode: order.pickupCode,
    });
    expect([outFulfil.status, outFulfil.body.code]).toEqual([403, ErrorCode.OutOfScope]);
    const memberTry = await call('GET', `/api/v1/points/mall/pickup/${order.pickupCode}`, m.token);
    expect([memberTry.status, memberTry.body.code]).toEqual([403, ErrorCode.Forbidden]);

    const found = await call<StaffMallOrderResponse>(
      'GET',
      `/api/v1/points/mall/pickup/${order.pickupCode}`,
      staff.master,
    );
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({
      id: order.id,
      status: 'awaiting_pickup',
      item: { name: bottle.name },
    });
    expect(found.body.member.name).toMatch(/^.\*+$/);
    const wrong = await call('POST', `/api/v1/points/mall/orders/${order.id}/fulfil`, staff.master, {
      pickupCode: order.pickupCode === '00000000' ? '00000001' : '00000000',
    });
    expect([wrong.status, wrong.body.code]).toEqual([422, ErrorCode.PickupCodeInvalid]);
    const done = await call<StaffMallOrderResponse>(
      'POST',
      `/api/v1/points/mall/orders/${order.id}/fulfil`,
      staff.master,
      {
        pickupCode: order.pickupCode,
      },
    );
    expect(done.body).toMatchObject({ status: 'fulfilled', fulfilledBy: { displayName: '商城master' } });
    // A double tap answers the same; anyone else finds it handed over already.
    const again = await call('POST', `/api/v1/points/mall/orders/${order.id}/fulfil`, staff.master, {
      pickupCode: order.pickupCode,
    });
    expect(again.status).toBe(200);
    const other = await call('POST', `/api/v1/points/mall/orders/${order.id}/fulfil`, staff.county, {
      pickupCode: order.pickupCode,
    });
    expect([other.status, other.body.code]).toEqual([409, ErrorCode.MallOrderClosed]);
    const cancel = await call('POST', `/api/v1/points/mall/admin/orders/${order.id}/cancel`, staff.county, {
      reason: '误操作',
    });
    expect([cancel.status, cancel.body.code]).toEqual([409, ErrorCode.MallOrderClosed]);
    const mine = await call<MallOrderListResponse>('GET', '/api/v1/points/mall/my-orders', m.token);
    expect(mine.body.items[0]).toMatchObject({ id: order.id, status: 'fulfilled', pickupQrDataUrl: null });
    for (const code of ['1234', 'abcdefgh', '99999999']) {
      const res = await call('GET', `/api/v1/points/mall/pickup/${code}`, staff.master);
      expect([res.status, res.body.code]).toEqual([422, ErrorCode.PickupCodeInvalid]);
    }
  });

  it('stops a desk that walks the pickup codes: 10 misses in 30 minutes, then even a right code waits', async () => {
    const m = await member('guessed', 100);
    const charger = await item({ costPoints: 10, stock: 3 });
    const { order } = (await redeem(m, charger.id, 1)).body;
    const wrong = order.pickupCode === '00000000' ? '00000001' : '00000000';
    const answers = await Promise.all(
      Array.from({ length: 12 }, () => call('GET', `/api/v1/points/mall/pickup/${wrong}`, staff.guesser)),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([...Array<number>(10).fill(422), 429, 429]);
    const right = await call('GET', `/api/v1/points/mall/pickup/${order.pickupCode}`, staff.guesser);
    expect([right.status, right.body.code]).toEqual([429, ErrorCode.RateLimited]);
    // Another desk is not held back by this one.
    const other = await call('GET', `/api/v1/points/mall/pickup/${order.pickupCode}`, staff.master);
    expect(other.status).toBe(200);
  });

  it('cancels once: the points come back through the ledger and the stock returns', async () => {
    const m = await member('cancel', 100);
    const charger = await item({ costPoints: 40, stock: 3 });
    const { order } = (await redeem(m, charger.id, 2)).body;
    expect(await balanceOf(t.db, m.memberId)).toBe(20);
    const out = await call('POST', `/api/v1/points/mall/admin/orders/${order.id}/cancel`, staff.datong, {
      reason: '缺货',
    });
    expect([out.status, out.body.code]).toEqual([403, ErrorCode.OutOfScope]);
    const cancels = await Promise.all(
      Array.from({ length: 5 }, () =>
        call<StaffMallOrderResponse>(
          'POST',
          `/api/v1/points/mall/admin/orders/${order.id}/cancel`,
          staff.county,
          {
            reason: '商品缺货，积分已退回',
          },
        ),
      ),
    );
    expect(cancels.map((r) => [r.status, r.body.status])).toEqual(Array(5).fill([200, 'cancelled']));
    expect(await balanceOf(t.db, m.memberId)).toBe(100);
    expect(await stockOf(charger.id)).toBe(3);
    expect(await entryCount(t.db, m.memberId, 'mall_refund')).toBe(1);
    const [account]: { earned: string; spent: string }[] = await t.db.query(
      `SELECT earned_total::text AS earned, spent_total::text AS spent FROM point_accounts WHERE member_id = $1`,
      [m.memberId],
    );
    expect(account).toEqual({ earned: '100', spent: '0' });

    // A member cancels their own order before pickup; not someone else's.
    const { order: second } = (await redeem(m, charger.id, 1)).body;
    const stranger = await member('stranger');
    const notTheirs = await call('POST', `/api/v1/points/mall/my-orders/${second.id}/cancel`, stranger.token);
    expect([notTheirs.status, notTheirs.body.code]).toEqual([404, ErrorCode.MallOrderNotFound]);
    const own = await call<MallOrderResponse>(
      'POST',
      `/api/v1/points/mall/my-orders/${second.id}/cancel`,
      m.token,
    );
    expect(own.body).toMatchObject({ status: 'cancelled', cancelReason: '会员本人取消' });
    expect(await balanceOf(t.db, m.memberId)).toBe(100);
    const listed = await call<StaffMallOrderListResponse>(
      'GET',
      `/api/v1/points/mall/admin/orders?itemId=${charger.id}`,
      staff.county,
    );
    expect(listed.body.items.map((o) => o.status)).toEqual(['cancelled', 'cancelled']);
    expect(listed.body.items[0].pickupCode).toMatch(/^\*{6}\d{2}$/);
  });

  it('keeps staff to the items of their scope', async () => {
    const cup = await item();
    const create = await call('POST', '/api/v1/points/mall/admin/items', staff.datong, {
      orgId: tree.xiaodian.id,
      name: '越权商品',
      costPoints: 10,
      stock: 1,
      perMemberLimit: 1,
      pickup: '某处',
    });
    expect([create.status, create.body.code]).toEqual([403, ErrorCode.OutOfScope]);
    const edit = await call('PATCH', `/api/v1/points/mall/admin/items/${cup.id}`, staff.datong, {
      costPoints: 1,
    });
    expect([edit.status, edit.body.code]).toEqual([403, ErrorCode.OutOfScope]);
    const read = await call('GET', `/api/v1/points/mall/admin/items/${cup.id}`, staff.datong);
    expect([read.status, read.body.code]).toEqual([403, ErrorCode.OutOfScope]);
    const theirs = await call<MallItemListResponse>(
      'GET',
      '/api/v1/points/mall/admin/items?pageSize=100',
      staff.datong,
    );
    expect(theirs.body.items.map((i) => i.id)).not.toContain(cup.id);
    const ours = await call<MallItemListResponse>(
      'GET',
      '/api/v1/points/mall/admin/items?pageSize=100',
      staff.city,
    );
    expect(ours.body.items.map((i) => i.id)).toContain(cup.id);
    const restock = await call<MallItemResponse>(
      'PATCH',
      `/api/v1/points/mall/admin/items/${cup.id}`,
      staff.county,
      {
        stockDelta: -30,
      },
    );
    expect(restock.body.stock).toBe(70);
    const below = await call('PATCH', `/api/v1/points/mall/admin/items/${cup.id}`, staff.county, {
      stockDelta: -71,
    });
    expect([below.status, below.body.code]).toEqual([400, ErrorCode.ValidationFailed]);
    const dup = await call('POST', '/api/v1/points/mall/admin/items', staff.county, {
      orgId: tree.xiaodian.id,
      name: cup.name,
      costPoints: 10,
      stock: 1,
      perMemberLimit: 1,
      pickup: '服务大厅',
    });
    expect([dup.status, dup.body.code]).toEqual([409, ErrorCode.MallItemNameTaken]);
  });

  it('answers bad input with VALIDATION_FAILED', async () => {
    const m = await member('bad', 10);
    const cup = await item();
    for (const body of [
      { quantity: 0, requestId: randomUUID() },
      { quantity: 11, requestId: randomUUID() },
      { quantity: 1 },
      { quantity: 1, requestId: 'x' },
      { quantity: '1', requestId: randomUUID() },
    ]) {
      const res = await call('POST', `/api/v1/points/mall/items/${cup.id}/redeem`, m.token, body);
      expect([res.status, res.body.code]).toEqual([400, ErrorCode.ValidationFailed]);
    }
    const badId = await call('POST', '/api/v1/points/mall/items/abc/redeem', m.token, {
      quantity: 1,
      requestId: randomUUID(),
    });
    expect([badId.status, badId.body.code]).toEqual([400, ErrorCode.ValidationFailed]);
    for (const body of [
      {
        orgId: tree.xiaodian.id,
        name: '杯',
        costPoints: 10,
        stock: 1,
        perMemberLimit: 1,
        pickup: '服务大厅',
      },
      {
        orgId: tree.xiaodian.id,
        name: '水杯',
        costPoints: 0,
        stock: 1,
        perMemberLimit: 1,
        pickup: '服务大厅',
      },
      {
        orgId: tree.xiaodian.id,
        name: '水杯',
        costPoints: 10,
        stock: -1,
        perMemberLimit: 1,
        pickup: '服务大厅',
      },
      {
        orgId: tree.xiaodian.id,
        name: '水杯',
        costPoints: 10,
        stock: 1,
        perMemberLimit: 1,
        pickup: '服务大厅',
        extra: 1,
      },
    ]) {
      const res = await call('POST', '/api/v1/points/mall/admin/items', staff.county, body);
      expect([res.status, res.body.code]).toEqual([400, ErrorCode.ValidationFailed]);
    }
    expect(await balanceOf(t.db, m.memberId)).toBe(10);
  });
});

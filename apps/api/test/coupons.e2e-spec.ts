import { randomInt, randomUUID } from 'node:crypto';

import {
  type ApiErrorBody,
  type ClaimableCouponsResponse,
  type CouponQrResponse,
  type CouponResponse,
  type CouponTemplateListResponse,
  type CouponTemplateResponse,
  type CreateCouponTemplateRequest,
  ErrorCode,
  type MerchantResponse,
  type MyCouponsResponse,
  type Occupation,
} from '@smartunion/contracts';

import { MembersService } from '../src/modules/membership/members.service';
import { SignedTokens } from '../src/platform/crypto/signed-token';
import { buildMiniTree, insertUser, type MiniTree, uniqueTag } from './support/fixtures';
import { syntheticIdNumber } from './support/people';
import { createTestApp, type TestApp } from './support/test-app';

const DAY = 86_400_000;

describe('benefits: coupon templates, claims and my coupons (real PostgreSQL + Redis)', () => {
  let t: TestApp;
  let tree: MiniTree;
  let tag: string;
  let merchant: MerchantResponse;
  const token: Record<string, string> = {};
  const userId: Record<string, string> = {};

  async function user(key: string, roles: Parameters<typeof insertUser>[3] = []): Promise<void> {
    userId[key] = await insertUser(t.db, `cpn-${key}-${tag}`, `券测试${key}`, roles);
    token[key] = (await t.login(`cpn-${key}-${tag}`)).accessToken;
  }

  async function member(
    key: string,
    o: { org?: string; occupation?: Occupation; verified?: boolean } = {},
  ): Promise<void> {
    await user(key, [{ role: 'member', orgId: o.org ?? tree.unionXiaodian.id }]);
    await t.app.get(MembersService).enrol(userId[key], o.org ?? tree.unionXiaodian.id, {
      name: '王建军',
      mobile: `139${String(randomInt(0, 1e8)).padStart(8, '0')}`,
      idNumber: syntheticIdNumber(),
      employer: '同城配送有限公司',
      occupation: o.occupation ?? 'delivery_rider',
      newEmploymentForm: true,
    });
    if (o.verified === false) {
      await t.db.query(
        `UPDATE members SET verification = 'unverified', verified_at = NULL WHERE user_id = $1`,
        [userId[key]],
      );
    }
  }

  const body = (over: Partial<CreateCouponTemplateRequest> = {}): CreateCouponTemplateRequest => ({
    merchantId: merchant.id,
    orgId: tree.taiyuan.id,
    title: `刀削面立减5元${tag}`,
    kind: 'amount_off',
    amountOffCents: 500,
    validFrom: new Date(Date.now() - DAY).toISOString(),
    validTo: new Date(Date.now() + 30 * DAY).toISOString(),
    totalStock: 100,
    ...over,
  });

  async function template(over: Partial<CreateCouponTemplateRequest> = {}): Promise<CouponTemplateResponse> {
    const res = await t.call<CouponTemplateResponse>(
      'POST',
      '/api/v1/benefits/coupon-templates',
      token.city,
      body(over),
    );
    expect(res.status).toBe(201);
    return res.body;
  }

  const claim = (
    who: string,
    templateId: string,
    headers: Record<string, string> = {},
    payload: object = {},
  ) =>
    t
      .inject({
        method: 'POST',
        url: `/api/v1/benefits/coupon-templates/${templateId}/claim`,
        headers: { authorization: `Bearer ${token[who]}`, ...headers },
        payload,
      })
      .then((res) => ({ status: res.statusCode, body: res.json<CouponResponse & ApiErrorBody>() }));

  beforeAll(async () => {
    t = await createTestApp();
    tag = uniqueTag();
    tree = await buildMiniTree(t.db, tag);
    await user('city', [{ role: 'city_staff', orgId: tree.taiyuan.id }]);
    await user('county', [{ role: 'county_staff', orgId: tree.xiaodian.id }]);
    await user('datong', [{ role: 'county_staff', orgId: tree.pingcheng.id }]);
    await user('stranger');
    await member('rider');
    await member('rider2');
    await member('courier', { occupation: 'courier' });
    await member('unverified', { verified: false });
    await member('datongMember', { org: tree.unionPingcheng.id });
    const res = await t.call<MerchantResponse>('POST', '/api/v1/benefits/merchants', token.city, {
      orgId: tree.taiyuan.id,
      name: `晋味坊${tag}`,
      contactName: '周福来',
      contactPhone: '13803510001',
    });
    merchant = res.body;
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('templates (staff, within scope)', () => {
    it('creates each kind with its value label, and refuses inconsistent or bad input with 400', async () => {
      const off = await template({ minSpendCents: 3000, amountOffCents: 800 });
      expect(off).toMatchObject({
        valueLabel: '满30减8',
        remaining: 100,
        issued: 0,
        status: 'active',
        claimable: true,
      });
      const discount = await template({ kind: 'discount', amountOffCents: undefined, discountPercent: 85 });
      expect(discount.valueLabel).toBe('8.5折');
      const free = await template({ kind: 'free_item', amountOffCents: undefined, itemName: '洗车一次' });
      expect(free.valueLabel).toBe('免费兑换 洗车一次');

      const bad: Partial<CreateCouponTemplateRequest>[] = [
        { amountOffCents: undefined },
        { discountPercent: 80 },
        { kind: 'free_item' },
        { validTo: new Date(Date.now() - 2 * DAY).toISOString() },
        {
          validFrom: new Date(Date.now() - 3 * DAY).toISOString(),
          validTo: new Date(Date.now() - 2 * DAY).toISOString(),
        },
        { validFrom: 'tomorrow' },
        { totalStock: 0 },
        { perMemberLimit: 11 },
        { occupations: ['astronaut' as Occupation] },
        { minSpendCents: 100, amountOffCents: 500 },
      ];
      for (const over of bad) {
        const res = await t.call<ApiErrorBody>(
          'POST',
          '/api/v1/benefits/coupon-templates',
          token.city,
          body(over),
        );
        expect([res.status, res.body.code, over]).toEqual([400, ErrorCode.ValidationFailed, over]);
      }
    });

    it('keeps templates to the scope: a Datong or 小店 county staff can neither create, read nor change them', async () => {
      const mine = await template({ title: `范围测试${tag}` });
      for (const who of ['datong', 'county']) {
        const get = await t.call<ApiErrorBody>(
          'GET',
          `/api/v1/benefits/coupon-templates/${mine.id}`,
          token[who],
        );
        expect(get.status).toBe(403);
        const patch = await t.call('PATCH', `/api/v1/benefits/coupon-templates/${mine.id}`, token[who], {
          status: 'paused',
        });
        expect(patch.status).toBe(403);
        const create = await t.call('POST', '/api/v1/benefits/coupon-templates', token[who], body());
        expect(create.status).toBe(403);
        const list = await t.call<CouponTemplateListResponse>(
          'GET',
          '/api/v1/benefits/coupon-templates',
          token[who],
        );
        expect(list.body.items.map((i) => i.id)).not.toContain(mine.id);
      }
      const list = await t.call<CouponTemplateListResponse>(
        'GET',
        `/api/v1/benefits/coupon-templates?merchantId=${merchant.id}`,
        token.city,
      );
      expect(list.body.items.map((i) => i.id)).toContain(mine.id);
      expect((await t.call('GET', '/api/v1/benefits/coupon-templates/999999999', token.city)).status).toBe(
        404,
      );
      expect((await t.call('GET', '/api/v1/benefits/coupon-templates/abc', token.city)).status).toBe(400);
      expect((await t.call('GET', '/api/v1/benefits/coupon-templates', token.rider)).status).toBe(403);
    });

    it('raises the stock by addStock under the row lock: concurrent raises all count', async () => {
      const tpl = await template({ title: `加量测试${tag}`, totalStock: 5 });
      const raises = await Promise.all(
        Array.from({ length: 8 }, () =>
          t.call<CouponTemplateResponse>('PATCH', `/api/v1/benefits/coupon-templates/${tpl.id}`, token.city, {
            addStock: 10,
          }),
        ),
      );
      expect(raises.map((r) => r.status)).toEqual(Array(8).fill(200));
      const after = await t.call<CouponTemplateResponse>(
        'GET',
        `/api/v1/benefits/coupon-templates/${tpl.id}`,
        token.city,
      );
      expect(after.body.totalStock).toBe(85);
      const both = await t.call<ApiErrorBody>(
        'PATCH',
        `/api/v1/benefits/coupon-templates/${tpl.id}`,
        token.city,
        {
          addStock: 1,
          totalStock: 100,
        },
      );
      expect([both.status, both.body.code]).toEqual([400, ErrorCode.ValidationFailed]);
      const tooMuch = await t.call<ApiErrorBody>(
        'PATCH',
        `/api/v1/benefits/coupon-templates/${tpl.id}`,
        token.city,
        { addStock: 9_999_999 },
      );
      expect([tooMuch.status, tooMuch.body.code]).toEqual([400, ErrorCode.ValidationFailed]);
      expect(
        (
          await t.call<ApiErrorBody>('PATCH', `/api/v1/benefits/coupon-templates/${tpl.id}`, token.city, {
            addStock: 0,
          })
        ).status,
      ).toBe(400);
    });

    it('pauses, resumes and ends; an ended template is final; the stock never drops below what is issued', async () => {
      const tpl = await template({ title: `暂停测试${tag}`, totalStock: 3 });
      expect((await claim('rider', tpl.id)).status).toBe(201);
      const low = await t.call<ApiErrorBody>(
        'PATCH',
        `/api/v1/benefits/coupon-templates/${tpl.id}`,
        token.city,
        {
          totalStock: 0,
        },
      );
      expect(low.status).toBe(400);
      await t.db.query(`UPDATE coupon_templates SET reserved = 1 WHERE id = $1`, [tpl.id]);
      const below = await t.call<ApiErrorBody>(
        'PATCH',
        `/api/v1/benefits/coupon-templates/${tpl.id}`,
        token.city,
        {
          totalStock: 1,
        },
      );
      expect([below.status, below.body.code]).toEqual([409, ErrorCode.Conflict]);
      const paused = await t.call<CouponTemplateResponse>(
        'PATCH',
        `/api/v1/benefits/coupon-templates/${tpl.id}`,
        token.city,
        {
          status: 'paused',
          totalStock: 2,
        },
      );
      expect(paused.body).toMatchObject({
        status: 'paused',
        totalStock: 2,
        issued: 1,
        reserved: 1,
        remaining: 0,
      });
      expect((await claim('rider2', tpl.id)).body.code).toBe(ErrorCode.CouponNotClaimable);
      await t.call('PATCH', `/api/v1/benefits/coupon-templates/${tpl.id}`, token.city, {
        status: 'active',
        totalStock: 3,
      });
      expect((await claim('rider2', tpl.id)).status).toBe(201);
      await t.call('PATCH', `/api/v1/benefits/coupon-templates/${tpl.id}`, token.city, { status: 'ended' });
      const again = await t.call<ApiErrorBody>(
        'PATCH',
        `/api/v1/benefits/coupon-templates/${tpl.id}`,
        token.city,
        {
          status: 'active',
        },
      );
      expect([again.status, again.body.code]).toEqual([409, ErrorCode.Conflict]);
      const [audit] = await t.db.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM audit_events WHERE target_type = 'coupon_template' AND target_id = $1`,
        [tpl.id],
      );
      expect(audit.n).toBe(4);
    });
  });

  describe('claims', () => {
    it('lists what each member may claim: audience by org subtree, occupation and verification', async () => {
      const open = await template({ title: `人人可领${tag}` });
      const riders = await template({ title: `骑手专享${tag}`, occupations: ['delivery_rider'] });
      const verified = await template({ title: `实名专享${tag}`, verifiedOnly: true });
      const flashOnly = await template({ title: `秒杀专用${tag}`, claimable: false });
      const xiaodianOnly = await template({ title: `小店专享${tag}`, orgId: tree.xiaodian.id });
      const ids = async (who: string): Promise<string[]> => {
        const res = await t.call<ClaimableCouponsResponse>(
          'GET',
          '/api/v1/benefits/coupon-templates/claimable',
          token[who],
        );
        expect(res.status).toBe(200);
        return res.body.items.map((i) => i.templateId);
      };
      expect(await ids('rider')).toEqual(
        expect.arrayContaining([open.id, riders.id, verified.id, xiaodianOnly.id]),
      );
      expect(await ids('rider')).not.toContain(flashOnly.id);
      expect(await ids('courier')).not.toContain(riders.id);
      expect(await ids('unverified')).not.toContain(verified.id);
      const datong = await ids('datongMember');
      for (const id of [open.id, riders.id, verified.id, xiaodianOnly.id]) expect(datong).not.toContain(id);
      expect(await ids('stranger')).toEqual([]);

      expect((await claim('courier', riders.id)).body.code).toBe(ErrorCode.NotInAudience);
      expect((await claim('datongMember', open.id)).body.code).toBe(ErrorCode.NotInAudience);
      expect((await claim('unverified', verified.id)).body.code).toBe(ErrorCode.MemberNotVerified);
      expect((await claim('rider', flashOnly.id)).body.code).toBe(ErrorCode.CouponNotClaimable);
      expect((await claim('stranger', open.id)).body.code).toBe(ErrorCode.NotAMember);
      expect((await claim('rider', '999999999')).status).toBe(404);
      expect((await claim('rider', 'abc')).status).toBe(400);
      const statuses = [await claim('courier', riders.id), await claim('datongMember', open.id)].map(
        (r) => r.status,
      );
      expect(statuses).toEqual([403, 403]);
    });

    it('claims once per idempotency key, up to the per-member limit', async () => {
      const tpl = await template({ title: `限领两张${tag}`, perMemberLimit: 2, validDaysAfterClaim: 7 });
      const key = randomUUID();
      const first = await claim('rider', tpl.id, { 'idempotency-key': key });
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({
        templateId: tpl.id,
        status: 'active',
        source: 'claim',
        valueLabel: '立减5元',
      });
      // Valid seven days from the claim, inside the template's window.
      expect(Date.parse(first.body.validTo) - Date.now()).toBeLessThan(7 * DAY + 60_000);
      const retry = await claim('rider', tpl.id, {}, { requestId: key });
      expect([retry.status, retry.body.id]).toEqual([200, first.body.id]);
      expect(
        (await claim('rider', tpl.id, { 'idempotency-key': key }, { requestId: randomUUID() })).status,
      ).toBe(400);
      expect((await claim('rider', tpl.id, { 'idempotency-key': 'not-a-uuid' })).status).toBe(400);
      expect((await claim('rider', tpl.id)).status).toBe(201);
      const over = await claim('rider', tpl.id);
      expect([over.status, over.body.code]).toEqual([409, ErrorCode.CouponLimitReached]);
      const listed = await t.call<ClaimableCouponsResponse>(
        'GET',
        '/api/v1/benefits/coupon-templates/claimable',
        token.rider,
      );
      expect(listed.body.items.find((i) => i.templateId === tpl.id)).toMatchObject({
        claimed: 2,
        canClaim: false,
      });
      const other = await template({ title: `另一张${tag}` });
      const wrongKey = await claim('rider', other.id, { 'idempotency-key': key });
      expect([wrongKey.status, wrongKey.body.code]).toEqual([409, ErrorCode.Conflict]);
    });

    it('under concurrency never issues beyond the stock nor beyond a member’s limit', async () => {
      const members = Array.from({ length: 14 }, (_, i) => `crowd${i}`);
      for (const key of members) await member(key);
      const tpl = await template({ title: `最后几张${tag}`, totalStock: 6, perMemberLimit: 2 });
      // One greedy member fires eight claims at once; fourteen others one each, all racing for six coupons.
      const results = await Promise.all([
        ...Array.from({ length: 8 }, () => claim('rider2', tpl.id)),
        ...members.map((key) => claim(key, tpl.id)),
      ]);
      const granted = results.filter((r) => r.status === 201);
      expect(granted).toHaveLength(6);
      for (const r of results.filter((x) => x.status !== 201)) {
        expect([ErrorCode.CouponSoldOut, ErrorCode.CouponLimitReached]).toContain(r.body.code);
      }
      const [row] = await t.db.query<{ issued: number; coupons: number; greedy: number; maxSeq: number }[]>(
        `SELECT t.issued,
                (SELECT count(*)::int FROM coupons c WHERE c.template_id = t.id) AS coupons,
                (SELECT count(*)::int FROM coupons c JOIN members m ON m.id = c.member_id
                  WHERE c.template_id = t.id AND m.user_id = $2) AS greedy,
                (SELECT max(n)::int FROM (SELECT count(*) AS n FROM coupons c WHERE c.template_id = t.id
                                           GROUP BY c.member_id) x) AS "maxSeq"
           FROM coupon_templates t WHERE t.id = $1`,
        [tpl.id, userId.rider2],
      );
      expect(row.issued).toBe(6);
      expect(row.coupons).toBe(6);
      expect(row.greedy).toBeLessThanOrEqual(2);
      expect(row.maxSeq).toBeLessThanOrEqual(2);
      const soldOut = await claim('courier', tpl.id);
      expect([soldOut.status, soldOut.body.code]).toEqual([409, ErrorCode.CouponSoldOut]);
    });
  });

  describe('my coupons and the write-off QR', () => {
    let active: CouponResponse;
    let lapsed: CouponResponse;

    beforeAll(async () => {
      await member('holder');
      const a = await template({ title: `我的券A${tag}` });
      const b = await template({ title: `我的券B${tag}` });
      active = (await claim('holder', a.id)).body;
      lapsed = (await claim('holder', b.id)).body;
      await t.db.query(`UPDATE coupons SET valid_to = now() - interval '1 minute' WHERE id = $1`, [
        lapsed.id,
      ]);
    });

    it('lists by tab with counts; expiry is computed from validTo', async () => {
      const all = await t.call<MyCouponsResponse>('GET', '/api/v1/benefits/coupons/mine', token.holder);
      expect(all.body).toMatchObject({ total: 2, counts: { active: 1, used: 0, expired: 1 } });
      const tab = async (status: string): Promise<string[]> =>
        (
          await t.call<MyCouponsResponse>(
            'GET',
            `/api/v1/benefits/coupons/mine?status=${status}`,
            token.holder,
          )
        ).body.items.map((c) => `${c.id}:${c.status}`);
      expect(await tab('active')).toEqual([`${active.id}:active`]);
      expect(await tab('expired')).toEqual([`${lapsed.id}:expired`]);
      expect(await tab('used')).toEqual([]);
      expect((await t.call('GET', '/api/v1/benefits/coupons/mine?status=void', token.holder)).status).toBe(
        400,
      );
      expect((await t.call('GET', '/api/v1/benefits/coupons/mine', token.stranger)).status).toBe(403);
    });

    it('shows only one’s own coupon, and a short-lived signed QR only while it is usable', async () => {
      const own = await t.call<CouponResponse>('GET', `/api/v1/benefits/coupons/${active.id}`, token.holder);
      expect(own.body).toMatchObject({ id: active.id, merchant: { id: merchant.id }, status: 'active' });
      const theirs = await t.call<ApiErrorBody>('GET', `/api/v1/benefits/coupons/${active.id}`, token.rider);
      expect([theirs.status, theirs.body.code]).toEqual([404, ErrorCode.CouponNotFound]);
      expect((await t.call('GET', '/api/v1/benefits/coupons/not-a-uuid', token.holder)).status).toBe(400);

      const qr = await t.call<CouponQrResponse>(
        'GET',
        `/api/v1/benefits/coupons/${active.id}/qr`,
        token.holder,
      );
      expect(qr.status).toBe(200);
      expect(qr.body.qrDataUrl).toMatch(/^data:image\/png;base64,/);
      const ttl = Date.parse(qr.body.qrExpiresAt) - Date.now();
      expect(ttl).toBeGreaterThan(120_000);
      expect(ttl).toBeLessThanOrEqual(300_000);
      const check = t.app.get(SignedTokens).verify<{ c: string }>('coupon', qr.body.qrToken);
      expect(check.ok && check.payload.c).toBe(active.id);
      // A member-card key cannot read it: each purpose signs with its own key.
      expect(t.app.get(SignedTokens).verify('member-card', qr.body.qrToken).ok).toBe(false);

      const other = await t.call('GET', `/api/v1/benefits/coupons/${active.id}/qr`, token.rider);
      expect(other.status).toBe(404);
      const expired = await t.call<ApiErrorBody>(
        'GET',
        `/api/v1/benefits/coupons/${lapsed.id}/qr`,
        token.holder,
      );
      expect([expired.status, expired.body.code]).toEqual([409, ErrorCode.CouponExpired]);
    });
  });
});

import { randomInt, randomUUID } from 'node:crypto';

import {
  type ApiErrorBody,
  type CouponQrResponse,
  type CouponResponse,
  type CouponTemplateResponse,
  ErrorCode,
  type MerchantResponse,
  type MyCouponsResponse,
  type StoreResponse,
  type WriteOffListResponse,
  type WriteOffRefusalDetails,
  type WriteOffResponse,
} from '@smartunion/contracts';
import type { Redis } from 'ioredis';

import { MembersService } from '../src/modules/membership/members.service';
import { SignedTokens } from '../src/platform/crypto/signed-token';
import { COUNTER_CODE_MISSES_PER_DESK, CounterCodes } from '../src/platform/redis/counter-codes';
import { REDIS } from '../src/platform/redis/redis.constants';
import { buildMiniTree, insertUser, type MiniTree, uniqueTag } from './support/fixtures';
import { syntheticIdNumber } from './support/people';
import { createTestApp, type TestApp } from './support/test-app';

const DAY = 86_400_000;

type Answer = {
  status: number;
  body: WriteOffResponse & ApiErrorBody & { details?: WriteOffRefusalDetails };
};

describe('benefits: writing coupons off at the counter (real PostgreSQL + Redis)', () => {
  let t: TestApp;
  let tree: MiniTree;
  let tag: string;
  const token: Record<string, string> = {};
  const userId: Record<string, string> = {};
  const merchant: Record<'a' | 'b', MerchantResponse> = {} as never;
  const store: Record<'a' | 'b', StoreResponse> = {} as never;
  let templateA: CouponTemplateResponse;
  /** A second coupon of merchant A: the holder may claim each template 10 times. */
  let templateA2: CouponTemplateResponse;

  async function user(key: string, roles: Parameters<typeof insertUser>[3] = []): Promise<void> {
    userId[key] = await insertUser(t.db, `wo-${key}-${tag}`, `核销测试${key}`, roles);
  }

  const login = async (key: string): Promise<void> => {
    token[key] = (await t.login(`wo-${key}-${tag}`)).accessToken;
  };

  /** A fresh coupon of merchant A for the holder, its QR token and the counter code beside it. */
  async function coupon(
    template = templateA,
  ): Promise<{ id: string; code: string; shortCode: string; expiresAt: string }> {
    const claimed = await t.call<CouponResponse>(
      'POST',
      `/api/v1/benefits/coupon-templates/${template.id}/claim`,
      token.holder,
    );
    expect(claimed.status).toBe(201);
    const qr = await t.call<CouponQrResponse>(
      'GET',
      `/api/v1/benefits/coupons/${claimed.body.id}/qr`,
      token.holder,
    );
    return {
      id: claimed.body.id,
      code: qr.body.qrToken,
      shortCode: qr.body.shortCode,
      expiresAt: qr.body.qrExpiresAt,
    };
  }

  /** The code as a cashier types what the member reads out: "4821 0937". */
  const spaced = (code: string): string => `${code.slice(0, 4)} ${code.slice(4)}`;

  /** A coupon token signed directly (for coupons whose QR the member page would not show). */
  const sign = (couponId: string, now = Date.now()): string =>
    t.app.get(SignedTokens).sign('coupon', { c: couponId }, 180, now);

  const writeOff = (who: string, payload: object): Promise<Answer> =>
    t.call<Answer['body']>('POST', '/api/v1/benefits/write-offs', token[who], payload);

  beforeAll(async () => {
    t = await createTestApp();
    tag = uniqueTag();
    tree = await buildMiniTree(t.db, tag);
    await user('city', [{ role: 'city_staff', orgId: tree.taiyuan.id }]);
    await user('cashierA');
    await user('cashierA2');
    await user('cashierB');
    await user('guesser');
    await user('typist');
    await user('lone', [{ role: 'merchant', orgId: tree.taiyuan.id }]);
    await user('holder', [{ role: 'member', orgId: tree.unionXiaodian.id }]);
    await login('city');
    await t.app.get(MembersService).enrol(userId.holder, tree.unionXiaodian.id, {
      name: '王建军',
      mobile: `139${String(randomInt(0, 1e8)).padStart(8, '0')}`,
      idNumber: syntheticIdNumber(),
      employer: '同城配送有限公司',
      occupation: 'delivery_rider',
      newEmploymentForm: true,
    });
    for (const [key, name] of [
      ['a', `晋味坊${tag}`],
      ['b', `洁途洗车${tag}`],
    ] as const) {
      merchant[key] = (
        await t.call<MerchantResponse>('POST', '/api/v1/benefits/merchants', token.city, {
          orgId: tree.taiyuan.id,
          name,
          contactName: '周福来',
          contactPhone: '13803510001',
        })
      ).body;
      store[key] = (
        await t.call<StoreResponse>(
          'POST',
          `/api/v1/benefits/merchants/${merchant[key].id}/stores`,
          token.city,
          {
            name: `${name}一店`,
            address: '太原市小店区亲贤北街 66 号',
            location: { lat: 37.82, lng: 112.56 },
          },
        )
      ).body;
    }
    for (const [key, m] of [
      ['cashierA', 'a'],
      ['cashierA2', 'a'],
      ['cashierB', 'b'],
      ['guesser', 'a'],
      ['typist', 'a'],
    ] as const) {
      await t.call('POST', `/api/v1/benefits/merchants/${merchant[m].id}/users/${userId[key]}`, token.city);
    }
    for (const key of ['cashierA', 'cashierA2', 'cashierB', 'guesser', 'typist', 'lone', 'holder'])
      await login(key);
    templateA = (
      await t.call<CouponTemplateResponse>('POST', '/api/v1/benefits/coupon-templates', token.city, {
        merchantId: merchant.a.id,
        orgId: tree.taiyuan.id,
        title: `刀削面立减5元${tag}`,
        kind: 'amount_off',
        amountOffCents: 500,
        perMemberLimit: 10,
        validFrom: new Date(Date.now() - DAY).toISOString(),
        validTo: new Date(Date.now() + 30 * DAY).toISOString(),
        totalStock: 100,
      })
    ).body;
    templateA2 = (
      await t.call<CouponTemplateResponse>('POST', '/api/v1/benefits/coupon-templates', token.city, {
        merchantId: merchant.a.id,
        orgId: tree.taiyuan.id,
        title: `过油肉8折${tag}`,
        kind: 'discount',
        discountPercent: 80,
        perMemberLimit: 10,
        validFrom: new Date(Date.now() - DAY).toISOString(),
        validTo: new Date(Date.now() + 30 * DAY).toISOString(),
        totalStock: 100,
      })
    ).body;
  });

  afterAll(async () => {
    await t?.close();
  });

  it('writes a coupon off once; a second scan is refused; a retried request answers the first success', async () => {
    const c = await coupon();
    const requestId = randomUUID();
    const ok = await writeOff('cashierA', { code: c.code, storeId: store.a.id, requestId });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      result: 'ok',
      coupon: { id: c.id, title: templateA.title, valueLabel: '立减5元' },
      merchant: { id: merchant.a.id, name: merchant.a.name },
      store: { id: store.a.id, name: store.a.name },
      memberName: '王**',
    });
    const retry = await writeOff('cashierA', { code: c.code, storeId: store.a.id, requestId });
    expect([retry.status, retry.body.writeOffId]).toEqual([200, ok.body.writeOffId]);

    const again = await writeOff('cashierA2', { code: c.code });
    expect([again.status, again.body.code]).toEqual([409, ErrorCode.CouponAlreadyUsed]);
    expect(again.body.details).toMatchObject({ result: 'already_used', couponTitle: templateA.title });
    expect(again.body.details?.usedAt).toBe(ok.body.usedAt);

    const used = await t.call<MyCouponsResponse>(
      'GET',
      '/api/v1/benefits/coupons/mine?status=used',
      token.holder,
    );
    expect(used.body.items.find((x) => x.id === c.id)).toMatchObject({
      status: 'used',
      usedStore: { id: store.a.id },
    });
    const qr = await t.call<ApiErrorBody>('GET', `/api/v1/benefits/coupons/${c.id}/qr`, token.holder);
    expect([qr.status, qr.body.code]).toEqual([409, ErrorCode.CouponAlreadyUsed]);
  });

  it('two counters scanning one coupon at the same instant: exactly one succeeds', async () => {
    const c = await coupon();
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => writeOff(i % 2 ? 'cashierA' : 'cashierA2', { code: c.code })),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    for (const r of results.filter((x) => x.status !== 200))
      expect(r.body.code).toBe(ErrorCode.CouponAlreadyUsed);
    const rows = await t.db.query<{ result: string; n: number }[]>(
      `SELECT result, count(*)::int AS n FROM coupon_writeoffs WHERE coupon_id = $1 GROUP BY result ORDER BY result`,
      [c.id],
    );
    expect(rows).toEqual([
      { result: 'already_used', n: 7 },
      { result: 'ok', n: 1 },
    ]);
  });

  it('refuses another merchant’s coupon, and a store that is not the counter’s', async () => {
    const c = await coupon();
    const other = await writeOff('cashierB', { code: c.code });
    expect([other.status, other.body.code]).toEqual([403, ErrorCode.CouponWrongMerchant]);
    // The other merchant learns nothing of the coupon.
    expect(other.body.details?.couponTitle).toBeUndefined();
    const foreignStore = await writeOff('cashierA', { code: c.code, storeId: store.b.id });
    expect([foreignStore.status, foreignStore.body.code]).toEqual([404, ErrorCode.StoreNotFound]);
    const [row] = await t.db.query<{ status: string }[]>(`SELECT status FROM coupons WHERE id = $1`, [c.id]);
    expect(row.status).toBe('active');
    expect((await writeOff('cashierA', { code: c.code })).status).toBe(200);
  });

  it('refuses forged, foreign and lapsed codes, and expired, not-yet-valid and void coupons', async () => {
    const c = await coupon();
    const [payload, mac] = c.code.split('.');
    const forged = `${Buffer.from(JSON.stringify({ c: randomUUID(), iat: 1 })).toString('base64url')}.${mac}`;
    const card = t.app.get(SignedTokens).sign('member-card', { m: '1' }, 120);
    for (const code of ['garbage', forged, `${payload}.AAAAAAAAAAAAAAAAAAAAAA`, card, sign(randomUUID())]) {
      const res = await writeOff('cashierA', { code });
      expect([res.status, res.body.code, res.body.details?.result]).toEqual([
        422,
        ErrorCode.CouponCodeInvalid,
        'invalid_code',
      ]);
    }
    const stale = await writeOff('cashierA', { code: sign(c.id, Date.now() - 10 * 60_000) });
    expect([stale.status, stale.body.code]).toEqual([422, ErrorCode.CouponCodeExpired]);

    const cases: [string, string, ErrorCode][] = [
      [
        `UPDATE coupons SET valid_to = now() - interval '1 second' WHERE id = $1`,
        'expired',
        ErrorCode.CouponExpired,
      ],
      [
        `UPDATE coupons SET valid_from = now() + interval '1 day' WHERE id = $1`,
        'not_yet_valid',
        ErrorCode.CouponNotYetValid,
      ],
      [`UPDATE coupons SET status = 'void' WHERE id = $1`, 'void', ErrorCode.CouponVoid],
    ];
    for (const [sql, result, code] of cases) {
      const victim = await coupon();
      await t.db.query(sql, [victim.id]);
      const res = await writeOff('cashierA', { code: sign(victim.id) });
      expect([res.status, res.body.code, res.body.details?.result]).toEqual([409, code, result]);
      const [row] = await t.db.query<{ status: string }[]>(`SELECT status FROM coupons WHERE id = $1`, [
        victim.id,
      ]);
      expect(row.status).not.toBe('used');
    }
  });

  it('only a merchant’s counter account may write off; bad input is a 400', async () => {
    const c = await coupon();
    const lone = await writeOff('lone', { code: c.code });
    expect([lone.status, lone.body.code]).toEqual([403, ErrorCode.NotAMerchant]);
    const member = await writeOff('holder', { code: c.code });
    expect([member.status, member.body.code]).toEqual([403, ErrorCode.Forbidden]);
    for (const bad of [
      {},
      { code: '' },
      { code: c.code, storeId: 'x' },
      { code: c.code, requestId: 'nope' },
    ]) {
      expect((await writeOff('cashierA', bad)).status).toBe(400);
    }
    const [row] = await t.db.query<{ status: string }[]>(`SELECT status FROM coupons WHERE id = $1`, [c.id]);
    expect(row.status).toBe('active');
  });

  it('records and audits every attempt, and shows the counter today’s attempts of its own merchant only', async () => {
    const attempts = await t.db.query<{ result: string; n: number }[]>(
      `SELECT result, count(*)::int AS n FROM coupon_writeoffs WHERE merchant_id = $1 GROUP BY result ORDER BY result`,
      [merchant.a.id],
    );
    expect(Object.fromEntries(attempts.map((a) => [a.result, a.n]))).toEqual({
      already_used: 8,
      code_expired: 1,
      expired: 1,
      invalid_code: 5,
      not_yet_valid: 1,
      ok: 3,
      void: 1,
    });
    const [wrong] = await t.db.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM coupon_writeoffs WHERE merchant_id = $1 AND result = 'wrong_merchant'`,
      [merchant.b.id],
    );
    expect(wrong.n).toBe(1);
    const [audit] = await t.db.query<{ ok: number; refused: number }[]>(
      `SELECT count(*) FILTER (WHERE action = 'benefits.coupon.written_off')::int AS ok,
              count(*) FILTER (WHERE action = 'benefits.coupon.write_off_refused')::int AS refused
         FROM audit_events WHERE actor_user_id = ANY($1::uuid[])`,
      [[userId.cashierA, userId.cashierA2, userId.cashierB]],
    );
    expect(audit).toEqual({ ok: 3, refused: 18 });

    const today = await t.call<WriteOffListResponse>('GET', '/api/v1/benefits/write-offs', token.cashierA2);
    expect(today.status).toBe(200);
    expect(today.body).toMatchObject({ okCount: 3, attempts: 20 });
    expect(today.body.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const latestOk = today.body.items.find((i) => i.result === 'ok');
    expect(latestOk).toMatchObject({
      couponTitle: templateA.title,
      valueLabel: '立减5元',
      memberName: '王**',
    });
    const b = await t.call<WriteOffListResponse>('GET', '/api/v1/benefits/write-offs', token.cashierB);
    expect(b.body).toMatchObject({ okCount: 0, attempts: 1 });
    expect(b.body.items[0]).toMatchObject({ result: 'wrong_merchant', couponTitle: null, memberName: null });
    expect((await t.call('GET', '/api/v1/benefits/write-offs', token.lone)).status).toBe(403);
  });
  // The counter code (typed digits beside the QR); these run after the tally above, which counts attempts.
  describe('by the counter code typed instead of the QR', () => {
    it('issues 8 digits with the QR, living exactly as long as its token', async () => {
      const c = await coupon(templateA2);
      expect(c.shortCode).toMatch(/^\d{8}$/);
      // The code's Redis key expires at the very instant the QR token does.
      const redis = t.app.get<Redis>(REDIS);
      await expect(redis.pexpiretime(`cc:${c.shortCode}`)).resolves.toBe(Date.parse(c.expiresAt));
      const again = await coupon(templateA2);
      expect(again.shortCode).not.toBe(c.shortCode);
    });

    it('writes off by the typed code; a retry answers the first success; a repeat is 已核销 with when and where', async () => {
      const c = await coupon(templateA2);
      const requestId = randomUUID();
      const ok = await writeOff('cashierA', { code: spaced(c.shortCode), storeId: store.a.id, requestId });
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ result: 'ok', coupon: { id: c.id }, store: { id: store.a.id } });
      const retry = await writeOff('cashierA', { code: c.shortCode, storeId: store.a.id, requestId });
      expect([retry.status, retry.body.writeOffId]).toEqual([200, ok.body.writeOffId]);

      for (const [who, code] of [
        ['cashierA', c.shortCode],
        ['cashierA2', spaced(c.shortCode)],
        ['cashierA2', c.code],
      ] as const) {
        const again = await writeOff(who, { code, storeId: store.a.id, requestId: randomUUID() });
        expect([again.status, again.body.code]).toEqual([409, ErrorCode.CouponAlreadyUsed]);
        expect(again.body.details).toMatchObject({
          result: 'already_used',
          couponTitle: templateA2.title,
          merchantName: merchant.a.name,
          usedAt: ok.body.usedAt,
          usedStore: { id: store.a.id, name: store.a.name },
        });
      }
    });

    it('keeps the scope: another merchant typing the code is refused and learns nothing', async () => {
      const c = await coupon(templateA2);
      const other = await writeOff('cashierB', { code: c.shortCode });
      expect([other.status, other.body.code, other.body.details?.result]).toEqual([
        403,
        ErrorCode.CouponWrongMerchant,
        'wrong_merchant',
      ]);
      expect(other.body.details?.couponTitle).toBeUndefined();
      const [row] = await t.db.query<{ status: string }[]>(`SELECT status FROM coupons WHERE id = $1`, [
        c.id,
      ]);
      expect(row.status).toBe('active');
    });

    it('refuses digits no live coupon code holds, and a welfare code at a coupon counter', async () => {
      const codes = t.app.get(CounterCodes);
      const welfare = await codes.issue('welfare-pickup', 'x.y', Date.now() + 60_000, userId.holder);
      let unused = '';
      do unused = String(randomInt(0, 100_000_000)).padStart(8, '0');
      while ((await t.app.get<Redis>(REDIS).exists(`cc:${unused}`)) === 1);
      for (const code of [unused, welfare]) {
        const res = await writeOff('cashierA2', { code });
        expect([res.status, res.body.code, res.body.details?.result]).toEqual([
          422,
          ErrorCode.CouponCodeInvalid,
          'invalid_code',
        ]);
      }
    });

    it('locks a desk out after too many wrong codes, even for a right one; the QR still scans', async () => {
      const c = await coupon(templateA2);
      const wrong = c.shortCode === '00000000' ? '00000001' : '00000000';
      const guesses = await Promise.all(
        Array.from({ length: COUNTER_CODE_MISSES_PER_DESK + 5 }, () => writeOff('guesser', { code: wrong })),
      );
      // Counted before the look-up: a burst in parallel cannot slip past the limit.
      expect(guesses.filter((g) => g.status === 422)).toHaveLength(COUNTER_CODE_MISSES_PER_DESK);
      expect(guesses.filter((g) => g.status === 429).map((g) => g.body.code)).toEqual(
        Array.from({ length: 5 }, () => ErrorCode.RateLimited),
      );
      const right = await writeOff('guesser', { code: c.shortCode });
      expect([right.status, right.body.code]).toEqual([429, ErrorCode.RateLimited]);
      // Another desk of the same merchant is not locked out; nor is the QR, which cannot be guessed.
      expect((await writeOff('guesser', { code: c.code })).status).toBe(200);
      const next = await coupon(templateA2);
      expect((await writeOff('cashierA2', { code: next.shortCode })).status).toBe(200);
    });

    it('forgives a right code: typed codes that hit never lock a busy desk out', async () => {
      const wrong = async (): Promise<number> => (await writeOff('typist', { code: '00000000' })).status;
      for (let i = 1; i < COUNTER_CODE_MISSES_PER_DESK; i += 1) await expect(wrong()).resolves.toBe(422);
      // One miss short of the limit: each right code passes and is taken back off the count.
      for (let i = 0; i < 2; i += 1) {
        const c = await coupon(templateA2);
        expect((await writeOff('typist', { code: c.shortCode })).status).toBe(200);
      }
      await expect(wrong()).resolves.toBe(422);
      await expect(wrong()).resolves.toBe(429);
    });
  });
});

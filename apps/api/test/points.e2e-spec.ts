import {
  addDays,
  type ApiErrorBody,
  businessDay,
  type EarnRulesResponse,
  ErrorCode,
  type MyPointsResponse,
  type PointEntryListResponse,
  type SignInResponse,
} from '@smartunion/contracts';

import { type AwardResult, PointsService } from '../src/modules/points/points.service';
import { buildMiniTree, type MiniTree, uniqueTag } from './support/fixtures';
import {
  awardForTest,
  balanceOf,
  checkLedgersAfterEach,
  enrolMember,
  entryCount,
  loginStaff,
  type TestMember,
} from './support/points-fixtures';
import { createTestApp, type TestApp } from './support/test-app';

type Body<T> = T & ApiErrorBody;

describe('points: ledger, earn rules with daily caps, sign-in streaks', () => {
  let t: TestApp;
  let tree: MiniTree;
  let tag: string;
  let points: PointsService;
  const members: TestMember[] = [];
  const staff: Record<string, string> = {};

  const member = async (name: string): Promise<TestMember> => {
    const m = await enrolMember(t, `pts-${tag}-${name}`, tree.unionXiaodian.id);
    members.push(m);
    return m;
  };
  const call = <T>(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    token: string,
    payload?: unknown,
  ) => t.call<Body<T>>(method, url, token, payload);
  const award = (m: TestMember, reason: 'reading' | 'course' | 'quiz', key: string, pts?: number) =>
    awardForTest(points, m, reason, key, pts);

  beforeAll(async () => {
    t = await createTestApp();
    tag = uniqueTag();
    tree = await buildMiniTree(t.db, tag);
    points = t.app.get(PointsService);
    Object.assign(
      staff,
      await loginStaff(t, `pts-${tag}`, '积分管理员', [
        ['county', 'county_staff', tree.xiaodian.id],
        ['datong', 'county_staff', tree.pingcheng.id],
        ['province', 'province_staff', tree.province.id],
      ]),
    );
  });

  checkLedgersAfterEach(() => t.db, members);

  afterAll(() => t.close());

  it('awards under the default rule and stops at the daily cap, telling the caller so', async () => {
    const m = await member('award');
    const results: AwardResult[] = [];
    for (let i = 0; i < 6; i += 1) results.push(await award(m, 'reading', `read-${m.memberId}-${i}`));
    // Reading: 2 points, 10 a day.
    expect(results.map((r) => [r.status, r.awarded])).toEqual([
      ['awarded', 2],
      ['awarded', 2],
      ['awarded', 2],
      ['awarded', 2],
      ['awarded', 2],
      ['capped', 0],
    ]);
    expect(results[5]).toMatchObject({
      capped: true,
      entryId: null,
      earnedToday: 10,
      dailyCap: 10,
      balance: 10,
    });
    // The same key again is the first award, nothing more.
    await expect(award(m, 'reading', `read-${m.memberId}-0`)).resolves.toMatchObject({
      status: 'replayed',
      awarded: 2,
      entryId: results[0].entryId,
    });
    expect(await balanceOf(t.db, m.memberId)).toBe(10);
    expect(await entryCount(t.db, m.memberId)).toBe(5);
    // Other areas may award by user id too.
    await expect(
      points.award({
        userId: m.userId,
        reason: 'course',
        sourceType: 'course',
        sourceId: '7',
        idempotencyKey: '7',
      }),
    ).resolves.toMatchObject({ status: 'awarded', awarded: 20, balance: 30 });
  });

  it('holds the daily cap under 50 concurrent awards', async () => {
    const m = await member('burst');
    // Quiz: 10 points, 30 a day; with one award asking for 7, the cap cuts the fourth to 30 - 28 = 2.
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => award(m, 'quiz', `quiz-${m.memberId}-${i}`, 7)),
    );
    expect(results.reduce((sum, r) => sum + r.awarded, 0)).toBe(30);
    expect(results.filter((r) => r.awarded > 0)).toHaveLength(5);
    expect(
      results
        .filter((r) => r.status === 'capped')
        .map((r) => r.awarded)
        .sort(),
    ).toContain(2);
    expect(await balanceOf(t.db, m.memberId)).toBe(30);
    expect(await entryCount(t.db, m.memberId, 'quiz')).toBe(5);
  });

  it('takes the rule of the nearest org on the member’s path, and lets an org turn a reason off', async () => {
    const m = await member('rules');
    const put = (token: string, body: object) =>
      call<EarnRulesResponse>('PUT', '/api/v1/points/rules', token, body);
    expect(
      (
        await put(staff.province, {
          orgId: tree.province.id,
          reason: 'reading',
          points: 4,
          dailyCap: 8,
          enabled: true,
        })
      ).status,
    ).toBe(200);
    const county = await put(staff.county, {
      orgId: tree.xiaodian.id,
      reason: 'reading',
      points: 3,
      dailyCap: 5,
      enabled: true,
    });
    expect(county.status).toBe(200);
    expect(county.body.rules.find((r) => r.reason === 'reading')).toMatchObject({
      points: 3,
      dailyCap: 5,
      source: 'org',
      own: true,
      org: { id: tree.xiaodian.id },
    });
    expect(county.body.rules.find((r) => r.reason === 'course')).toMatchObject({
      source: 'default',
      own: false,
    });
    const a = await award(m, 'reading', `r-${m.memberId}-1`);
    const b = await award(m, 'reading', `r-${m.memberId}-2`);
    expect([a.awarded, b.awarded, b.status]).toEqual([3, 2, 'capped']);

    // Removing the county's rule falls back to the province's.
    const removed = await call<EarnRulesResponse>(
      'DELETE',
      `/api/v1/points/rules?orgId=${tree.xiaodian.id}&reason=reading`,
      staff.county,
    );
    expect(removed.body.rules.find((r) => r.reason === 'reading')).toMatchObject({
      points: 4,
      own: false,
      org: { id: tree.province.id },
    });
    await put(staff.county, {
      orgId: tree.xiaodian.id,
      reason: 'course',
      points: 20,
      dailyCap: 60,
      enabled: false,
    });
    await expect(
      points.award({
        memberId: m.memberId,
        reason: 'course',
        sourceType: 'course',
        sourceId: '1',
        idempotencyKey: 'x1',
      }),
    ).resolves.toMatchObject({ status: 'disabled', awarded: 0, entryId: null });
    // Back to the defaults for the scenarios after this one.
    await call('DELETE', `/api/v1/points/rules?orgId=${tree.xiaodian.id}&reason=course`, staff.county);
    await call('DELETE', `/api/v1/points/rules?orgId=${tree.province.id}&reason=reading`, staff.province);
  });

  it('refuses rules outside the scope, without the permission, and bad input', async () => {
    const body = { orgId: tree.xiaodian.id, reason: 'quiz', points: 5, dailyCap: 10, enabled: true };
    const out = await call('PUT', '/api/v1/points/rules', staff.datong, body);
    expect([out.status, out.body.code]).toEqual([403, ErrorCode.OutOfScope]);
    const read = await call('GET', `/api/v1/points/rules?orgId=${tree.xiaodian.id}`, staff.datong);
    expect([read.status, read.body.code]).toEqual([403, ErrorCode.OutOfScope]);
    const m = await member('norole');
    const forbidden = await call('GET', `/api/v1/points/rules?orgId=${tree.unionXiaodian.id}`, m.token);
    expect([forbidden.status, forbidden.body.code]).toEqual([403, ErrorCode.Forbidden]);
    for (const bad of [
      { ...body, dailyCap: 4 },
      { ...body, reason: 'mall_redeem' },
      { ...body, points: 0 },
      { ...body, points: '5' },
      { ...body, orgId: 'abc' },
    ]) {
      const res = await call('PUT', '/api/v1/points/rules', staff.county, bad);
      expect([res.status, res.body.code]).toEqual([400, ErrorCode.ValidationFailed]);
    }
    const missing = await call(
      'DELETE',
      `/api/v1/points/rules?orgId=${tree.xiaodian.id}&reason=volunteer`,
      staff.county,
    );
    expect([missing.status, missing.body.code]).toEqual([404, ErrorCode.EarnRuleNotFound]);
  });

  it('signs in once a day: a second (or concurrent) tap answers the same sign-in', async () => {
    const m = await member('sign');
    const before = await call<MyPointsResponse>('GET', '/api/v1/points/me', m.token);
    expect(before.body.signIn).toMatchObject({ signedToday: false, streak: 0, todayPoints: 5 });
    const taps = await Promise.all(
      Array.from({ length: 10 }, () => call<SignInResponse>('POST', '/api/v1/points/sign-in', m.token)),
    );
    expect(taps.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(taps.filter((r) => !r.body.alreadySigned)).toHaveLength(1);
    expect(new Set(taps.map((r) => r.body.entryId)).size).toBe(1);
    expect(taps[0].body).toMatchObject({ day: businessDay(), streak: 1, awarded: 5, bonus: 0, balance: 5 });
    expect(await entryCount(t.db, m.memberId, 'sign_in')).toBe(1);
    const after = await call<MyPointsResponse>('GET', '/api/v1/points/me', m.token);
    expect(after.body).toMatchObject({ balance: 5, earnedTotal: 5, spentTotal: 0 });
    expect(after.body.signIn).toMatchObject({ signedToday: true, streak: 1, todayPoints: 5 });
    expect(after.body.today.find((r) => r.reason === 'sign_in')).toMatchObject({ earned: 5, dailyCap: 10 });
  });

  it('continues a streak from yesterday with its bonus, and starts over after a gap', async () => {
    const today = businessDay();
    const streaky = await member('streak');
    const lapsed = await member('lapsed');
    for (const [m, day, streak] of [
      [streaky, addDays(today, -1), 6],
      [lapsed, addDays(today, -2), 20],
    ] as const) {
      await t.db.query(`INSERT INTO point_accounts (member_id) VALUES ($1) ON CONFLICT DO NOTHING`, [
        m.memberId,
      ]);
      await t.db.query(`INSERT INTO point_sign_ins (member_id, day, streak, points) VALUES ($1, $2, $3, 0)`, [
        m.memberId,
        day,
        streak,
      ]);
    }
    const me = await call<MyPointsResponse>('GET', '/api/v1/points/me', streaky.token);
    expect(me.body.signIn).toMatchObject({ signedToday: false, streak: 6, todayPoints: 8 });
    const day7 = await call<SignInResponse>('POST', '/api/v1/points/sign-in', streaky.token);
    // Day 7: 5 + 3 bonus, inside the cap of 10.
    expect(day7.body).toMatchObject({ streak: 7, awarded: 8, bonus: 3, capped: false });
    const history = await call<PointEntryListResponse>('GET', '/api/v1/points/me/entries', streaky.token);
    expect(history.body.items[0]).toMatchObject({
      reason: 'sign_in',
      delta: 8,
      balanceAfter: 8,
      note: '连续签到第 7 天（含连续奖励 3 分）',
    });
    const restart = await call<SignInResponse>('POST', '/api/v1/points/sign-in', lapsed.token);
    expect(restart.body).toMatchObject({ streak: 1, awarded: 5, bonus: 0 });
  });

  it('pages the member’s history, newest first, with reasons', async () => {
    const m = await member('history');
    for (let i = 0; i < 3; i += 1) await award(m, 'reading', `h-${m.memberId}-${i}`);
    await call('POST', '/api/v1/points/sign-in', m.token);
    const page1 = await call<PointEntryListResponse>('GET', '/api/v1/points/me/entries?pageSize=2', m.token);
    expect(page1.body).toMatchObject({ total: 4, page: 1, pageSize: 2 });
    expect(page1.body.items.map((e) => [e.reason, e.balanceAfter])).toEqual([
      ['sign_in', 11],
      ['reading', 6],
    ]);
    const page2 = await call<PointEntryListResponse>(
      'GET',
      '/api/v1/points/me/entries?pageSize=2&page=2',
      m.token,
    );
    expect(page2.body.items.map((e) => e.balanceAfter)).toEqual([4, 2]);
    const bad = await call('GET', '/api/v1/points/me/entries?pageSize=1000', m.token);
    expect([bad.status, bad.body.code]).toEqual([400, ErrorCode.ValidationFailed]);
  });

  it('orders the history by entry id as a number, not as text', async () => {
    const m = await member('order');
    // Ids of different lengths ("99…" sorts after "100…" as text); far above the sequence, unique to this file.
    await t.db.query(`INSERT INTO point_accounts (member_id, balance, earned_total) VALUES ($1, 8, 8)`, [
      m.memberId,
    ]);
    await t.db.query(
      `INSERT INTO point_entries (id, member_id, delta, reason, source_type, source_id, idempotency_key, balance_after,
                                  business_day)
       OVERRIDING SYSTEM VALUE
       VALUES (99999999999, $1, 5, 'reading', 'test', 'o1', $2, 5, CURRENT_DATE),
              (100000000000, $1, 3, 'reading', 'test', 'o2', $3, 8, CURRENT_DATE)`,
      [m.memberId, `order-1-${m.memberId}`, `order-2-${m.memberId}`],
    );
    const list = await call<PointEntryListResponse>('GET', '/api/v1/points/me/entries', m.token);
    expect(list.body.items.map((e) => e.id)).toEqual(['100000000000', '99999999999']);
  });

  it('refuses to award someone who is not an active member', async () => {
    const m = await member('leaver');
    await t.db.query(`UPDATE members SET status = 'left', left_at = now() WHERE id = $1`, [m.memberId]);
    await expect(award(m, 'reading', `gone-${m.memberId}`)).rejects.toMatchObject({
      code: ErrorCode.NotAMember,
    });
    await expect(
      points.award({
        memberId: '999999999999',
        reason: 'quiz',
        sourceType: 'quiz',
        sourceId: '1',
        idempotencyKey: '1',
      }),
    ).rejects.toMatchObject({ code: ErrorCode.MemberNotFound });
    await expect(award(m, 'reading', '')).rejects.toMatchObject({ code: ErrorCode.ValidationFailed });
  });
});

import {
  type ApiErrorBody,
  type BatchApproveResponse,
  type CheckCardResponse,
  ErrorCode,
  type JoinApplicationListResponse,
  type JoinApplicationResponse,
  type JoinCodeInfoResponse,
  type JoinCodeListResponse,
  type JoinCodeResponse,
  type MemberCardResponse,
  type MemberEventResponse,
  type MemberListResponse,
  type MeResponse,
  type MyMembershipResponse,
  type NoticeListResponse,
  type Role,
  type SubmitJoinApplicationRequest,
} from '@smartunion/contracts';

import { MembersService } from '../src/modules/membership/members.service';
import { MembershipError } from '../src/modules/membership/membership.errors';
import { rejection } from './support/errors';
import { buildMiniTree, insertOrg, insertUser, type MiniTree, uniqueTag } from './support/fixtures';
import { syntheticIdNumber } from './support/people';
import { createTestApp, type TestApp } from './support/test-app';

describe('membership: join by QR, review, card (real PostgreSQL + Redis)', () => {
  let t: TestApp;
  let tree: MiniTree;
  let tag: string;
  let unionYingze: { id: string };
  const token: Record<string, string> = {};
  const userId: Record<string, string> = {};
  let joinCode: JoinCodeResponse;

  async function newWorker(key: string): Promise<string> {
    userId[key] = await insertUser(t.db, `${key}-${tag}`, `骑手${key}`);
    token[key] = (await t.login(`${key}-${tag}`)).accessToken;
    return token[key];
  }

  const form = (overrides: Partial<SubmitJoinApplicationRequest> = {}): SubmitJoinApplicationRequest => ({
    joinCode: joinCode.token,
    name: '张小龙',
    mobile: '13812345678',
    idNumber: syntheticIdNumber(),
    employer: '美团外卖小店站',
    occupation: 'delivery_rider',
    newEmploymentForm: true,
    ...overrides,
  });

  beforeAll(async () => {
    t = await createTestApp();
    tag = uniqueTag();
    tree = await buildMiniTree(t.db, tag);
    unionYingze = await insertOrg(t.db, {
      code: `T${tag}-YZ-G1`,
      name: `迎泽区快递工会${tag}`,
      type: 'grassroots',
      areaCode: '140106',
      parentId: tree.yingze.id,
    });
    const users: [string, { role: Role; orgId: string }[]][] = [
      ['cadre', [{ role: 'cadre', orgId: tree.unionXiaodian.id }]],
      ['cadreYingze', [{ role: 'cadre', orgId: unionYingze.id }]],
      ['xiaodian', [{ role: 'county_staff', orgId: tree.xiaodian.id }]],
      ['pingcheng', [{ role: 'county_staff', orgId: tree.pingcheng.id }]],
      ['station', [{ role: 'station_master', orgId: tree.xiaodian.id }]],
    ];
    for (const [key, roles] of users) {
      userId[key] = await insertUser(t.db, `${key}-${tag}`, key, roles);
      token[key] = (await t.login(`${key}-${tag}`)).accessToken;
    }
    const created = await t.call<JoinCodeResponse>('POST', '/api/v1/membership/join-codes', token.cadre, {
      orgId: tree.unionXiaodian.id,
      label: '站点门口',
    });
    expect(created.status).toBe(201);
    joinCode = created.body;
  });
  afterAll(() => t.close());

  describe('join codes', () => {
    it('resolve publicly to the union, with a QR image and a URL carrying the token', async () => {
      expect(joinCode.qrDataUrl).toMatch(/^data:image\/png;base64,/);
      expect(joinCode.url).toContain(`code=${encodeURIComponent(joinCode.token)}`);
      const info = await t.call<JoinCodeInfoResponse>(
        'GET',
        `/api/v1/membership/join-codes/resolve?code=${encodeURIComponent(joinCode.token)}`,
      );
      expect(info.status).toBe(200);
      expect(info.body.org.id).toBe(tree.unionXiaodian.id);
      expect(info.body.orgPath.at(-1)).toBe(info.body.org.name);
      expect(info.body.orgPath[0]).toContain('测试省总工会');
    });

    it('refuse a forged code and a revoked one', async () => {
      const [body, sig] = joinCode.token.split('.');
      const forgedBody = Buffer.from(JSON.stringify({ c: '999999', iat: 1 })).toString('base64url');
      for (const bad of [`${forgedBody}.${sig}`, `${body}.AAAAAAAAAAAAAAAAAAAAAA`]) {
        const res = await t.call<ApiErrorBody>(
          'GET',
          `/api/v1/membership/join-codes/resolve?code=${encodeURIComponent(bad)}`,
        );
        expect([res.status, res.body.code]).toEqual([422, ErrorCode.JoinCodeInvalid]);
      }
      const spare = await t.call<JoinCodeResponse>('POST', '/api/v1/membership/join-codes', token.cadre, {
        orgId: tree.unionXiaodian.id,
        label: '临时',
      });
      const revoked = await t.call<JoinCodeResponse>(
        'POST',
        `/api/v1/membership/join-codes/${spare.body.id}/revoke`,
        token.cadre,
      );
      expect(revoked.body.revokedAt).not.toBeNull();
      const res = await t.call<ApiErrorBody>(
        'GET',
        `/api/v1/membership/join-codes/resolve?code=${encodeURIComponent(spare.body.token)}`,
      );
      expect([res.status, res.body.code]).toEqual([410, ErrorCode.JoinCodeRevoked]);
    });

    it('are listed per union, saying when their links point at this machine', async () => {
      const list = await t.call<JoinCodeListResponse>(
        'GET',
        `/api/v1/membership/join-codes?orgId=${tree.unionXiaodian.id}`,
        token.cadre,
      );
      expect(list.status).toBe(200);
      expect(list.body.items.length).toBeGreaterThan(0);
      expect(list.body.items.every((c) => c.url.startsWith(t.config.publicAppUrl))).toBe(true);
      // The test config keeps PUBLIC_APP_URL's default, http://localhost:3000.
      expect(list.body.appUrlIsLocal).toBe(true);
    });

    it('are issued only for grassroots unions in the caller’s scope', async () => {
      const other = await t.call<ApiErrorBody>('POST', '/api/v1/membership/join-codes', token.pingcheng, {
        orgId: tree.unionXiaodian.id,
        label: 'x',
      });
      expect([other.status, other.body.code]).toEqual([403, ErrorCode.OutOfScope]);
      const county = await t.call<ApiErrorBody>('POST', '/api/v1/membership/join-codes', token.xiaodian, {
        orgId: tree.xiaodian.id,
        label: 'x',
      });
      expect([county.status, county.body.code]).toEqual([422, ErrorCode.OrgNotGrassroots]);
    });
  });

  describe('applying', () => {
    it('refuses a bad ID number with the field and reason, and writes nothing', async () => {
      await newWorker('badid');
      const id = syntheticIdNumber();
      const wrongCheck = `${id.slice(0, 17)}${id[17] === '0' ? '1' : '0'}`;
      const res = await t.call<ApiErrorBody>(
        'POST',
        '/api/v1/membership/applications',
        token.badid,
        form({ idNumber: wrongCheck }),
      );
      expect([res.status, res.body.code]).toEqual([400, ErrorCode.ValidationFailed]);
      expect(JSON.stringify(res.body.details)).toMatch(/idNumber.*checksum/);
      const rows: unknown[] = await t.db.query(`SELECT 1 FROM join_applications WHERE user_id = $1`, [
        userId.badid,
      ]);
      expect(rows).toHaveLength(0);
    });

    it('refuses a name with a direction-control character, naming the field, and writes nothing', async () => {
      await newWorker('bidi');
      // U+202E would show "王建军" reversed and flip the rest of every row it is listed in.
      const res = await t.call<ApiErrorBody>(
        'POST',
        '/api/v1/membership/applications',
        token.bidi,
        form({ name: '王\u202e建军' }),
      );
      expect([res.status, res.body.code]).toEqual([400, ErrorCode.ValidationFailed]);
      expect(res.body.details).toEqual([
        { field: 'name', reasons: ['name contains invisible or direction-control characters'] },
      ]);
      const rows: unknown[] = await t.db.query(`SELECT 1 FROM join_applications WHERE user_id = $1`, [
        userId.bidi,
      ]);
      expect(rows).toHaveLength(0);
    });

    it('files one application for two identical submissions in the same instant, and masks the ID', async () => {
      await newWorker('twice');
      const body = form();
      const [a, b] = await Promise.all([
        t.call<JoinApplicationResponse>('POST', '/api/v1/membership/applications', token.twice, body),
        t.call<JoinApplicationResponse>('POST', '/api/v1/membership/applications', token.twice, body),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 201]);
      expect(a.body.id).toBe(b.body.id);
      expect(a.body.status).toBe('pending');
      expect(a.body.idNumber).toBe(`${body.idNumber.slice(0, 4)}**********${body.idNumber.slice(-4)}`);
      expect(a.body.mobile).toBe('138****5678');
      expect(a.body.verification).toBe('verified'); // the local verifier matched
      const rows: { id_masked: string; id_cipher: Buffer }[] = await t.db.query(
        `SELECT id_masked, id_cipher FROM join_applications WHERE user_id = $1`,
        [userId.twice],
      );
      expect(rows).toHaveLength(1);
      expect(rows[0].id_cipher.toString('latin1')).not.toContain(body.idNumber.slice(6, 14));
      // A different union while one is pending is refused.
      const other = await t.call<JoinCodeResponse>(
        'POST',
        '/api/v1/membership/join-codes',
        token.cadreYingze,
        {
          orgId: unionYingze.id,
          label: '门店',
        },
      );
      const res = await t.call<ApiErrorBody>(
        'POST',
        '/api/v1/membership/applications',
        token.twice,
        form({ joinCode: other.body.token, idNumber: body.idNumber }),
      );
      expect([res.status, res.body.code]).toEqual([409, ErrorCode.ApplicationPending]);
    });

    it('refuses the same ID number from another account while it is pending', async () => {
      await newWorker('first');
      await newWorker('second');
      const body = form();
      await expect(
        t.call('POST', '/api/v1/membership/applications', token.first, body),
      ).resolves.toMatchObject({ status: 201 });
      const res = await t.call<ApiErrorBody>('POST', '/api/v1/membership/applications', token.second, body);
      expect([res.status, res.body.code]).toEqual([409, ErrorCode.ApplicationPending]);
    });

    it('stores a mismatch from the verifier and still files the application', async () => {
      await newWorker('mismatch');
      const res = await t.call<JoinApplicationResponse>(
        'POST',
        '/api/v1/membership/applications',
        token.mismatch,
        form({ idNumber: syntheticIdNumber({ sequence: '999' }) }),
      );
      expect([res.status, res.body.verification]).toEqual([201, 'mismatch']);
    });
  });

  describe('review and membership', () => {
    let application: JoinApplicationResponse;

    beforeAll(async () => {
      await newWorker('rider');
      application = (
        await t.call<JoinApplicationResponse>(
          'POST',
          '/api/v1/membership/applications',
          token.rider,
          form({ name: '王小骑', occupation: 'courier', idNumber: syntheticIdNumber({ birth: '19950615' }) }),
        )
      ).body;
    });

    it('lists pending applications of the scope oldest first, filtered by occupation and age', async () => {
      const list = await t.call<JoinApplicationListResponse>(
        'GET',
        '/api/v1/membership/review/applications?pageSize=100',
        token.cadre,
      );
      expect(list.status).toBe(200);
      const ids = list.body.items.map((a) => a.id);
      expect(ids).toContain(application.id);
      const times = list.body.items.map((a) => a.createdAt);
      expect([...times].sort()).toEqual(times);
      expect(list.body.items.every((a) => a.org.id === tree.unionXiaodian.id)).toBe(true);

      const couriers = await t.call<JoinApplicationListResponse>(
        'GET',
        '/api/v1/membership/review/applications?occupation=courier',
        token.xiaodian,
      );
      expect(couriers.body.items.map((a) => a.id)).toEqual([application.id]);
      const young = await t.call<JoinApplicationListResponse>(
        'GET',
        '/api/v1/membership/review/applications?occupation=courier&maxAge=25',
        token.xiaodian,
      );
      expect(young.body.total).toBe(0);
      const old = await t.call<JoinApplicationListResponse>(
        'GET',
        '/api/v1/membership/review/applications?occupation=courier&minAge=30&maxAge=31',
        token.xiaodian,
      );
      expect(old.body.items.map((a) => a.id)).toEqual([application.id]);
      // An empty age range is refused, not answered with an empty list; a single age is fine.
      const reversed = await t.call<ApiErrorBody>(
        'GET',
        '/api/v1/membership/review/applications?minAge=60&maxAge=20',
        token.xiaodian,
      );
      expect(reversed.status).toBe(400);
      expect(reversed.body.code).toBe(ErrorCode.ValidationFailed);
      expect(reversed.body.details).toEqual([{ field: 'maxAge', reasons: ['must not be less than minAge'] }]);
      const single = await t.call(
        'GET',
        '/api/v1/membership/review/applications?minAge=30&maxAge=30',
        token.xiaodian,
      );
      expect(single.status).toBe(200);
      const waiting = await t.call<JoinApplicationListResponse>(
        'GET',
        '/api/v1/membership/review/applications?waitingDays=3',
        token.cadre,
      );
      expect(waiting.body.total).toBe(0);
    });

    it('hides the queue from a cadre or staff outside the scope, and refuses their decisions', async () => {
      const list = await t.call<JoinApplicationListResponse>(
        'GET',
        '/api/v1/membership/review/applications?pageSize=100',
        token.pingcheng,
      );
      expect(list.body.items.map((a) => a.id)).not.toContain(application.id);
      for (const [method, url, body] of [
        ['GET', `/api/v1/membership/review/applications/${application.id}`, undefined],
        ['POST', `/api/v1/membership/review/applications/${application.id}/approve`, undefined],
        ['POST', `/api/v1/membership/review/applications/${application.id}/reject`, { reason: '不符' }],
      ] as const) {
        for (const who of ['pingcheng', 'cadreYingze']) {
          const res = await t.call<ApiErrorBody>(method, url, token[who], body);
          expect([res.status, res.body.code]).toEqual([403, ErrorCode.OutOfScope]);
        }
      }
      const member = await t.call<ApiErrorBody>('GET', '/api/v1/membership/review/applications', token.rider);
      expect(member.status).toBe(403);
      const state: { status: string }[] = await t.db.query(
        `SELECT status FROM join_applications WHERE id = $1`,
        [application.id],
      );
      expect(state[0].status).toBe('pending');
    });

    it('approves: member, role, history, notice, audit; a retry returns the same', async () => {
      const res = await t.call<JoinApplicationResponse>(
        'POST',
        `/api/v1/membership/review/applications/${application.id}/approve`,
        token.cadre,
      );
      expect([res.status, res.body.status]).toEqual([200, 'approved']);
      const again = await t.call<JoinApplicationResponse>(
        'POST',
        `/api/v1/membership/review/applications/${application.id}/approve`,
        token.cadre,
      );
      expect([again.status, again.body.decidedAt]).toEqual([200, res.body.decidedAt]);

      const mine = await t.call<MyMembershipResponse>('GET', '/api/v1/membership/me', token.rider);
      expect(mine.body.member).toMatchObject({ name: '王小骑', status: 'active', source: 'join' });
      expect(mine.body.member?.org.id).toBe(tree.unionXiaodian.id);
      expect(mine.body.member?.memberNo).toMatch(/^140105\d{10}$/);
      expect(mine.body.latestApplication?.id).toBe(application.id);

      const me = await t.call<MeResponse>('GET', '/api/v1/me', token.rider);
      expect(me.body.memberOrg?.id).toBe(tree.unionXiaodian.id);
      expect(me.body.displayName).toBe('王小骑');

      const events = await t.call<MemberEventResponse[]>('GET', '/api/v1/membership/me/events', token.rider);
      expect(events.body.map((e) => e.kind)).toEqual(['joined']);

      const notices = await t.call<NoticeListResponse>('GET', '/api/v1/notices', token.rider);
      expect(notices.body.unread).toBe(1);
      expect(notices.body.items[0]).toMatchObject({ kind: 'membership.approved', refId: application.id });
      await t.call('POST', `/api/v1/notices/${notices.body.items[0].id}/read`, token.rider);
      const read = await t.call<NoticeListResponse>('GET', '/api/v1/notices', token.rider);
      expect(read.body.unread).toBe(0);
      const foreign = await t.call<ApiErrorBody>(
        'POST',
        `/api/v1/notices/${notices.body.items[0].id}/read`,
        token.cadre,
      );
      expect(foreign.status).toBe(404);

      const audit: { actor_user_id: string; before: { status: string }; after: { status: string } }[] =
        await t.db.query(
          `SELECT actor_user_id, before, after FROM audit_events
            WHERE action = 'membership.application.approved' AND target_id = $1`,
          [application.id],
        );
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({
        actor_user_id: userId.cadre,
        before: { status: 'pending' },
        after: { status: 'approved' },
      });
    });

    it('refuses a member a second application, pointing to a transfer', async () => {
      const res = await t.call<ApiErrorBody>('POST', '/api/v1/membership/applications', token.rider, form());
      expect([res.status, res.body.code]).toEqual([409, ErrorCode.AlreadyMember]);
      expect(res.body.message).toMatch(/transfer/);
    });

    it('shows the card with a short-lived QR that a station master can check', async () => {
      const card = await t.call<MemberCardResponse>('GET', '/api/v1/membership/card', token.rider);
      expect(card.status).toBe(200);
      expect(card.body.org.id).toBe(tree.unionXiaodian.id);
      expect(Date.parse(card.body.qrExpiresAt) - Date.now()).toBeLessThanOrEqual(120_000);
      const check = await t.call<CheckCardResponse>('POST', '/api/v1/membership/card/check', token.station, {
        token: card.body.qrToken,
      });
      expect(check.status).toBe(200);
      expect(check.body).toMatchObject({ memberNo: card.body.memberNo, name: '王**', status: 'active' });
      const forged = await t.call<ApiErrorBody>('POST', '/api/v1/membership/card/check', token.station, {
        token: `${card.body.qrToken.split('.')[0]}.AAAAAAAAAAAAAAAAAAAAAA`,
      });
      expect([forged.status, forged.body.code]).toEqual([422, ErrorCode.CardTokenInvalid]);
      const byMember = await t.call<ApiErrorBody>('POST', '/api/v1/membership/card/check', token.rider, {
        token: card.body.qrToken,
      });
      expect(byMember.status).toBe(403);
      const noCard = await t.call<ApiErrorBody>('GET', '/api/v1/membership/card', token.cadre);
      expect([noCard.status, noCard.body.code]).toEqual([403, ErrorCode.NotAMember]);
    });

    it('lists members of the scope only, masked', async () => {
      const list = await t.call<MemberListResponse>(
        'GET',
        '/api/v1/membership/members?q=王小',
        token.xiaodian,
      );
      expect(list.body.items.map((m) => m.name)).toEqual(['王小骑']);
      expect(list.body.items[0].idNumber).toMatch(/^\d{4}\*{10}\d{3}[\dX]$/);
      const other = await t.call<MemberListResponse>(
        'GET',
        '/api/v1/membership/members?q=王小',
        token.pingcheng,
      );
      expect(other.body.total).toBe(0);
      const outside = await t.call<ApiErrorBody>(
        'GET',
        `/api/v1/membership/members?orgId=${tree.unionXiaodian.id}`,
        token.pingcheng,
      );
      expect(outside.status).toBe(403);
    });

    it('lets verified-only features refuse an unverified member clearly', async () => {
      const members = t.app.get(MembersService);
      await expect(members.requireVerifiedMember(userId.rider)).resolves.toMatchObject({ name: '王小骑' });
      await t.db.query(
        `UPDATE members SET verification = 'unverified', verified_at = NULL WHERE user_id = $1`,
        [userId.rider],
      );
      const error = await rejection(members.requireVerifiedMember(userId.rider), MembershipError);
      expect(error.code).toBe(ErrorCode.MemberNotVerified);
      // Verifying again (local verifier) restores it and records the event.
      const verified = await t.call<{ verification: string }>(
        'POST',
        '/api/v1/membership/me/verify',
        token.rider,
      );
      expect(verified.body.verification).toBe('verified');
      await expect(members.requireVerifiedMember(userId.rider)).resolves.toBeDefined();
    });
  });

  describe('rejection and batches', () => {
    it('needs a reason, tells the member, and cannot be decided twice', async () => {
      await newWorker('nope');
      const app = (
        await t.call<JoinApplicationResponse>('POST', '/api/v1/membership/applications', token.nope, form())
      ).body;
      const noReason = await t.call<ApiErrorBody>(
        'POST',
        `/api/v1/membership/review/applications/${app.id}/reject`,
        token.cadre,
        {},
      );
      expect([noReason.status, noReason.body.code]).toEqual([400, ErrorCode.ValidationFailed]);
      const res = await t.call<JoinApplicationResponse>(
        'POST',
        `/api/v1/membership/review/applications/${app.id}/reject`,
        token.cadre,
        { reason: '工作单位不在本工会范围' },
      );
      expect(res.body).toMatchObject({ status: 'rejected', rejectReason: '工作单位不在本工会范围' });
      const approve = await t.call<ApiErrorBody>(
        'POST',
        `/api/v1/membership/review/applications/${app.id}/approve`,
        token.cadre,
      );
      expect([approve.status, approve.body.code]).toEqual([409, ErrorCode.ApplicationDecided]);
      const mine = await t.call<MyMembershipResponse>('GET', '/api/v1/membership/me', token.nope);
      expect(mine.body.member).toBeNull();
      expect(mine.body.latestApplication?.rejectReason).toBe('工作单位不在本工会范围');
      const notices = await t.call<NoticeListResponse>('GET', '/api/v1/notices', token.nope);
      expect(notices.body.items[0].body).toContain('工作单位不在本工会范围');
      // Rejected, they may apply again.
      await expect(
        t.call('POST', '/api/v1/membership/applications', token.nope, form()),
      ).resolves.toMatchObject({ status: 201 });
    });

    it('batch-approves what it may and reports the rest', async () => {
      const mine: string[] = [];
      for (const key of ['b1', 'b2']) {
        await newWorker(key);
        mine.push(
          (
            await t.call<JoinApplicationResponse>(
              'POST',
              '/api/v1/membership/applications',
              token[key],
              form(),
            )
          ).body.id,
        );
      }
      await newWorker('b3');
      const yz = await t.call<JoinCodeResponse>('POST', '/api/v1/membership/join-codes', token.cadreYingze, {
        orgId: unionYingze.id,
        label: '批量',
      });
      const foreign = (
        await t.call<JoinApplicationResponse>(
          'POST',
          '/api/v1/membership/applications',
          token.b3,
          form({ joinCode: yz.body.token }),
        )
      ).body.id;
      const res = await t.call<BatchApproveResponse>(
        'POST',
        '/api/v1/membership/review/applications/batch-approve',
        token.cadre,
        { ids: [...mine, foreign, '99999999'] },
      );
      expect(res.status).toBe(200);
      expect(res.body.approved.sort()).toEqual([...mine].sort());
      expect(res.body.failed.map((f) => [f.id, f.code])).toEqual([
        [foreign, ErrorCode.OutOfScope],
        ['99999999', ErrorCode.ApplicationNotFound],
      ]);
    });

    it('makes one member when the cadre and the county approve the same application at once', async () => {
      await newWorker('race');
      const app = (
        await t.call<JoinApplicationResponse>('POST', '/api/v1/membership/applications', token.race, form())
      ).body;
      const decisions = await Promise.all(
        ['cadre', 'xiaodian', 'cadre'].map((who) =>
          t.call<JoinApplicationResponse>(
            'POST',
            `/api/v1/membership/review/applications/${app.id}/approve`,
            token[who],
          ),
        ),
      );
      expect(decisions.map((d) => [d.status, d.body.status])).toEqual([
        [200, 'approved'],
        [200, 'approved'],
        [200, 'approved'],
      ]);
      const rows: { n: string }[] = await t.db.query(`SELECT count(*) AS n FROM members WHERE user_id = $1`, [
        userId.race,
      ]);
      const events: { n: string }[] = await t.db.query(
        `SELECT count(*) AS n FROM member_events e JOIN members m ON m.id = e.member_id WHERE m.user_id = $1`,
        [userId.race],
      );
      const audits: { n: string }[] = await t.db.query(
        `SELECT count(*) AS n FROM audit_events WHERE action = 'membership.application.approved' AND target_id = $1`,
        [app.id],
      );
      expect([rows[0].n, events[0].n, audits[0].n]).toEqual(['1', '1', '1']);
    });

    it('lets the applicant withdraw while pending', async () => {
      await newWorker('withdraw');
      const app = (
        await t.call<JoinApplicationResponse>(
          'POST',
          '/api/v1/membership/applications',
          token.withdraw,
          form(),
        )
      ).body;
      const other = await t.call<ApiErrorBody>(
        'POST',
        `/api/v1/membership/applications/${app.id}/withdraw`,
        token.rider,
      );
      expect(other.status).toBe(404);
      const res = await t.call<JoinApplicationResponse>(
        'POST',
        `/api/v1/membership/applications/${app.id}/withdraw`,
        token.withdraw,
      );
      expect(res.body.status).toBe('withdrawn');
    });
  });
});

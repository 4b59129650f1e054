import { randomInt } from 'node:crypto';

import {
  type ApiErrorBody,
  ErrorCode,
  idNumberCheckChar,
  type JoinCodeResponse,
  type MeResponse,
  type MyMembershipResponse,
  type Role,
  type TransferListResponse,
  type TransferResponse,
} from '@smartunion/contracts';

import { MembersRepository } from '../src/modules/membership/members.repository';
import { PersonDataSealer } from '../src/modules/membership/person-data';
import { buildMiniTree, insertOrg, insertUser, type MiniTree, uniqueTag } from './support/fixtures';
import { createTestApp, type TestApp } from './support/test-app';

/** A valid ID number with a random birth date and sequence, so test files sharing a database do not collide. */
function randomIdNumber(): string {
  const year = 1965 + randomInt(35);
  const month = String(1 + randomInt(12)).padStart(2, '0');
  const day = String(1 + randomInt(28)).padStart(2, '0');
  const first17 = `140105${year}${month}${day}${String(randomInt(1000)).padStart(3, '0')}`;
  return `${first17}${idNumberCheckChar(first17)}`;
}

interface TestMember {
  userId: string;
  memberId: string;
  token: string;
}

describe('membership: transfers between unions (real PostgreSQL + Redis)', () => {
  let t: TestApp;
  let tree: MiniTree;
  let tag: string;
  let unionYingze: { id: string };
  const token: Record<string, string> = {};
  const userId: Record<string, string> = {};

  /** An account that is an active member of `orgId`, with the member role there, logged in. */
  async function newMember(key: string, orgId: string): Promise<TestMember> {
    const uid = await insertUser(t.db, `${key}-${tag}`, `会员${key}`, [{ role: 'member', orgId }]);
    const person = t.app.get(PersonDataSealer).seal({
      name: `会员${key}`,
      mobile: '13912345678',
      idNumber: randomIdNumber(),
      employer: '美团外卖',
      occupation: 'delivery_rider',
      newEmploymentForm: true,
    });
    if (!person) throw new Error('test ID number is invalid');
    const repo = t.app.get(MembersRepository);
    const member = await t.db.transaction((m) =>
      repo.insert(
        { ...person, userId: uid, orgId, source: 'join', verification: 'unverified', verifiedAt: null },
        m,
      ),
    );
    if (!member) throw new Error('member insert failed');
    return { userId: uid, memberId: member.id, token: (await t.login(`${key}-${tag}`)).accessToken };
  }

  const requestTo = (m: TestMember, toOrgId: string, reason = '更换工作单位') =>
    t.call<TransferResponse>('POST', '/api/v1/membership/transfers', m.token, { toOrgId, reason });
  const decide = (who: string, id: string, verb: 'approve' | 'reject', body?: unknown) =>
    t.call<TransferResponse & ApiErrorBody>(
      'POST',
      `/api/v1/membership/review/transfers/${id}/${verb}`,
      token[who],
      body,
    );
  const memberRow = async (memberId: string): Promise<{ org_id: string; status: string }> => {
    const [row]: { org_id: string; status: string }[] = await t.db.query(
      `SELECT org_id, status FROM members WHERE id = $1`,
      [memberId],
    );
    return row;
  };

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
      ['cadreXd', [{ role: 'cadre', orgId: tree.unionXiaodian.id }]],
      ['cadreXd2', [{ role: 'cadre', orgId: tree.unionXiaodian.id }]],
      ['cadreYz', [{ role: 'cadre', orgId: unionYingze.id }]],
      ['cadreYz2', [{ role: 'cadre', orgId: unionYingze.id }]],
      ['pingcheng', [{ role: 'county_staff', orgId: tree.pingcheng.id }]],
      ['outsider', []],
    ];
    for (const [key, roles] of users) {
      userId[key] = await insertUser(t.db, `${key}-${tag}`, key, roles);
      token[key] = (await t.login(`${key}-${tag}`)).accessToken;
    }
  });
  afterAll(() => t.close());

  it('moves a member out of the old union and into the new one, with history, role and notices', async () => {
    const a = await newMember('full', tree.unionXiaodian.id);
    const req = await requestTo(a, unionYingze.id);
    expect(req.status).toBe(201);
    expect(req.body).toMatchObject({
      status: 'pending_out',
      from: { id: tree.unionXiaodian.id },
      to: { id: unionYingze.id },
      reason: '更换工作单位',
      memberName: '会员full',
      rejectReason: null,
    });
    const id = req.body.id;

    const mine = await t.call<TransferListResponse>('GET', '/api/v1/membership/transfers/mine', a.token);
    expect(mine.body.items.map((x) => x.id)).toEqual([id]);

    // Both unions see it in their queues; an unrelated county does not.
    const out = await t.call<TransferListResponse>(
      'GET',
      '/api/v1/membership/review/transfers?direction=out&status=pending_out',
      token.cadreXd,
    );
    expect(out.body.items.map((x) => x.id)).toContain(id);
    const inQueue = await t.call<TransferListResponse>(
      'GET',
      '/api/v1/membership/review/transfers?direction=in',
      token.cadreYz,
    );
    expect(inQueue.body.items.map((x) => x.id)).toContain(id);
    const notOut = await t.call<TransferListResponse>(
      'GET',
      '/api/v1/membership/review/transfers?direction=out',
      token.cadreYz,
    );
    expect(notOut.body.items.map((x) => x.id)).not.toContain(id);
    const foreign = await t.call<TransferListResponse>(
      'GET',
      '/api/v1/membership/review/transfers',
      token.pingcheng,
    );
    expect(foreign.body.items.map((x) => x.id)).not.toContain(id);

    // The new union cannot let the member go; an unrelated county cannot see the transfer at all.
    const early = await decide('cadreYz', id, 'approve');
    expect([early.status, early.body.code]).toEqual([403, ErrorCode.OutOfScope]);
    const stranger = await decide('pingcheng', id, 'approve');
    expect([stranger.status, stranger.body.code]).toEqual([404, ErrorCode.TransferNotFound]);

    const outStep = await decide('cadreXd', id, 'approve');
    expect([outStep.status, outStep.body.status]).toEqual([200, 'pending_in']);
    expect(outStep.body.outDecidedAt).not.toBeNull();
    // Still an active member of the old union between the two steps, and 我的 shows the transfer under way.
    await expect(memberRow(a.memberId)).resolves.toEqual({ org_id: tree.unionXiaodian.id, status: 'active' });
    const between = await t.call<MyMembershipResponse>('GET', '/api/v1/membership/me', a.token);
    expect(between.body.member?.org.id).toBe(tree.unionXiaodian.id);
    expect(between.body.openTransfer).toMatchObject({ id, status: 'pending_in' });

    // A retried out-approval answers with the state as it is; it never takes the in-step.
    const retry = await decide('cadreXd', id, 'approve');
    expect([retry.status, retry.body.status]).toEqual([200, 'pending_in']);
    // Another cadre of the old union cannot take the member in (their union's step is decided); neither can
    // the unrelated county.
    const oldUnion = await decide('cadreXd2', id, 'approve');
    expect([oldUnion.status, oldUnion.body.code]).toEqual([409, ErrorCode.TransferDecided]);
    const strangerIn = await decide('pingcheng', id, 'approve');
    expect([strangerIn.status, strangerIn.body.code]).toEqual([404, ErrorCode.TransferNotFound]);
    await expect(memberRow(a.memberId)).resolves.toEqual({ org_id: tree.unionXiaodian.id, status: 'active' });

    const inStep = await decide('cadreYz', id, 'approve');
    expect([inStep.status, inStep.body.status]).toEqual([200, 'completed']);
    expect(inStep.body.inDecidedAt).not.toBeNull();
    const done = await t.call<MyMembershipResponse>('GET', '/api/v1/membership/me', a.token);
    expect(done.body.member?.org.id).toBe(unionYingze.id);
    expect(done.body.openTransfer).toBeNull();
    const inRetry = await decide('cadreYz', id, 'approve');
    expect([inRetry.status, inRetry.body.status]).toEqual([200, 'completed']);
    const late = await decide('cadreXd2', id, 'approve');
    expect([late.status, late.body.code]).toEqual([409, ErrorCode.TransferDecided]);
    const lateReject = await decide('cadreYz', id, 'reject', { reason: '不同意' });
    expect([lateReject.status, lateReject.body.code]).toEqual([409, ErrorCode.TransferDecided]);

    // The member moved, stayed active, and carries the member role of the new union only.
    await expect(memberRow(a.memberId)).resolves.toEqual({ org_id: unionYingze.id, status: 'active' });
    const roles: { role: string; org_id: string }[] = await t.db.query(
      `SELECT role, org_id FROM role_bindings WHERE user_id = $1`,
      [a.userId],
    );
    expect(roles).toEqual([{ role: 'member', org_id: unionYingze.id }]);
    const me = await t.call<MeResponse>('GET', '/api/v1/me', a.token);
    expect(me.body.memberOrg?.id).toBe(unionYingze.id);

    const events: { kind: string; org_id: string; from_org_id: string; actor_user_id: string }[] =
      await t.db.query(
        `SELECT kind, org_id, from_org_id, actor_user_id FROM member_events WHERE member_id = $1`,
        [a.memberId],
      );
    expect(events).toEqual([
      {
        kind: 'transferred',
        org_id: unionYingze.id,
        from_org_id: tree.unionXiaodian.id,
        actor_user_id: userId.cadreYz,
      },
    ]);
    const notices: { kind: string; title: string }[] = await t.db.query(
      `SELECT kind, title FROM notices WHERE user_id = $1 ORDER BY id`,
      [a.userId],
    );
    expect(notices.map((n) => n.kind)).toEqual([
      'membership.transfer.out_approved',
      'membership.transfer.completed',
    ]);
    expect(notices[1].title).toBe('组织关系转接完成');
    const audit: { action: string; actor_user_id: string }[] = await t.db.query(
      `SELECT action, actor_user_id FROM audit_events WHERE target_type = 'transfer' AND target_id = $1
        ORDER BY id`,
      [id],
    );
    expect(audit).toEqual([
      { action: 'membership.transfer.requested', actor_user_id: a.userId },
      { action: 'membership.transfer.out_approved', actor_user_id: userId.cadreXd },
      { action: 'membership.transfer.completed', actor_user_id: userId.cadreYz },
    ]);

    // History: a completed transfer stays in the member's list; a new one may start from the new union.
    const after = await t.call<TransferListResponse>('GET', '/api/v1/membership/transfers/mine', a.token);
    expect(after.body.items.map((x) => [x.id, x.status])).toEqual([[id, 'completed']]);
    const back = await requestTo(a, tree.unionXiaodian.id, '回原单位');
    expect([back.status, back.body.from.id]).toEqual([201, unionYingze.id]);
  });

  it('rejects with a reason at either step and leaves the member where they are', async () => {
    const b = await newMember('rejected', tree.unionXiaodian.id);
    const first = await requestTo(b, unionYingze.id);
    const noReason = await decide('cadreXd', first.body.id, 'reject', {});
    expect([noReason.status, noReason.body.code]).toEqual([400, ErrorCode.ValidationFailed]);
    const blank = await decide('cadreXd', first.body.id, 'reject', { reason: '   ' });
    expect(blank.status).toBe(400);
    const stranger = await decide('pingcheng', first.body.id, 'reject', { reason: '不行' });
    expect([stranger.status, stranger.body.code]).toEqual([404, ErrorCode.TransferNotFound]);
    const wrongEnd = await decide('cadreYz', first.body.id, 'reject', { reason: '不行' });
    expect([wrongEnd.status, wrongEnd.body.code]).toEqual([403, ErrorCode.OutOfScope]);

    const rejected = await decide('cadreXd', first.body.id, 'reject', { reason: '会费未结清' });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', rejectReason: '会费未结清' });
    const again = await decide('cadreXd', first.body.id, 'reject', { reason: '会费未结清' });
    expect([again.status, again.body.status]).toEqual([200, 'rejected']);
    const approveRejected = await decide('cadreXd', first.body.id, 'approve');
    expect([approveRejected.status, approveRejected.body.code]).toEqual([409, ErrorCode.TransferDecided]);
    await expect(memberRow(b.memberId)).resolves.toEqual({ org_id: tree.unionXiaodian.id, status: 'active' });

    // At the in-step only the new union may refuse.
    const second = await requestTo(b, unionYingze.id, '再次申请');
    expect(second.status).toBe(201);
    await decide('cadreXd', second.body.id, 'approve');
    const oldSays = await decide('cadreXd2', second.body.id, 'reject', { reason: '不行' });
    expect([oldSays.status, oldSays.body.code]).toEqual([409, ErrorCode.TransferDecided]);
    const newSays = await decide('cadreYz', second.body.id, 'reject', { reason: '本工会不覆盖该单位' });
    expect(newSays.body).toMatchObject({ status: 'rejected', rejectReason: '本工会不覆盖该单位' });
    await expect(memberRow(b.memberId)).resolves.toEqual({ org_id: tree.unionXiaodian.id, status: 'active' });

    const notices: { kind: string; body: string }[] = await t.db.query(
      `SELECT kind, body FROM notices WHERE user_id = $1 AND kind = 'membership.transfer.rejected' ORDER BY id`,
      [b.userId],
    );
    expect(notices).toHaveLength(2);
    expect(notices[0].body).toContain('会费未结清');
    const events: unknown[] = await t.db.query(`SELECT 1 FROM member_events WHERE member_id = $1`, [
      b.memberId,
    ]);
    expect(events).toHaveLength(0);
  });

  it('opens one transfer for simultaneous identical requests and refuses a second open one', async () => {
    const d = await newMember('dup', tree.unionXiaodian.id);
    const results = await Promise.all(
      Array.from({ length: 5 }, () => requestTo(d, unionYingze.id, '同时提交')),
    );
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    const rows: unknown[] = await t.db.query(`SELECT 1 FROM transfers WHERE member_id = $1`, [d.memberId]);
    expect(rows).toHaveLength(1);

    const other = await t.call<ApiErrorBody>('POST', '/api/v1/membership/transfers', d.token, {
      toOrgId: tree.unionPingcheng.id,
      reason: '换一个',
    });
    expect([other.status, other.body.code]).toEqual([409, ErrorCode.TransferOpen]);
    const otherReason = await requestTo(d, unionYingze.id, '理由不同');
    expect(otherReason.status).toBe(409);
  });

  it('lets only one of two reviewers deciding at the same moment win each step', async () => {
    const g = await newMember('race', tree.unionXiaodian.id);
    const req = await requestTo(g, unionYingze.id);
    const outs = await Promise.all([
      decide('cadreXd', req.body.id, 'approve'),
      decide('cadreXd2', req.body.id, 'approve'),
    ]);
    expect(outs.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(outs.find((r) => r.status === 409)?.body.code).toBe(ErrorCode.TransferDecided);

    const ins = await Promise.all([
      decide('cadreYz', req.body.id, 'approve'),
      decide('cadreYz2', req.body.id, 'approve'),
      decide('cadreYz2', req.body.id, 'reject', { reason: '同时拒绝' }),
    ]);
    const winners = ins.filter((r) => r.status === 200);
    expect(winners).toHaveLength(1);
    expect(ins.filter((r) => r.status === 409)).toHaveLength(2);
    const final = await t.call<TransferListResponse>('GET', '/api/v1/membership/transfers/mine', g.token);
    expect(final.body.items[0].status).toBe(winners[0].body.status);
    const events: unknown[] = await t.db.query(`SELECT 1 FROM member_events WHERE member_id = $1`, [
      g.memberId,
    ]);
    const roles: { org_id: string }[] = await t.db.query(
      `SELECT org_id FROM role_bindings WHERE user_id = $1 AND role = 'member'`,
      [g.userId],
    );
    if (winners[0].body.status === 'completed') {
      expect(events).toHaveLength(1);
      expect(roles).toEqual([{ org_id: unionYingze.id }]);
      await expect(memberRow(g.memberId)).resolves.toEqual({ org_id: unionYingze.id, status: 'active' });
    } else {
      expect(winners[0].body.status).toBe('rejected');
      expect(events).toHaveLength(0);
      expect(roles).toEqual([{ org_id: tree.unionXiaodian.id }]);
    }
  });

  it('refuses non-members, the same union, non-grassroots targets and malformed requests', async () => {
    const c = await newMember('checks', tree.unionXiaodian.id);
    const same = await t.call<ApiErrorBody>('POST', '/api/v1/membership/transfers', c.token, {
      toOrgId: tree.unionXiaodian.id,
      reason: '原地',
    });
    expect([same.status, same.body.code]).toEqual([422, ErrorCode.TransferSameUnion]);
    const county = await t.call<ApiErrorBody>('POST', '/api/v1/membership/transfers', c.token, {
      toOrgId: tree.yingze.id,
      reason: '县总',
    });
    expect([county.status, county.body.code]).toEqual([422, ErrorCode.OrgNotGrassroots]);
    const missing = await t.call<ApiErrorBody>('POST', '/api/v1/membership/transfers', c.token, {
      toOrgId: '999999999999',
      reason: '不存在',
    });
    expect([missing.status, missing.body.code]).toEqual([404, ErrorCode.OrgNotFound]);
    const notMember = await t.call<ApiErrorBody>('POST', '/api/v1/membership/transfers', token.outsider, {
      toOrgId: unionYingze.id,
      reason: '想转',
    });
    expect([notMember.status, notMember.body.code]).toEqual([403, ErrorCode.NotAMember]);

    for (const body of [
      { reason: '都没有' },
      { toOrgId: unionYingze.id, joinCode: 'abc', reason: '两个都给' },
      { toOrgId: unionYingze.id, reason: '' },
      { toOrgId: unionYingze.id, reason: 'x'.repeat(201) },
      { toOrgId: 'abc', reason: '坏 id' },
    ]) {
      const res = await t.call<ApiErrorBody>('POST', '/api/v1/membership/transfers', c.token, body);
      expect([res.status, res.body.code]).toEqual([400, ErrorCode.ValidationFailed]);
    }
    const rows: unknown[] = await t.db.query(`SELECT 1 FROM transfers WHERE member_id = $1`, [c.memberId]);
    expect(rows).toHaveLength(0);
    // A plain member has no review queue.
    const queue = await t.call<ApiErrorBody>('GET', '/api/v1/membership/review/transfers', c.token);
    expect([queue.status, queue.body.code]).toEqual([403, ErrorCode.Forbidden]);
  });

  it('lets the member cancel their own open transfer only', async () => {
    const e = await newMember('cancel', tree.unionXiaodian.id);
    const other = await newMember('cancelOther', tree.unionXiaodian.id);
    const req = await requestTo(e, unionYingze.id);
    const notMine = await t.call<ApiErrorBody>(
      'POST',
      `/api/v1/membership/transfers/${req.body.id}/cancel`,
      other.token,
    );
    expect([notMine.status, notMine.body.code]).toEqual([404, ErrorCode.TransferNotFound]);
    await decide('cadreXd', req.body.id, 'approve');
    const cancelled = await t.call<TransferResponse>(
      'POST',
      `/api/v1/membership/transfers/${req.body.id}/cancel`,
      e.token,
    );
    expect([cancelled.status, cancelled.body.status]).toEqual([200, 'cancelled']);
    const twice = await t.call<TransferResponse>(
      'POST',
      `/api/v1/membership/transfers/${req.body.id}/cancel`,
      e.token,
    );
    expect([twice.status, twice.body.status]).toEqual([200, 'cancelled']);
    const approve = await decide('cadreYz', req.body.id, 'approve');
    expect([approve.status, approve.body.code]).toEqual([409, ErrorCode.TransferDecided]);
    await expect(memberRow(e.memberId)).resolves.toEqual({ org_id: tree.unionXiaodian.id, status: 'active' });

    // Finished transfers cannot be cancelled; a new request may follow a cancelled one.
    const next = await requestTo(e, unionYingze.id, '重新申请');
    expect(next.status).toBe(201);
    expect(next.body.id).not.toBe(req.body.id);
    await decide('cadreXd', next.body.id, 'reject', { reason: '暂缓' });
    const finished = await t.call<ApiErrorBody>(
      'POST',
      `/api/v1/membership/transfers/${next.body.id}/cancel`,
      e.token,
    );
    expect([finished.status, finished.body.code]).toEqual([409, ErrorCode.TransferDecided]);
  });

  it('takes the new union from its join code', async () => {
    const f = await newMember('bycode', tree.unionXiaodian.id);
    const code = await t.call<JoinCodeResponse>('POST', '/api/v1/membership/join-codes', token.cadreYz, {
      orgId: unionYingze.id,
      label: '转接',
    });
    expect(code.status).toBe(201);
    const forged = await t.call<ApiErrorBody>('POST', '/api/v1/membership/transfers', f.token, {
      joinCode: `${code.body.token.split('.')[0]}.AAAAAAAAAAAAAAAAAAAAAA`,
      reason: '扫码',
    });
    expect([forged.status, forged.body.code]).toEqual([422, ErrorCode.JoinCodeInvalid]);
    const res = await t.call<TransferResponse>('POST', '/api/v1/membership/transfers', f.token, {
      joinCode: code.body.token,
      reason: '扫码',
    });
    expect(res.status).toBe(201);
    expect(res.body.to.id).toBe(unionYingze.id);
  });
});

import {
  type JoinApplicationListResponse,
  type ApiErrorBody,
  type ApplyEstablishmentRequest,
  ErrorCode,
  type EstablishmentListResponse,
  type EstablishmentResponse,
  type FieldError,
  type MeResponse,
  type Role,
  type UpperUnionListResponse,
} from '@smartunion/contracts';

import { buildMiniTree, creditCode, insertUser, type MiniTree, uniqueTag } from './support/fixtures';
import { createTestApp, type TestApp } from './support/test-app';

describe('establishments: enterprises found unions (real PostgreSQL + Redis)', () => {
  let t: TestApp;
  let tree: MiniTree;
  let tag: string;
  const token: Record<string, string> = {};
  const userId: Record<string, string> = {};

  const form = (overrides: Partial<ApplyEstablishmentRequest> = {}): ApplyEstablishmentRequest => ({
    enterpriseName: `山西顺达物流有限公司${tag}`,
    creditCode: creditCode(),
    address: '太原市小店区长治路 1 号',
    parentOrgId: tree.xiaodian.id,
    employeeCount: 120,
    foundingMembers: [
      { name: '李四', mobile: '13812345671' },
      { name: '王五', mobile: '13812345672' },
      { name: '赵六', mobile: '13812345673' },
    ],
    ...overrides,
  });
  const apply = (who: string, body: unknown) =>
    t.call<EstablishmentResponse & ApiErrorBody>('POST', '/api/v1/establishments', token[who], body);
  const decide = (who: string, id: string, verb: 'approve' | 'reject', body?: unknown) =>
    t.call<EstablishmentResponse & ApiErrorBody>(
      'POST',
      `/api/v1/establishments/review/${id}/${verb}`,
      token[who],
      body,
    );

  beforeAll(async () => {
    t = await createTestApp();
    tag = uniqueTag();
    tree = await buildMiniTree(t.db, tag);
    const users: [string, string, { role: Role; orgId: string }[]][] = [
      ['applicant', '张经理', []],
      ['applicant2', '刘经理', []],
      ['xiaodian', '小店区总', [{ role: 'county_staff', orgId: tree.xiaodian.id }]],
      ['pingcheng', '平城区总', [{ role: 'county_staff', orgId: tree.pingcheng.id }]],
      ['taiyuan', '太原市总', [{ role: 'city_staff', orgId: tree.taiyuan.id }]],
      ['cadre', '基层干部', [{ role: 'cadre', orgId: tree.unionXiaodian.id }]],
    ];
    for (const [key, name, roles] of users) {
      userId[key] = await insertUser(t.db, `${key}-${tag}`, name, roles);
      token[key] = (await t.login(`${key}-${tag}`)).accessToken;
    }
  });
  afterAll(() => t.close());

  it('lists county and street unions by name with the path from the province down', async () => {
    const res = await t.call<UpperUnionListResponse>(
      'GET',
      `/api/v1/establishments/upper-unions?q=${encodeURIComponent(`小店区总工会${tag}`)}`,
      token.applicant,
    );
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      {
        id: tree.xiaodian.id,
        name: `小店区总工会${tag}`,
        type: 'county',
        areaCode: '140105',
        pathNames: [`测试省总工会${tag}`, `太原市总工会${tag}`, `小店区总工会${tag}`],
      },
    ]);
    const all = await t.call<UpperUnionListResponse>(
      'GET',
      `/api/v1/establishments/upper-unions?q=${tag}&pageSize=50`,
      token.applicant,
    );
    expect(all.body.items.map((o) => o.id).sort()).toEqual(
      [tree.xiaodian.id, tree.yingze.id, tree.pingcheng.id].sort(),
    );
    expect(all.body.total).toBe(3);
    const anonymous = await t.call<ApiErrorBody>('GET', '/api/v1/establishments/upper-unions');
    expect(anonymous.status).toBe(401);
  });

  it('refuses a bad credit code, bad founding members and a wrong upper union, writing nothing', async () => {
    const good = creditCode();
    const wrongCheck = `${good.slice(0, 17)}${good[17] === '0' ? '1' : '0'}`;
    const bad = await apply('applicant', form({ creditCode: wrongCheck }));
    expect([bad.status, bad.body.code]).toEqual([400, ErrorCode.ValidationFailed]);
    const fields = (bad.body.details as FieldError[]).map((f) => f.field);
    expect(fields).toEqual(['creditCode']);
    expect(JSON.stringify(bad.body.details)).toContain('checksum');

    const cases: [Partial<ApplyEstablishmentRequest> | Record<string, unknown>, string][] = [
      [{ foundingMembers: [{ name: '李四', mobile: '13812345671' }] }, 'foundingMembers'],
      [
        { foundingMembers: [...form().foundingMembers.slice(0, 2), { name: '赵六', mobile: '12345' }] },
        'foundingMembers.2.mobile',
      ],
      [
        { foundingMembers: [...form().foundingMembers.slice(0, 2), { name: '赵六', mobile: '13812345671' }] },
        'foundingMembers',
      ],
      [{ employeeCount: 0 }, 'employeeCount'],
      [{ employeeCount: 1.5 }, 'employeeCount'],
      [{ enterpriseName: 'x' }, 'enterpriseName'],
      [{ address: '' }, 'address'],
      [{ parentOrgId: 'abc' }, 'parentOrgId'],
    ];
    for (const [overrides, field] of cases) {
      const res = await apply('applicant', { ...form(), ...overrides });
      expect([res.status, res.body.code]).toEqual([400, ErrorCode.ValidationFailed]);
      expect((res.body.details as FieldError[]).map((f) => f.field)).toContain(field);
    }
    for (const parentOrgId of [tree.unionXiaodian.id, tree.taiyuan.id]) {
      const res = await apply('applicant', form({ parentOrgId }));
      expect([res.status, res.body.code]).toEqual([422, ErrorCode.OrgInvalidParent]);
    }
    const missing = await apply('applicant', form({ parentOrgId: '999999999999' }));
    expect([missing.status, missing.body.code]).toEqual([404, ErrorCode.OrgNotFound]);
    const rows: unknown[] = await t.db.query(
      `SELECT 1 FROM establishment_applications WHERE applicant_user_id = $1`,
      [userId.applicant],
    );
    expect(rows).toHaveLength(0);
  });

  it('approves: a grassroots union appears under the upper union with the applicant as its cadre', async () => {
    const body = form({ creditCode: creditCode().toLowerCase() });
    const applied = await apply('applicant', body);
    expect(applied.status).toBe(201);
    const code = body.creditCode.toUpperCase();
    expect(applied.body).toMatchObject({
      status: 'pending',
      creditCode: code,
      applicantName: '张经理',
      parent: { id: tree.xiaodian.id },
      employeeCount: 120,
      createdOrg: null,
    });
    expect(applied.body.foundingMembers).toEqual([
      { name: '李四', mobile: '138****5671' },
      { name: '王五', mobile: '138****5672' },
      { name: '赵六', mobile: '138****5673' },
    ]);
    const id = applied.body.id;
    // The same application again is the same application.
    const retry = await apply('applicant', body);
    expect([retry.status, retry.body.id]).toEqual([201, id]);
    // Anyone else with the same credit code is refused while it is open.
    const dup = await apply('applicant2', form({ creditCode: code }));
    expect([dup.status, dup.body.code]).toEqual([409, ErrorCode.CreditCodeInUse]);

    const mine = await t.call<EstablishmentListResponse>(
      'GET',
      '/api/v1/establishments/mine',
      token.applicant,
    );
    expect(mine.body.items.map((e) => e.id)).toEqual([id]);

    // Scope: another county neither sees nor decides it; a grassroots cadre has no such permission.
    const foreign = await t.call<EstablishmentListResponse>(
      'GET',
      '/api/v1/establishments/review?status=pending',
      token.pingcheng,
    );
    expect(foreign.body.items.map((e) => e.id)).not.toContain(id);
    const foreignApprove = await decide('pingcheng', id, 'approve');
    expect([foreignApprove.status, foreignApprove.body.code]).toEqual([403, ErrorCode.OutOfScope]);
    const foreignReject = await decide('pingcheng', id, 'reject', { reason: '不行' });
    expect([foreignReject.status, foreignReject.body.code]).toEqual([403, ErrorCode.OutOfScope]);
    const cadre = await decide('cadre', id, 'approve');
    expect([cadre.status, cadre.body.code]).toEqual([403, ErrorCode.Forbidden]);
    const queue = await t.call<EstablishmentListResponse>(
      'GET',
      '/api/v1/establishments/review?status=pending',
      token.xiaodian,
    );
    expect(queue.body.items.map((e) => e.id)).toContain(id);

    const approved = await decide('xiaodian', id, 'approve');
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('approved');
    expect(approved.body.decidedAt).not.toBeNull();
    const created = approved.body.createdOrg;
    expect(created).toMatchObject({
      name: `山西顺达物流有限公司${tag}工会委员会`,
      type: 'grassroots',
      areaCode: '140105',
    });
    const again = await decide('xiaodian', id, 'approve');
    expect([again.status, again.body.createdOrg?.id]).toEqual([200, created?.id]);
    const other = await decide('taiyuan', id, 'approve');
    expect([other.status, other.body.code]).toEqual([409, ErrorCode.EstablishmentDecided]);
    const late = await decide('xiaodian', id, 'reject', { reason: '撤回' });
    expect([late.status, late.body.code]).toEqual([409, ErrorCode.EstablishmentDecided]);

    const [org]: { parent_id: string; code: string; path: string }[] = await t.db.query(
      `SELECT parent_id, code, path::text AS path FROM orgs WHERE id = $1`,
      [created?.id],
    );
    expect(org).toEqual({
      parent_id: tree.xiaodian.id,
      code: `E${code}`,
      path: `${tree.xiaodian.path}.${created?.id}`,
    });
    const me = await t.call<MeResponse>('GET', '/api/v1/me', token.applicant);
    expect(me.body.roles.map((r) => [r.role, r.org.id])).toEqual([['cadre', created?.id]]);
    expect(me.body.hasWorkbench).toBe(true);
    // The new cadre works in their union straight away, with the access token they already hold.
    const joins = await t.call<JoinApplicationListResponse>(
      'GET',
      `/api/v1/membership/review/applications?orgId=${created?.id}`,
      token.applicant,
    );
    expect([joins.status, joins.body.total]).toEqual([200, 0]);

    const notices: { kind: string; title: string }[] = await t.db.query(
      `SELECT kind, title FROM notices WHERE user_id = $1`,
      [userId.applicant],
    );
    expect(notices).toEqual([{ kind: 'membership.establishment.approved', title: '建会申请已批准' }]);
    const audit: { action: string }[] = await t.db.query(
      `SELECT action FROM audit_events
        WHERE (target_type = 'establishment' AND target_id = $1) OR (target_type = 'org' AND target_id = $2)
        ORDER BY id`,
      [id, created?.id],
    );
    expect(audit.map((a) => a.action)).toEqual([
      'membership.establishment.applied',
      'org.created',
      'membership.establishment.approved',
    ]);
    // An approved enterprise has its union: the credit code stays taken.
    const afterwards = await apply('applicant2', form({ creditCode: code }));
    expect([afterwards.status, afterwards.body.code]).toEqual([409, ErrorCode.CreditCodeInUse]);
  });

  it('files one application for simultaneous duplicates and approves it once', async () => {
    const body = form();
    const same = await Promise.all(Array.from({ length: 4 }, () => apply('applicant2', body)));
    expect(same.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    expect(new Set(same.map((r) => r.body.id)).size).toBe(1);

    const contested = form();
    const race = await Promise.all([
      apply('applicant', contested),
      apply('applicant2', contested),
      apply('applicant', { ...contested, enterpriseName: '另一个名字' }),
    ]);
    expect(race.filter((r) => r.status === 201)).toHaveLength(1);
    expect(race.filter((r) => r.status === 409).every((r) => r.body.code === ErrorCode.CreditCodeInUse)).toBe(
      true,
    );
    const rows: unknown[] = await t.db.query(
      `SELECT 1 FROM establishment_applications WHERE credit_code = ANY($1::text[])`,
      [[body.creditCode, contested.creditCode]],
    );
    expect(rows).toHaveLength(2);

    // Two reviewers approving at once: one union, one decision.
    const id = same[0].body.id;
    const decisions = await Promise.all([
      decide('xiaodian', id, 'approve'),
      decide('taiyuan', id, 'approve'),
    ]);
    expect(decisions.map((r) => r.status).sort()).toEqual([200, 409]);
    const unions: unknown[] = await t.db.query(`SELECT 1 FROM orgs WHERE code = $1`, [`E${body.creditCode}`]);
    expect(unions).toHaveLength(1);
  });

  it('rejects with a reason only, tells the applicant, and frees the credit code', async () => {
    const body = form();
    const applied = await apply('applicant2', body);
    const id = applied.body.id;
    const noReason = await decide('xiaodian', id, 'reject', {});
    expect([noReason.status, noReason.body.code]).toEqual([400, ErrorCode.ValidationFailed]);
    const noBody = await decide('xiaodian', id, 'reject');
    expect(noBody.status).toBe(400);
    const stillPending = await t.call<EstablishmentListResponse>(
      'GET',
      '/api/v1/establishments/mine',
      token.applicant2,
    );
    expect(stillPending.body.items.find((e) => e.id === id)?.status).toBe('pending');

    const rejected = await decide('taiyuan', id, 'reject', { reason: '职工人数不足' });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({
      status: 'rejected',
      rejectReason: '职工人数不足',
      createdOrg: null,
    });
    const retry = await decide('taiyuan', id, 'reject', { reason: '职工人数不足' });
    expect([retry.status, retry.body.status]).toEqual([200, 'rejected']);
    const approve = await decide('xiaodian', id, 'approve');
    expect([approve.status, approve.body.code]).toEqual([409, ErrorCode.EstablishmentDecided]);

    const notices: { kind: string; body: string }[] = await t.db.query(
      `SELECT kind, body FROM notices WHERE user_id = $1 AND ref_id = $2`,
      [userId.applicant2, id],
    );
    expect(notices).toHaveLength(1);
    expect(notices[0].body).toContain('职工人数不足');
    const orgs: unknown[] = await t.db.query(`SELECT 1 FROM orgs WHERE code = $1`, [`E${body.creditCode}`]);
    expect(orgs).toHaveLength(0);

    const reapplied = await apply('applicant2', body);
    expect(reapplied.status).toBe(201);
    expect(reapplied.body.id).not.toBe(id);
  });
});

import {
  type ApiErrorBody,
  ErrorCode,
  type EstablishmentResponse,
  type Role,
  type WorkbenchPendingResponse,
} from '@smartunion/contracts';

import { buildMiniTree, creditCode, insertUser, type MiniTree, uniqueTag } from './support/fixtures';
import { createTestApp, type TestApp } from './support/test-app';

describe('workbench pending counts (real PostgreSQL + Redis)', () => {
  let t: TestApp;
  let tree: MiniTree;
  let tag: string;
  const token: Record<string, string> = {};

  const pending = (who: string) =>
    t.call<WorkbenchPendingResponse & ApiErrorBody>('GET', '/api/v1/workbench/pending', token[who]);

  beforeAll(async () => {
    t = await createTestApp();
    tag = uniqueTag();
    tree = await buildMiniTree(t.db, tag);
    const users: [string, string, { role: Role; orgId: string }[]][] = [
      ['applicant', '张经理', []],
      ['xiaodian', '小店区总', [{ role: 'county_staff', orgId: tree.xiaodian.id }]],
      ['pingcheng', '平城区总', [{ role: 'county_staff', orgId: tree.pingcheng.id }]],
      ['taiyuan', '太原市总', [{ role: 'city_staff', orgId: tree.taiyuan.id }]],
      ['cadre', '基层干部', [{ role: 'cadre', orgId: tree.unionXiaodian.id }]],
    ];
    for (const [key, name, roles] of users) {
      await insertUser(t.db, `${key}-${tag}`, name, roles);
      token[key] = (await t.login(`${key}-${tag}`)).accessToken;
    }
  });
  afterAll(() => t.close());

  it('counts an application in the queues of the unions above it, and nowhere else', async () => {
    const before = await pending('xiaodian');
    expect(before.status).toBe(200);
    expect(before.body.counts.establishments).toBe(0);

    const applied = await t.call<EstablishmentResponse & ApiErrorBody>(
      'POST',
      '/api/v1/establishments',
      token.applicant,
      {
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
      },
    );
    expect(applied.status).toBe(201);

    expect((await pending('xiaodian')).body.counts.establishments).toBe(1);
    expect((await pending('taiyuan')).body.counts.establishments).toBe(1);
    // Another county of another city: not its queue.
    expect((await pending('pingcheng')).body.counts.establishments).toBe(0);
  });

  it('shows a cadre only the queues of a cadre, with every count a number', async () => {
    const res = await pending('cadre');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.counts).sort()).toEqual(['joins', 'transfers']);
    expect(res.body.counts.joins).toBe(0);

    const staff = await pending('xiaodian');
    expect(Object.keys(staff.body.counts).sort()).toEqual([
      'establishments',
      'joins',
      'patrols_due',
      'pickups',
      'transfers',
    ]);
    for (const n of Object.values(staff.body.counts)) expect(Number.isInteger(n)).toBe(true);
  });

  it('refuses a member without a workbench, and an anonymous caller', async () => {
    const member = await pending('applicant');
    expect(member.status).toBe(403);
    expect(member.body.code).toBe(ErrorCode.Forbidden);
    const anonymous = await t.call<ApiErrorBody>('GET', '/api/v1/workbench/pending');
    expect(anonymous.status).toBe(401);
  });
});

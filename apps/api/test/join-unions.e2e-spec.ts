import {
  type ApiErrorBody,
  ErrorCode,
  type FieldError,
  JOIN_UNION_MAX_PAGE_SIZE,
  type JoinCodeInfoResponse,
  type JoinCodeResponse,
  type JoinUnionListResponse,
} from '@smartunion/contracts';

import {
  buildMiniTree,
  type FixtureOrg,
  insertOrg,
  insertUser,
  type MiniTree,
  uniqueTag,
} from './support/fixtures';
import { createTestApp, type TestApp } from './support/test-app';

describe('membership: 找工会入会, the union finder for a worker without a QR code (real PostgreSQL + Redis)', () => {
  let t: TestApp;
  let tag: string;
  let tree: MiniTree;
  let staff: string;
  let worker: string;
  /** Grassroots unions of this run, by what the tests expect of them. */
  const union: Record<'exact' | 'prefix' | 'revoked' | 'noCode', FixtureOrg & { name: string }> = {} as never;

  const search = (q: string, query = '', token: string | undefined = worker) =>
    t.call<JoinUnionListResponse>(
      'GET',
      `/api/v1/membership/join-unions?q=${encodeURIComponent(q)}${query}`,
      token,
    );

  async function issueCode(orgId: string): Promise<JoinCodeResponse> {
    const res = await t.call<JoinCodeResponse>('POST', '/api/v1/membership/join-codes', staff, {
      orgId,
      label: '站点门口',
    });
    expect(res.status).toBe(201);
    return res.body;
  }

  beforeAll(async () => {
    t = await createTestApp();
    tag = uniqueTag();
    tree = await buildMiniTree(t.db, tag);
    const grassroots = async (key: string, name: string, parent: FixtureOrg) => ({
      ...(await insertOrg(t.db, {
        code: `T${tag}-${key}`,
        name,
        type: 'grassroots',
        areaCode: parent === tree.xiaodian ? '140105' : '140106',
        parentId: parent.id,
      })),
      name,
    });
    // The mini tree's 小店区骑手工会<tag> contains the query below; these equal it, start with it, or are closed.
    union.exact = await grassroots('EX', `骑手工会${tag}`, tree.yingze);
    union.prefix = await grassroots('PR', `骑手工会${tag}坞城站`, tree.xiaodian);
    union.revoked = await grassroots('RV', `迎泽区骑手工会${tag}（停用）`, tree.yingze);
    union.noCode = await grassroots('NC', `迎泽区骑手工会${tag}（未开通）`, tree.yingze);

    const staffKey = `join-unions-staff-${tag}`;
    await insertUser(t.db, staffKey, '区工会干部', [
      { role: 'county_staff', orgId: tree.xiaodian.id },
      { role: 'county_staff', orgId: tree.yingze.id },
    ]);
    staff = (await t.login(staffKey)).accessToken;
    const workerKey = `join-unions-worker-${tag}`;
    await insertUser(t.db, workerKey, '骑手');
    worker = (await t.login(workerKey)).accessToken;

    for (const org of [tree.unionXiaodian, union.exact, union.prefix]) await issueCode(org.id);
    // A second code of the same union must not list it twice.
    await issueCode(union.exact.id);
    const closed = await issueCode(union.revoked.id);
    const revoked = await t.call('POST', `/api/v1/membership/join-codes/${closed.id}/revoke`, staff);
    expect(revoked.status).toBe(200);
  });
  afterAll(() => t.close());

  it('finds unions by a part of the name, exact and prefix matches first, each with its path and a code', async () => {
    const res = await search(`骑手工会${tag}`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((i) => i.org.id)).toEqual([
      union.exact.id,
      union.prefix.id,
      tree.unionXiaodian.id,
    ]);
    expect(res.body).toMatchObject({ total: 3, page: 1, pageSize: JOIN_UNION_MAX_PAGE_SIZE });

    const [first] = res.body.items;
    expect(first.org).toMatchObject({ name: `骑手工会${tag}`, type: 'grassroots', areaCode: '140106' });
    expect(first.orgPath).toEqual([
      `测试省总工会${tag}`,
      `太原市总工会${tag}`,
      `迎泽区总工会${tag}`,
      first.org.name,
    ]);

    // The code applies to that union: the join page resolves it to the same org.
    const info = await t.call<JoinCodeInfoResponse>(
      'GET',
      `/api/v1/membership/join-codes/resolve?code=${encodeURIComponent(first.joinCode)}`,
    );
    expect([info.status, info.body.org.id]).toEqual([200, union.exact.id]);
  });

  it('finds the unions of a place by the name of a union above them', async () => {
    const res = await search(`小店区总工会${tag}`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((i) => i.org.id).sort()).toEqual(
      [union.prefix.id, tree.unionXiaodian.id].sort(),
    );
  });

  it('leaves out a union whose only code is revoked, and one that never issued a code', async () => {
    for (const org of [union.revoked, union.noCode]) {
      const res = await search(org.name);
      expect([res.status, res.body.total, res.body.items]).toEqual([200, 0, []]);
    }
  });

  it('pages, and caps the page size', async () => {
    const second = await search(`骑手工会${tag}`, '&page=2&pageSize=2');
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    expect(second.body.items.map((i) => i.org.id)).toEqual([tree.unionXiaodian.id]);

    const tooBig = await t.call<ApiErrorBody>(
      'GET',
      `/api/v1/membership/join-unions?q=${encodeURIComponent(`骑手工会${tag}`)}&pageSize=${JOIN_UNION_MAX_PAGE_SIZE + 1}`,
      worker,
    );
    expect([tooBig.status, tooBig.body.code]).toEqual([400, ErrorCode.ValidationFailed]);
  });

  it('takes LIKE wildcards in the query literally', async () => {
    const res = await search('%_');
    expect([res.status, res.body.total]).toEqual([200, 0]);
  });

  it('refuses a query shorter than 2 characters, spaces not counting, naming the field', async () => {
    for (const q of ['店', ' 店 ', '']) {
      const res = await t.call<ApiErrorBody>(
        'GET',
        `/api/v1/membership/join-unions?q=${encodeURIComponent(q)}`,
        worker,
      );
      expect([res.status, res.body.code]).toEqual([400, ErrorCode.ValidationFailed]);
      expect((res.body.details as FieldError[]).map((d) => d.field)).toEqual(['q']);
    }
    const missing = await t.call<ApiErrorBody>('GET', '/api/v1/membership/join-unions', worker);
    expect([missing.status, missing.body.code]).toEqual([400, ErrorCode.ValidationFailed]);
  });

  it('refuses an anonymous caller', async () => {
    const res = await t.call<ApiErrorBody>(
      'GET',
      `/api/v1/membership/join-unions?q=${encodeURIComponent(`骑手工会${tag}`)}`,
    );
    expect([res.status, res.body.code]).toEqual([401, ErrorCode.Unauthenticated]);
  });
});

import {
  type ApiErrorBody,
  ErrorCode,
  type OrgDetailResponse,
  type OrgImportResponse,
  type OrgListResponse,
  type OrgResponse,
  type Role,
  type RowError,
} from '@smartunion/contracts';

import { buildMiniTree, insertOrg, insertUser, type MiniTree, uniqueTag } from './support/fixtures';
import { createTestApp, type TestApp } from './support/test-app';

describe('orgs: the union tree within scope', () => {
  let t: TestApp;
  let tree: MiniTree;
  let tag: string;
  const token: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    tag = uniqueTag();
    tree = await buildMiniTree(t.db, tag);
    const users: [string, string, { role: Role; orgId: string }[]][] = [
      ['province', '省总', [{ role: 'province_staff', orgId: tree.province.id }]],
      ['taiyuan', '太原市总', [{ role: 'city_staff', orgId: tree.taiyuan.id }]],
      ['xiaodian', '小店区总', [{ role: 'county_staff', orgId: tree.xiaodian.id }]],
      ['pingcheng', '平城区总', [{ role: 'county_staff', orgId: tree.pingcheng.id }]],
      ['cadre', '小店骑手工会干部', [{ role: 'cadre', orgId: tree.unionXiaodian.id }]],
      ['member', '会员', [{ role: 'member', orgId: tree.unionXiaodian.id }]],
    ];
    for (const [key, name, roles] of users) {
      await insertUser(t.db, `${key}-${tag}`, name, roles);
      token[key] = (await t.login(`${key}-${tag}`)).accessToken;
    }
  });
  afterAll(() => t.close());

  describe('scope', () => {
    it('refuses a county officer another county’s org, and a cadre anything beyond their union', async () => {
      const other = await t.call<ApiErrorBody>('GET', `/api/v1/orgs/${tree.pingcheng.id}`, token.xiaodian);
      expect([other.status, other.body.code]).toEqual([403, ErrorCode.OutOfScope]);
      const otherUnion = await t.call<ApiErrorBody>(
        'GET',
        `/api/v1/orgs/${tree.unionPingcheng.id}`,
        token.xiaodian,
      );
      expect(otherUnion.status).toBe(403);
      const up = await t.call<ApiErrorBody>('GET', `/api/v1/orgs/${tree.taiyuan.id}`, token.xiaodian);
      expect(up.status).toBe(403);
      const cadreUp = await t.call<ApiErrorBody>('GET', `/api/v1/orgs/${tree.xiaodian.id}`, token.cadre);
      expect(cadreUp.status).toBe(403);
      await expect(
        t.call('GET', `/api/v1/orgs/${tree.unionXiaodian.id}`, token.cadre),
      ).resolves.toMatchObject({ status: 200 });
    });

    it('refuses a plain member any org endpoint', async () => {
      const res = await t.call<ApiErrorBody>('GET', `/api/v1/orgs/${tree.unionXiaodian.id}`, token.member);
      expect([res.status, res.body.code]).toEqual([403, ErrorCode.Forbidden]);
    });

    it('lets province staff see everything, with ancestors for breadcrumbs', async () => {
      const res = await t.call<OrgDetailResponse>(
        'GET',
        `/api/v1/orgs/${tree.unionPingcheng.id}`,
        token.province,
      );
      expect(res.status).toBe(200);
      expect(res.body.ancestors.map((a) => a.id)).toEqual([
        tree.province.id,
        tree.datong.id,
        tree.pingcheng.id,
      ]);
      expect(res.body.path).toBe(tree.unionPingcheng.path);
    });

    it('lists the roots of the caller’s scope, children, and searches only inside the scope', async () => {
      const roots = await t.call<OrgListResponse>('GET', '/api/v1/orgs', token.xiaodian);
      expect(roots.body.items.map((o) => o.id)).toEqual([tree.xiaodian.id]);
      expect(roots.body.items[0].childCount).toBeGreaterThanOrEqual(1);

      const children = await t.call<OrgListResponse>(
        'GET',
        `/api/v1/orgs?parentId=${tree.taiyuan.id}`,
        token.taiyuan,
      );
      expect(children.body.items.map((o) => o.name).sort()).toEqual(
        [`小店区总工会${tag}`, `迎泽区总工会${tag}`].sort(),
      );

      const search = await t.call<OrgListResponse>(
        'GET',
        `/api/v1/orgs?q=${encodeURIComponent('工会' + tag)}&type=grassroots`,
        token.taiyuan,
      );
      expect(search.body.items.map((o) => o.id)).toEqual([tree.unionXiaodian.id]);
      const everywhere = await t.call<OrgListResponse>(
        'GET',
        `/api/v1/orgs?q=${tag}&type=grassroots`,
        token.province,
      );
      expect(everywhere.body.total).toBe(2);

      const foreignChildren = await t.call<ApiErrorBody>(
        'GET',
        `/api/v1/orgs?parentId=${tree.datong.id}`,
        token.taiyuan,
      );
      expect(foreignChildren.status).toBe(403);
    });

    it('a revoked role stops working at once, even with a still-valid token', async () => {
      await insertUser(t.db, `revoked-${tag}`, '调离人员', [{ role: 'county_staff', orgId: tree.yingze.id }]);
      const { accessToken } = await t.login(`revoked-${tag}`);
      await expect(t.call('GET', `/api/v1/orgs/${tree.yingze.id}`, accessToken)).resolves.toMatchObject({
        status: 200,
      });
      await t.db.query(
        `DELETE FROM role_bindings WHERE user_id = (SELECT id FROM users WHERE demo_key = $1)`,
        [`revoked-${tag}`],
      );
      await expect(t.call('GET', `/api/v1/orgs/${tree.yingze.id}`, accessToken)).resolves.toMatchObject({
        status: 403,
      });
    });
  });

  describe('create, update, delete', () => {
    it('creates a grassroots union under a county in scope and audits it', async () => {
      const res = await t.call<OrgResponse>('POST', '/api/v1/orgs', token.xiaodian, {
        code: `T${tag}-XD-G2`,
        name: '小店区家政服务工会',
        type: 'grassroots',
        areaCode: '140105',
        parentId: tree.xiaodian.id,
      });
      expect(res.status).toBe(201);
      expect(res.body.path).toBe(`${tree.xiaodian.path}.${res.body.id}`);
      const audit: { action: string; actor_user_id: string; request_id: string }[] = await t.db.query(
        `SELECT action, actor_user_id, request_id FROM audit_events WHERE target_type = 'org' AND target_id = $1`,
        [res.body.id],
      );
      expect(audit.map((a) => a.action)).toEqual(['org.created']);
      // The entry names the request, so a log line and an audit row can be joined.
      expect(audit[0].request_id).toBe(res.headers['x-request-id']);
    });

    it('refuses creating outside the scope, at the wrong level, in the wrong area, or with a taken code', async () => {
      const base = { name: '新工会', type: 'grassroots', areaCode: '140213', parentId: tree.pingcheng.id };
      const outside = await t.call<ApiErrorBody>('POST', '/api/v1/orgs', token.xiaodian, {
        ...base,
        code: `T${tag}-X1`,
      });
      expect([outside.status, outside.body.code]).toEqual([403, ErrorCode.OutOfScope]);

      const level = await t.call<ApiErrorBody>('POST', '/api/v1/orgs', token.taiyuan, {
        code: `T${tag}-X2`,
        name: '错层级',
        type: 'city',
        areaCode: '140100',
        parentId: tree.xiaodian.id,
      });
      expect([level.status, level.body.code]).toEqual([422, ErrorCode.OrgInvalidParent]);

      const area = await t.call<ApiErrorBody>('POST', '/api/v1/orgs', token.taiyuan, {
        code: `T${tag}-X3`,
        name: '错区域',
        type: 'grassroots',
        areaCode: '140106',
        parentId: tree.xiaodian.id,
      });
      expect([area.status, area.body.code]).toEqual([422, ErrorCode.OrgAreaCodeMismatch]);

      const taken = await t.call<ApiErrorBody>('POST', '/api/v1/orgs', token.taiyuan, {
        code: tree.unionXiaodian.code,
        name: '重号',
        type: 'grassroots',
        areaCode: '140105',
        parentId: tree.xiaodian.id,
      });
      expect([taken.status, taken.body.code]).toEqual([409, ErrorCode.OrgCodeTaken]);

      const missing = await t.call<ApiErrorBody>('POST', '/api/v1/orgs', token.province, {
        code: `T${tag}-X4`,
        name: '无父',
        type: 'grassroots',
        areaCode: '140105',
        parentId: '999999999999',
      });
      expect([missing.status, missing.body.code]).toEqual([404, ErrorCode.OrgNotFound]);

      const cadre = await t.call<ApiErrorBody>('POST', '/api/v1/orgs', token.cadre, {
        code: `T${tag}-X5`,
        name: '干部建的',
        type: 'grassroots',
        areaCode: '140105',
        parentId: tree.xiaodian.id,
      });
      expect([cadre.status, cadre.body.code]).toEqual([403, ErrorCode.Forbidden]);
    });

    it('renames, refuses an area code that strands children, and deletes only childless orgs', async () => {
      const renamed = await t.call<OrgResponse>(
        'PATCH',
        `/api/v1/orgs/${tree.unionXiaodian.id}`,
        token.xiaodian,
        { name: '小店区外卖骑手工会' },
      );
      expect([renamed.status, renamed.body.name]).toEqual([200, '小店区外卖骑手工会']);

      const strand = await t.call<ApiErrorBody>('PATCH', `/api/v1/orgs/${tree.xiaodian.id}`, token.taiyuan, {
        areaCode: '140106',
      });
      expect([strand.status, strand.body.code]).toEqual([422, ErrorCode.OrgAreaCodeMismatch]);

      const withChildren = await t.call<ApiErrorBody>(
        'DELETE',
        `/api/v1/orgs/${tree.xiaodian.id}`,
        token.taiyuan,
      );
      expect([withChildren.status, withChildren.body.code]).toEqual([409, ErrorCode.OrgHasChildren]);

      const inUse = await t.call<ApiErrorBody>(
        'DELETE',
        `/api/v1/orgs/${tree.unionXiaodian.id}`,
        token.xiaodian,
      );
      expect([inUse.status, inUse.body.code]).toEqual([409, ErrorCode.OrgInUse]);

      const leaf = await insertOrg(t.db, {
        code: `T${tag}-YZ-G9`,
        name: '待撤销工会',
        type: 'grassroots',
        areaCode: '140106',
        parentId: tree.yingze.id,
      });
      await expect(t.call('DELETE', `/api/v1/orgs/${leaf.id}`, token.taiyuan)).resolves.toMatchObject({
        status: 204,
      });
      await expect(t.call('GET', `/api/v1/orgs/${leaf.id}`, token.taiyuan)).resolves.toMatchObject({
        status: 404,
      });
    });
  });

  describe('moving a subtree', () => {
    it('rewrites every path of the moved subtree and nothing else', async () => {
      // A street federation with two unions under 迎泽, moved to 小店 with a new area code.
      const street = await insertOrg(t.db, {
        code: `T${tag}-YZ-S1`,
        name: '迎泽街道总工会',
        type: 'street',
        areaCode: '140106',
        parentId: tree.yingze.id,
      });
      const u1 = await insertOrg(t.db, {
        code: `T${tag}-YZ-S1-G1`,
        name: '街道环卫工会',
        type: 'grassroots',
        areaCode: '140106',
        parentId: street.id,
      });
      await insertOrg(t.db, {
        code: `T${tag}-YZ-S1-G2`,
        name: '街道家政工会',
        type: 'grassroots',
        areaCode: '140106',
        parentId: street.id,
      });
      const before: { id: string; path: string }[] = await t.db.query(
        `SELECT id, path::text AS path FROM orgs WHERE NOT (path <@ $1::ltree) AND path <@ $2::ltree ORDER BY id`,
        [street.path, tree.province.path],
      );

      const noArea = await t.call<ApiErrorBody>('POST', `/api/v1/orgs/${street.id}/move`, token.taiyuan, {
        newParentId: tree.xiaodian.id,
      });
      expect([noArea.status, noArea.body.code]).toEqual([422, ErrorCode.OrgAreaCodeMismatch]);

      const moved = await t.call<OrgResponse>('POST', `/api/v1/orgs/${street.id}/move`, token.taiyuan, {
        newParentId: tree.xiaodian.id,
        areaCode: '140105',
      });
      expect(moved.status).toBe(200);
      expect(moved.body.path).toBe(`${tree.xiaodian.path}.${street.id}`);

      // Every path equals the chain of parent ids, recomputed independently with a recursive query.
      const wrong: { id: string }[] = await t.db.query(`
        WITH RECURSIVE chain AS (
          SELECT id, id::text AS expected FROM orgs WHERE parent_id IS NULL
          UNION ALL
          SELECT o.id, chain.expected || '.' || o.id FROM orgs o JOIN chain ON o.parent_id = chain.id)
        SELECT o.id FROM orgs o JOIN chain USING (id) WHERE o.path::text <> chain.expected`);
      expect(wrong).toEqual([]);

      const sub: { path: string; area_code: string }[] = await t.db.query(
        `SELECT path::text AS path, area_code FROM orgs WHERE path <@ $1::ltree ORDER BY id`,
        [moved.body.path],
      );
      expect(sub).toHaveLength(3);
      expect(sub.every((r) => r.path.startsWith(`${tree.xiaodian.path}.`) && r.area_code === '140105')).toBe(
        true,
      );
      const u1Now = await t.call<OrgDetailResponse>('GET', `/api/v1/orgs/${u1.id}`, token.xiaodian);
      expect(u1Now.body.ancestors.map((a) => a.id)).toEqual([
        tree.province.id,
        tree.taiyuan.id,
        tree.xiaodian.id,
        street.id,
      ]);

      const after: { id: string; path: string }[] = await t.db.query(
        `SELECT id, path::text AS path FROM orgs WHERE NOT (path <@ $1::ltree) AND path <@ $2::ltree ORDER BY id`,
        [moved.body.path, tree.province.path],
      );
      expect(after).toEqual(before);
    });

    it('refuses moving into its own subtree, moving the root, and moves across scopes', async () => {
      const intoSelf = await t.call<ApiErrorBody>(
        'POST',
        `/api/v1/orgs/${tree.taiyuan.id}/move`,
        token.province,
        { newParentId: tree.xiaodian.id },
      );
      expect([intoSelf.status, intoSelf.body.code]).toEqual([422, ErrorCode.OrgMoveIntoSubtree]);
      const root = await t.call<ApiErrorBody>(
        'POST',
        `/api/v1/orgs/${tree.province.id}/move`,
        token.province,
        { newParentId: tree.taiyuan.id },
      );
      expect(root.status).toBe(422);
      const across = await t.call<ApiErrorBody>(
        'POST',
        `/api/v1/orgs/${tree.unionXiaodian.id}/move`,
        token.xiaodian,
        {
          newParentId: tree.pingcheng.id,
          areaCode: '140213',
        },
      );
      expect([across.status, across.body.code]).toEqual([403, ErrorCode.OutOfScope]);
    });

    it('keeps paths right even when written around the service (the trigger owns paths)', async () => {
      await expect(
        t.db.query(`UPDATE orgs SET path = '1.2.3' WHERE id = $1`, [tree.yingze.id]),
      ).rejects.toThrow(/maintained by triggers/);
    });
  });

  describe('CSV import', () => {
    const csv = (rows: string[]): string => ['code,name,type,area_code,parent_code', ...rows].join('\n');
    const post = (body: string, who = token.taiyuan): ReturnType<TestApp['inject']> =>
      t.inject({
        method: 'POST',
        url: '/api/v1/orgs/import',
        headers: { authorization: `Bearer ${who}`, 'content-type': 'text/csv' },
        payload: body,
      });

    it('imports a tree in any row order, and a re-import adds nothing', async () => {
      const file = csv([
        `T${tag}-I-G1,迎泽区顺丰网点工会,grassroots,140106,T${tag}-I-S1`,
        `T${tag}-I-S1,迎泽区快递行业工会联合会,street,140106,${tree.yingze.code}`,
        `T${tag}-I-G2,迎泽区中通网点工会,grassroots,140106,T${tag}-I-S1`,
      ]);
      const first = await post(file);
      expect(first.statusCode).toBe(200);
      expect(first.json<OrgImportResponse>()).toEqual({ created: 3, unchanged: 0 });
      const again = await post(file);
      expect(again.json<OrgImportResponse>()).toEqual({ created: 0, unchanged: 3 });
      const kids = await t.call<OrgListResponse>('GET', `/api/v1/orgs?q=T${tag}-I-S1`, token.taiyuan);
      expect(kids.body.items[0].childCount).toBe(2);
    });

    it('reports every bad line and imports none of the good ones', async () => {
      const res = await post(
        csv([
          `T${tag}-J-G1,好的一行工会,grassroots,140106,${tree.yingze.code}`,
          `T${tag}-J-G2,区域不对,grassroots,140213,${tree.yingze.code}`,
          `T${tag}-J-G3,越权,grassroots,140213,${tree.pingcheng.code}`,
          `bad code!,坏代码,grassroots,140106,${tree.yingze.code}`,
          `T${tag}-J-G5,只有四列,grassroots,140106`,
        ]),
      );
      expect(res.statusCode).toBe(422);
      const body = res.json<ApiErrorBody>();
      expect(body.code).toBe(ErrorCode.OrgImportInvalid);
      const errors = (body.details as { errors: RowError[] }).errors;
      expect(errors.map((e) => e.line)).toEqual([6]);
      // Column-count problems stop parsing first; fix them and the rest are reported together.
      const second = await post(
        csv([
          `T${tag}-J-G1,好的一行工会,grassroots,140106,${tree.yingze.code}`,
          `T${tag}-J-G2,区域不对,grassroots,140213,${tree.yingze.code}`,
          `T${tag}-J-G3,越权,grassroots,140213,${tree.pingcheng.code}`,
          `bad code!,坏代码,grassroots,140106,${tree.yingze.code}`,
        ]),
      );
      const lines = (second.json<ApiErrorBody>().details as { errors: RowError[] }).errors.map((e) => [
        e.line,
        e.field,
      ]);
      expect(lines).toEqual([
        [3, 'area_code'],
        [4, 'parent_code'],
        [5, 'code'],
      ]);
      const good: unknown[] = await t.db.query(`SELECT 1 FROM orgs WHERE code = $1`, [`T${tag}-J-G1`]);
      expect(good).toEqual([]);
    });

    it('refuses a wrong header, an empty file, JSON instead of CSV, and callers without the permission', async () => {
      const header = await post('id,name\n1,x');
      expect(header.statusCode).toBe(422);
      expect((header.json<ApiErrorBody>().details as { errors: RowError[] }).errors[0]).toMatchObject({
        line: 1,
      });
      expect((await post('code,name,type,area_code,parent_code\n')).statusCode).toBe(422);
      const json = await t.call<ApiErrorBody>('POST', '/api/v1/orgs/import', token.taiyuan, { rows: [] });
      expect([json.status, json.body.code]).toEqual([415, ErrorCode.UnsupportedMediaType]);
      expect((await post(csv([]), token.cadre)).statusCode).toBe(403);
    });
  });

  describe('Bull Board', () => {
    it('is for province staff only', async () => {
      expect((await t.inject({ method: 'GET', url: '/admin/queues' })).statusCode).toBe(401);
      const member = await t.inject({
        method: 'GET',
        url: '/admin/queues',
        headers: { authorization: `Bearer ${token.xiaodian}` },
      });
      expect(member.statusCode).toBe(403);
      const staff = await t.inject({
        method: 'GET',
        url: '/admin/queues',
        headers: { authorization: `Bearer ${token.province}` },
      });
      expect(staff.statusCode).toBe(200);
      expect(staff.body).toContain('<html');
    });

    it('opens in a browser through the admin cookie', async () => {
      const session = await t.inject({
        method: 'POST',
        url: '/api/v1/admin/session',
        headers: { authorization: `Bearer ${token.province}` },
      });
      expect(session.statusCode).toBe(204);
      const cookie = String(session.headers['set-cookie']).split(';')[0];
      expect(cookie).toMatch(/^su_admin=/);
      const api = await t.inject({ method: 'GET', url: '/admin/queues/api/queues', headers: { cookie } });
      expect(api.statusCode).toBe(200);
      expect(JSON.stringify(api.json())).toContain('maintenance');
      const denied = await t.inject({
        method: 'POST',
        url: '/api/v1/admin/session',
        headers: { authorization: `Bearer ${token.taiyuan}` },
      });
      expect(denied.statusCode).toBe(403);
    });
  });
});

import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import {
  type ApiErrorBody,
  type DownloadTicketResponse,
  ErrorCode,
  ID_NUMBER_PROBLEM_LABELS,
  idNumberCheckChar,
  type Role,
  ROSTER_COLUMN_LABELS,
  ROSTER_COLUMNS,
  type RosterColumn,
  type RosterImportListResponse,
  type RosterImportResponse,
} from '@smartunion/contracts';
import { Workbook } from 'exceljs';

import { PersonDataSealer } from '../src/modules/membership/person-data';
import { RosterImportService } from '../src/modules/membership/roster-import.service';
import { DownloadTickets } from '../src/platform/auth/download-tickets';
import { QueueRegistry } from '../src/platform/queues/queues.module';
import { WorkerModule } from '../src/worker.module';
import {
  buildMiniTree,
  type FixtureOrg,
  insertOrg,
  insertUser,
  type MiniTree,
  uniqueTag,
} from './support/fixtures';
import { readXlsxRows } from './support/roster-files';
import { createTestApp, type TestApp, testConfig } from './support/test-app';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

type Person = Record<RosterColumn, string>;

let serial = 0;
/**
 * A valid ID number unique within this file. Area 659001 is used by no other test file, so people created
 * here never collide with members other files create in the shared test database.
 */
function idNumber(): string {
  serial += 1;
  const birth = new Date(Date.UTC(1975, 0, 1) + Math.floor(serial / 1000) * 86_400_000);
  const first17 = `659001${birth.toISOString().slice(0, 10).replace(/-/g, '')}${String(serial % 1000).padStart(3, '0')}`;
  return `${first17}${idNumberCheckChar(first17)}`;
}

const person = (overrides: Partial<Person> = {}): Person => ({
  name: `骑手${serial + 1}号`,
  id_number: idNumber(),
  mobile: `139${String(10_000_000 + serial).slice(-8)}`,
  employer: '美团外卖小店站',
  occupation: 'delivery_rider',
  new_employment_form: '是',
  union_code: '',
  ...overrides,
});

/** A CSV as Excel saves it: UTF-8 with BOM, CRLF. `columns` defaults to the roster columns without union_code. */
function csv(
  people: (Person | null)[],
  columns: readonly RosterColumn[] = ROSTER_COLUMNS.slice(0, 6),
): string {
  const lines = [columns.join(','), ...people.map((p) => (p ? columns.map((c) => p[c]).join(',') : ''))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** Data lines of a CSV download, BOM and header removed, split into cells (our data has no commas or quotes). */
function csvRows(body: string): string[][] {
  expect(body.startsWith('\uFEFF')).toBe(true);
  return body
    .slice(1)
    .split(/\r?\n/)
    .filter((l) => l !== '')
    .slice(1)
    .map((l) => l.split(','));
}

describe('rosters: import and export (real PostgreSQL + Redis)', () => {
  let t: TestApp;
  let tree: MiniTree;
  let tag: string;
  let imports: RosterImportService;
  let sealer: PersonDataSealer;
  let unionYingze: FixtureOrg;
  const token: Record<string, string> = {};
  const userId: Record<string, string> = {};
  const loaded: Person[] = [];

  const upload = async (
    who: string,
    orgId: string,
    payload: string | Buffer,
    contentType = 'text/csv',
    fileName = '名册.csv',
  ): Promise<{ status: number; body: RosterImportResponse & ApiErrorBody }> => {
    const res = await t.inject({
      method: 'POST',
      url: `/api/v1/membership/imports?orgId=${orgId}&fileName=${encodeURIComponent(fileName)}`,
      headers: { authorization: `Bearer ${token[who]}`, 'content-type': contentType },
      payload,
    });
    return { status: res.statusCode, body: res.json() };
  };

  const get = async (id: string, who = 'province'): Promise<RosterImportResponse> => {
    const res = await t.call<RosterImportResponse>('GET', `/api/v1/membership/imports/${id}`, token[who]);
    expect(res.status).toBe(200);
    return res.body;
  };

  /** Runs the import's job in this process (no worker is listening on this file's queue prefix). */
  const importNow = async (
    who: string,
    orgId: string,
    payload: string | Buffer,
    contentType?: string,
  ): Promise<RosterImportResponse> => {
    const created = await upload(who, orgId, payload, contentType);
    expect(created.status).toBe(202);
    await imports.run(created.body.id);
    return get(created.body.id);
  };

  const errorReport = async (id: string, who = 'province'): Promise<{ status: number; body: string }> => {
    const res = await t.inject({
      method: 'GET',
      url: `/api/v1/membership/imports/${id}/errors.csv`,
      headers: { authorization: `Bearer ${token[who]}` },
    });
    return { status: res.statusCode, body: res.body };
  };

  const count = async (sql: string, params: unknown[]): Promise<number> => {
    const [{ n }]: { n: string }[] = await t.db.query(`SELECT count(*) AS n FROM (${sql}) q`, params);
    return Number(n);
  };

  const memberOf = async (
    id: string,
  ): Promise<{ org_id: string; name: string; import_id: string | null } | null> => {
    const rows: { org_id: string; name: string; import_id: string | null }[] = await t.db.query(
      `SELECT org_id, name, import_id FROM members WHERE id_hash = $1`,
      [sealer.hashOf(id)],
    );
    return rows[0] ?? null;
  };

  const exportCsv = (
    who: string,
    query = '',
  ): Promise<{ status: number; body: string; headers: Record<string, unknown> }> =>
    t
      .inject({
        method: 'GET',
        url: `/api/v1/membership/exports/members${query}`,
        headers: { authorization: `Bearer ${token[who]}` },
      })
      .then((r) => ({ status: r.statusCode, body: r.body, headers: r.headers }));

  beforeAll(async () => {
    tag = uniqueTag();
    // Our own queue prefix: a worker another test file starts must not pick up (and race) these imports.
    const { redis } = testConfig();
    t = await createTestApp({ redis: { url: redis.url, prefix: `${redis.prefix}-rosters-${tag}` } });
    imports = t.app.get(RosterImportService);
    sealer = t.app.get(PersonDataSealer);
    tree = await buildMiniTree(t.db, tag);
    unionYingze = await insertOrg(t.db, {
      code: `T${tag}-YZ-G1`,
      name: `迎泽区外卖工会${tag}`,
      type: 'grassroots',
      areaCode: '140106',
      parentId: tree.yingze.id,
    });
    const users: [string, Role, string][] = [
      ['province', 'province_staff', tree.province.id],
      ['xiaodian', 'county_staff', tree.xiaodian.id],
      ['pingcheng', 'county_staff', tree.pingcheng.id],
      ['cadre', 'cadre', tree.unionXiaodian.id],
      ['member', 'member', tree.unionXiaodian.id],
    ];
    for (const [key, role, orgId] of users) {
      userId[key] = await insertUser(t.db, `roster-${key}-${tag}`, `名册${key}`, [{ role, orgId }]);
      token[key] = (await t.login(`roster-${key}-${tag}`)).accessToken;
    }
  });
  afterAll(async () => {
    // Global teardown clears the run's own prefix only; this file's queues live under their own.
    await Promise.all(
      t.app
        .get(QueueRegistry)
        .all()
        .map((q) => q.obliterate({ force: true })),
    );
    await t.close();
  });

  describe('import', () => {
    it('loads good rows, reports bad rows by line, field and reason, and loads nothing of them', async () => {
      const good = [person(), person({ occupation: '快递员', new_employment_form: 'false' }), person()];
      const badFields = person({ mobile: '12345', occupation: 'astronaut' });
      const duplicate = person({ id_number: good[0].id_number, name: '重复的人' });
      const badId = person({
        id_number: `${good[2].id_number.slice(0, 17)}${good[2].id_number[17] === '1' ? '2' : '1'}`,
      });
      //            line 2   3        4 (blank) 5         6          7       8
      const file = csv([good[0], badFields, null, good[1], duplicate, badId, good[2]]);

      const created = await upload('cadre', tree.unionXiaodian.id, file);
      expect(created.status).toBe(202);
      expect(created.body).toMatchObject({
        status: 'queued',
        format: 'csv',
        fileName: '名册.csv',
        org: { id: tree.unionXiaodian.id },
        processedRows: 0,
      });

      await imports.run(created.body.id);
      const done = await get(created.body.id, 'cadre');
      expect(done).toMatchObject({
        status: 'completed',
        processedRows: 6,
        insertedRows: 3,
        unchangedRows: 0,
        errorRows: 3,
        failure: null,
      });
      expect(done.finishedAt).not.toBeNull();

      const report = await errorReport(created.body.id, 'cadre');
      expect(report.status).toBe(200);
      expect(report.body.startsWith('\uFEFF行号,列,原因')).toBe(true);
      const errors = csvRows(report.body).map(([line, field]) => `${line}:${field}`);
      expect(errors).toEqual(['3:手机号', '3:职业', '6:身份证号', '7:身份证号']);
      expect(report.body).toContain('与第2行的身份证号重复');
      expect(report.body).toContain(ID_NUMBER_PROBLEM_LABELS.checksum);
      // Every reason is Chinese: no parser code or English word leaks into the report.
      expect(csvRows(report.body).every(([, , reason]) => !/[A-Za-z_]{3,}/.test(reason))).toBe(true);

      // Good rows are members of the union, unverified, with an 'imported' event each.
      for (const p of good) {
        await expect(memberOf(p.id_number)).resolves.toMatchObject({
          org_id: tree.unionXiaodian.id,
          name: p.name,
          import_id: created.body.id,
        });
      }
      await expect(
        count(
          `SELECT 1 FROM member_events e JOIN members m ON m.id = e.member_id
            WHERE m.import_id = $1 AND e.kind = 'imported' AND e.actor_user_id = $2`,
          [created.body.id, userId.cadre],
        ),
      ).resolves.toBe(3);
      // Rejected rows left nothing behind.
      await expect(memberOf(badFields.id_number)).resolves.toBeNull();
      await expect(memberOf(badId.id_number)).resolves.toBeNull();
      await expect(memberOf(good[0].id_number)).resolves.toMatchObject({ name: good[0].name });
      // The stored file is gone once the import is done; the report stays.
      await expect(
        count(`SELECT 1 FROM roster_imports WHERE id = $1 AND upload_id IS NULL`, [created.body.id]),
      ).resolves.toBe(1);
      loaded.push(...good);
    });

    it('re-importing the same file adds nothing', async () => {
      const before = await count(`SELECT 1 FROM members WHERE org_id = $1`, [tree.unionXiaodian.id]);
      const file = csv(loaded);
      const again = await importNow('cadre', tree.unionXiaodian.id, file);
      expect(again).toMatchObject({ status: 'completed', insertedRows: 0, unchangedRows: 3, errorRows: 0 });
      await expect(count(`SELECT 1 FROM members WHERE org_id = $1`, [tree.unionXiaodian.id])).resolves.toBe(
        before,
      );
      // Running the finished job once more changes nothing either.
      await expect(imports.run(again.id)).resolves.toMatchObject({ status: 'completed', insertedRows: 0 });
    });

    it('reads a CSV that Excel on Chinese Windows saved in GBK', async () => {
      const p = person();
      const gbk = (hex: string): Buffer => Buffer.from(hex.replace(/ /g, ''), 'hex');
      const file = Buffer.concat([
        Buffer.from(`${ROSTER_COLUMNS.slice(0, 6).join(',')}\r\n`),
        gbk('d5c5 c8fd'), // 张三
        Buffer.from(`,${p.id_number},${p.mobile},`),
        gbk('c3c0 cdc5'), // 美团
        Buffer.from(',courier,'),
        gbk('cac7'), // 是
        Buffer.from('\r\n'),
      ]);
      const res = await importNow('cadre', tree.unionXiaodian.id, file);
      expect(res).toMatchObject({ status: 'completed', insertedRows: 1, errorRows: 0 });
      await expect(memberOf(p.id_number)).resolves.toMatchObject({ name: '张三' });
      loaded.push({ ...p, name: '张三', employer: '美团', occupation: 'courier' });
    });

    it('reads a roster with Chinese headers as cadres keep them (variants, extra columns, another order)', async () => {
      const people = [person(), person({ occupation: '快递员', new_employment_form: '否' })];
      const header = [
        '序号',
        '姓名（必填）',
        '性别',
        '公民身份号码',
        '手机号码',
        '单位名称',
        '工种',
        '是否新就业形态',
      ];
      const lines = people.map((p, i) =>
        [
          String(i + 1),
          p.name,
          '男',
          p.id_number,
          p.mobile,
          p.employer,
          p.occupation,
          p.new_employment_form,
        ].join(','),
      );
      const res = await importNow(
        'cadre',
        tree.unionXiaodian.id,
        `\uFEFF${[header.join(','), ...lines].join('\r\n')}\r\n`,
      );
      expect(res).toMatchObject({ status: 'completed', insertedRows: 2, errorRows: 0, failure: null });
      for (const p of people) {
        await expect(memberOf(p.id_number)).resolves.toMatchObject({
          org_id: tree.unionXiaodian.id,
          name: p.name,
        });
      }
      loaded.push(...people);
    });

    it('offers an XLSX template: Chinese header, an example row that imports cleanly', async () => {
      const res = await t.inject({
        method: 'GET',
        url: '/api/v1/membership/imports/template.xlsx',
        headers: { authorization: `Bearer ${token.cadre}` },
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe(XLSX);
      expect(res.headers['content-disposition']).toContain(
        `filename*=UTF-8''${encodeURIComponent('会员名册导入模板.xlsx')}`,
      );
      const rows = await readXlsxRows(res.rawPayload);
      expect(rows[0]).toEqual(ROSTER_COLUMNS.map((c) => ROSTER_COLUMN_LABELS[c]));
      expect(rows).toHaveLength(2);
      const example = rows[1];

      const imported = await importNow('cadre', tree.unionXiaodian.id, res.rawPayload, XLSX);
      expect(imported).toMatchObject({ status: 'completed', insertedRows: 1, errorRows: 0, failure: null });
      await expect(memberOf(example[1])).resolves.toMatchObject({
        org_id: tree.unionXiaodian.id,
        name: example[0],
      });
      loaded.push({ ...person(), name: example[0], id_number: example[1], mobile: example[2] });

      const member = await t.call<ApiErrorBody>(
        'GET',
        '/api/v1/membership/imports/template.xlsx',
        token.member,
      );
      expect(member.status).toBe(403);
    });

    it("fails a broken workbook in Chinese, not with the parser's code", async () => {
      const template = await t.inject({
        method: 'GET',
        url: '/api/v1/membership/imports/template.xlsx',
        headers: { authorization: `Bearer ${token.cadre}` },
      });
      const cut = template.rawPayload.subarray(0, Math.floor(template.rawPayload.length / 2));
      const res = await importNow('cadre', tree.unionXiaodian.id, cut, XLSX);
      expect(res.status).toBe('failed');
      expect(res.failure).toMatch(/^文件无法读取/);
      expect(res.failure).toContain('不是完整的 Excel 工作簿');
      expect(res.failure).not.toMatch(/FILE_ENDED|[A-Z_]{4,}/);
    });

    it('refuses a person who is a member of another union, without touching their membership', async () => {
      const fresh = person({ name: '平城新会员' });
      const res = await importNow('province', tree.unionPingcheng.id, csv([loaded[0], fresh]));
      expect(res).toMatchObject({ status: 'completed', insertedRows: 1, unchangedRows: 0, errorRows: 1 });
      const report = csvRows((await errorReport(res.id)).body);
      expect(report).toEqual([['2', '身份证号', expect.stringContaining('转接') as unknown]]);
      await expect(memberOf(loaded[0].id_number)).resolves.toMatchObject({ org_id: tree.unionXiaodian.id });
      await expect(memberOf(fresh.id_number)).resolves.toMatchObject({ org_id: tree.unionPingcheng.id });
    });

    it('a rejected row never half-loads: a row the database refuses is reported, its batch-mates still load', async () => {
      const fault = `拒收${tag}`;
      await t.db.query(`
        CREATE FUNCTION roster_reject_${tag}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.name = '${fault}' THEN RAISE EXCEPTION 'refused' USING ERRCODE = 'check_violation'; END IF;
          RETURN NEW;
        END $$`);
      await t.db.query(
        `CREATE TRIGGER roster_reject_${tag} BEFORE INSERT ON members FOR EACH ROW EXECUTE FUNCTION roster_reject_${tag}()`,
      );
      try {
        const people = [person(), person(), person({ name: fault }), person()];
        const res = await importNow('cadre', tree.unionXiaodian.id, csv(people));
        expect(res).toMatchObject({ status: 'completed', processedRows: 4, insertedRows: 3, errorRows: 1 });
        expect(csvRows((await errorReport(res.id)).body).map(([line]) => line)).toEqual(['4']);
        await expect(memberOf(people[2].id_number)).resolves.toBeNull();
        for (const p of [people[0], people[1], people[3]]) {
          await expect(memberOf(p.id_number)).resolves.not.toBeNull();
        }
        await expect(
          count(`SELECT 1 FROM member_events e JOIN members m ON m.id = e.member_id WHERE m.import_id = $1`, [
            res.id,
          ]),
        ).resolves.toBe(3);
      } finally {
        await t.db.query(`DROP TRIGGER roster_reject_${tag} ON members`);
        await t.db.query(`DROP FUNCTION roster_reject_${tag}()`);
      }
    });

    it('a crash mid-import rolls back the open batch; the retry resumes after the last commit and never double counts', async () => {
      const crash = `故障${tag}`;
      const people = Array.from({ length: 1500 }, (_, i) => person(i === 1200 ? { name: crash } : {}));
      const created = await upload('province', unionYingze.id, csv(people));
      await t.db.query(`
        CREATE FUNCTION roster_crash_${tag}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.name = '${crash}' THEN RAISE EXCEPTION 'simulated crash'; END IF;
          RETURN NEW;
        END $$`);
      await t.db.query(
        `CREATE TRIGGER roster_crash_${tag} BEFORE INSERT ON members FOR EACH ROW EXECUTE FUNCTION roster_crash_${tag}()`,
      );
      try {
        await expect(imports.run(created.body.id)).rejects.toThrow(/simulated crash/);
      } finally {
        await t.db.query(`DROP TRIGGER roster_crash_${tag} ON members`);
        await t.db.query(`DROP FUNCTION roster_crash_${tag}()`);
      }
      // The first batch (1000 rows) committed with its counters; nothing of the second one did.
      await expect(get(created.body.id)).resolves.toMatchObject({
        status: 'running',
        processedRows: 1000,
        insertedRows: 1000,
      });
      await expect(count(`SELECT 1 FROM members WHERE import_id = $1`, [created.body.id])).resolves.toBe(
        1000,
      );

      // Two runners at once (a retry and a duplicate delivery): one finishes, the other stands down.
      await Promise.all([imports.run(created.body.id), imports.run(created.body.id)]);
      await expect(get(created.body.id)).resolves.toMatchObject({
        status: 'completed',
        processedRows: 1500,
        insertedRows: 1500,
        unchangedRows: 0,
        errorRows: 0,
      });
      await expect(count(`SELECT 1 FROM members WHERE import_id = $1`, [created.body.id])).resolves.toBe(
        1500,
      );
      await expect(
        count(`SELECT 1 FROM member_events e JOIN members m ON m.id = e.member_id WHERE m.import_id = $1`, [
          created.body.id,
        ]),
      ).resolves.toBe(1500);
    });

    it('fails a file with the wrong header, or without union codes above a union, saying why', async () => {
      const wrong = await importNow('cadre', tree.unionXiaodian.id, '姓名,身份证号\r\n张三,1\r\n');
      expect(wrong).toMatchObject({ status: 'failed', processedRows: 0, insertedRows: 0 });
      expect(wrong.failure).toMatch(/^表头不正确：缺少「手机号」/);
      expect(wrong.failure).toContain(ROSTER_COLUMNS.join(','));

      const noCodes = await importNow('xiaodian', tree.xiaodian.id, csv([person()]));
      expect(noCodes.status).toBe('failed');
      expect(noCodes.failure).toContain('「工会代码」列');

      const empty = await importNow('cadre', tree.unionXiaodian.id, '\r\n\r\n');
      expect(empty).toMatchObject({ status: 'failed' });
    });

    it('refuses anything but CSV or XLSX with 415, and an empty or fake workbook with 422', async () => {
      const json = await t.call<ApiErrorBody>(
        'POST',
        `/api/v1/membership/imports?orgId=${tree.unionXiaodian.id}`,
        token.cadre,
        { rows: [] },
      );
      expect([json.status, json.body.code]).toEqual([415, ErrorCode.UnsupportedMediaType]);
      const binary = await upload(
        'cadre',
        tree.unionXiaodian.id,
        Buffer.from('x'),
        'application/octet-stream',
      );
      expect([binary.status, binary.body.code]).toEqual([415, ErrorCode.UnsupportedMediaType]);
      const fake = await upload('cadre', tree.unionXiaodian.id, 'name,id_number', XLSX, 'x.xlsx');
      expect([fake.status, fake.body.code]).toEqual([422, ErrorCode.ImportInvalid]);
      const missingOrg = await t.call<ApiErrorBody>('POST', '/api/v1/membership/imports', token.cadre);
      expect([missingOrg.status, missingOrg.body.code]).toEqual([400, ErrorCode.ValidationFailed]);
    });

    it('keeps imports and their reports inside the scope', async () => {
      const outside = await upload('xiaodian', tree.unionPingcheng.id, csv([person()]));
      expect([outside.status, outside.body.code]).toEqual([403, ErrorCode.OutOfScope]);
      const cadreUp = await upload('cadre', tree.xiaodian.id, csv([person()]));
      expect([cadreUp.status, cadreUp.body.code]).toEqual([403, ErrorCode.OutOfScope]);
      const noOrg = await upload('province', '999999999', csv([person()]));
      expect([noOrg.status, noOrg.body.code]).toEqual([404, ErrorCode.OrgNotFound]);
      const member = await upload('member', tree.unionXiaodian.id, csv([person()]));
      expect([member.status, member.body.code]).toEqual([403, ErrorCode.Forbidden]);

      const mine = await t.call<RosterImportListResponse>('GET', '/api/v1/membership/imports', token.cadre);
      expect(mine.status).toBe(200);
      expect(mine.body.total).toBeGreaterThanOrEqual(4);
      const xiaodianImport = mine.body.items[0];
      expect(xiaodianImport.org.id).toBe(tree.unionXiaodian.id);
      // Newest first.
      expect([...mine.body.items].sort((a, b) => b.createdAt.localeCompare(a.createdAt))).toEqual(
        mine.body.items,
      );

      const foreign = await t.call<ApiErrorBody>(
        'GET',
        `/api/v1/membership/imports/${xiaodianImport.id}`,
        token.pingcheng,
      );
      expect([foreign.status, foreign.body.code]).toEqual([403, ErrorCode.OutOfScope]);
      await expect(errorReport(xiaodianImport.id, 'pingcheng')).resolves.toMatchObject({ status: 403 });
      const theirs = await t.call<RosterImportListResponse>(
        'GET',
        '/api/v1/membership/imports',
        token.pingcheng,
      );
      expect(theirs.body.items.map((i) => i.org.id)).not.toContain(tree.unionXiaodian.id);
      const filtered = await t.call<ApiErrorBody>(
        'GET',
        `/api/v1/membership/imports?orgId=${tree.xiaodian.id}`,
        token.pingcheng,
      );
      expect(filtered.status).toBe(403);
      const none = await t.call<ApiErrorBody>('GET', '/api/v1/membership/imports/987654321', token.province);
      expect([none.status, none.body.code]).toEqual([404, ErrorCode.ImportNotFound]);
    });

    it('imports an XLSX with union codes through a real BullMQ worker', async () => {
      const columns = [...ROSTER_COLUMNS];
      const workbook = new Workbook();
      const sheet = workbook.addWorksheet('名册');
      sheet.addRow(columns);
      const good = person({ union_code: tree.unionXiaodian.code, occupation: '外卖骑手' });
      const numeric = person({ union_code: tree.unionXiaodian.code });
      const foreign = person({ union_code: tree.unionPingcheng.code });
      const notUnion = person({ union_code: tree.xiaodian.code });
      const unknown = person({ union_code: `NOPE-${tag}` });
      for (const p of [good, numeric, foreign, notUnion, unknown]) {
        const row = sheet.addRow(columns.map((c) => p[c]));
        if (p === numeric) row.getCell(3).value = Number(p.mobile); // Excel often keeps mobiles as numbers
      }
      const file = Buffer.from(await workbook.xlsx.writeBuffer());

      const created = await upload('xiaodian', tree.xiaodian.id, file, XLSX, '小店区名册.xlsx');
      expect(created.status).toBe(202);
      const worker: INestApplicationContext = await NestFactory.createApplicationContext(
        WorkerModule.forRoot(t.config),
        { logger: false },
      );
      try {
        await worker.init();
        let current = await get(created.body.id);
        for (let i = 0; i < 200 && (current.status === 'queued' || current.status === 'running'); i += 1) {
          await new Promise((r) => setTimeout(r, 100));
          current = await get(created.body.id);
        }
        expect(current).toMatchObject({ status: 'completed', format: 'xlsx', insertedRows: 2, errorRows: 3 });
      } finally {
        await worker.close();
      }
      const errors = csvRows((await errorReport(created.body.id, 'xiaodian')).body);
      expect(errors.map(([line, field]) => `${line}:${field}`)).toEqual([
        '4:工会代码',
        '5:工会代码',
        '6:工会代码',
      ]);
      await expect(memberOf(numeric.id_number)).resolves.toMatchObject({ org_id: tree.unionXiaodian.id });
      loaded.push(good, numeric);
    });
  });

  describe('export', () => {
    it('exports the members in scope as CSV, masked by default, and audits it', async () => {
      const res = await exportCsv('cadre');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="members-all-\d{8}\.csv"/);
      expect(res.body.startsWith(`\uFEFF${'member_no,name,id_number,mobile,gender,birth_date'}`)).toBe(true);
      const rows = csvRows(res.body);
      const byName = new Map(rows.map((r) => [r[1], r]));
      for (const p of loaded) {
        const row = byName.get(p.name);
        expect(row).toBeDefined();
        expect(row?.[2]).toBe(`${p.id_number.slice(0, 4)}**********${p.id_number.slice(-4)}`);
        expect(row?.[3]).toBe(`${p.mobile.slice(0, 3)}****${p.mobile.slice(7)}`);
        expect(row?.[9]).toBe(tree.unionXiaodian.code);
      }
      expect(rows.every((r) => r[9] === tree.unionXiaodian.code)).toBe(true);
      expect(res.body).not.toContain(loaded[0].id_number);

      const [audit]: { after: Record<string, unknown>; org_id: string | null }[] = await t.db.query(
        `SELECT after, org_id FROM audit_events WHERE action = 'membership.exported' AND actor_user_id = $1
          ORDER BY id DESC LIMIT 1`,
        [userId.cadre],
      );
      expect(audit.after).toEqual({ orgId: null, format: 'csv', unmasked: false, rows: rows.length });
    });

    it('refuses unmasked exports to a cadre and allows them to province staff, audited as unmasked', async () => {
      const cadre = await t.call<ApiErrorBody>(
        'GET',
        '/api/v1/membership/exports/members?unmasked=true',
        token.cadre,
      );
      expect([cadre.status, cadre.body.code]).toEqual([403, ErrorCode.Forbidden]);
      const county = await t.call<ApiErrorBody>(
        'GET',
        `/api/v1/membership/exports/members?unmasked=true&orgId=${tree.unionXiaodian.id}`,
        token.xiaodian,
      );
      expect(county.status).toBe(403);

      const res = await exportCsv('province', `?unmasked=true&orgId=${tree.xiaodian.id}`);
      expect(res.status).toBe(200);
      const rows = csvRows(res.body);
      for (const p of loaded) {
        expect(rows.find((r) => r[1] === p.name)?.slice(2, 4)).toEqual([p.id_number, p.mobile]);
      }
      const [audit]: { after: Record<string, unknown>; org_id: string }[] = await t.db.query(
        `SELECT after, org_id FROM audit_events WHERE action = 'membership.exported' AND actor_user_id = $1
          ORDER BY id DESC LIMIT 1`,
        [userId.province],
      );
      expect(audit.org_id).toBe(tree.xiaodian.id);
      expect(audit.after).toEqual({
        orgId: tree.xiaodian.id,
        format: 'csv',
        unmasked: true,
        rows: rows.length,
      });
    });

    it('never exports members outside the scope', async () => {
      const pingcheng = csvRows((await exportCsv('pingcheng')).body);
      expect(pingcheng.length).toBeGreaterThan(0);
      expect(pingcheng.every((r) => r[9] === tree.unionPingcheng.code)).toBe(true);
      const xiaodian = csvRows((await exportCsv('xiaodian')).body);
      expect(xiaodian.some((r) => r[9] === tree.unionPingcheng.code)).toBe(false);
      expect(xiaodian.filter((r) => r[9] === tree.unionXiaodian.code).length).toBeGreaterThanOrEqual(
        loaded.length,
      );
      const outside = await t.call<ApiErrorBody>(
        'GET',
        `/api/v1/membership/exports/members?orgId=${tree.pingcheng.id}`,
        token.xiaodian,
      );
      expect([outside.status, outside.body.code]).toEqual([403, ErrorCode.OutOfScope]);
      const bad = await t.call<ApiErrorBody>(
        'GET',
        '/api/v1/membership/exports/members?format=pdf',
        token.cadre,
      );
      expect([bad.status, bad.body.code]).toEqual([400, ErrorCode.ValidationFailed]);
      const member = await t.call<ApiErrorBody>('GET', '/api/v1/membership/exports/members', token.member);
      expect(member.status).toBe(403);
    });

    it('streams a download through a plain link with a short-lived ticket bound to the user and the URL', async () => {
      const path = `/api/v1/membership/exports/members?orgId=${tree.unionXiaodian.id}&format=csv`;
      const issued = await t.call<DownloadTicketResponse>('POST', '/api/v1/download-tickets', token.cadre, {
        path,
      });
      expect(issued.status).toBe(200);
      expect(issued.body.url).toMatch(
        /^\/api\/v1\/membership\/exports\/members\?format=csv&orgId=\d+&ticket=/,
      );
      const plain = (
        url: string,
      ): Promise<{ status: number; body: string; headers: Record<string, unknown> }> =>
        t
          .inject({ method: 'GET', url })
          .then((r) => ({ status: r.statusCode, body: r.body, headers: r.headers }));

      const viaTicket = await plain(issued.body.url);
      expect(viaTicket.status).toBe(200);
      expect(viaTicket.headers['content-disposition']).toMatch(/^attachment; /);
      const viaBearer = await exportCsv('cadre', `?orgId=${tree.unionXiaodian.id}&format=csv`);
      expect(viaTicket.body).toBe(viaBearer.body);

      // Another file, another route, a forged or an expired ticket: refused.
      const ticket = new URL(issued.body.url, 'http://x').searchParams.get('ticket') ?? '';
      const q = `ticket=${encodeURIComponent(ticket)}`;
      for (const url of [
        `/api/v1/membership/exports/members?orgId=${tree.unionXiaodian.id}&format=xlsx&${q}`,
        `/api/v1/membership/exports/members?${q}`,
        `/api/v1/membership/imports?orgId=${tree.unionXiaodian.id}&${q}`,
        `${issued.body.url.slice(0, -3)}AAA`,
        t.app.get(DownloadTickets).issue({ userId: userId.cadre, roles: [] }, path, Date.now() - 120_000).url,
      ]) {
        const res = await plain(url);
        expect([url, res.status]).toEqual([url, 401]);
      }
      // The ticket's user is checked like a bearer: a member without the permission gets 403.
      const memberTicket = await t.call<DownloadTicketResponse>(
        'POST',
        '/api/v1/download-tickets',
        token.member,
        {
          path,
        },
      );
      await expect(plain(memberTicket.body.url)).resolves.toMatchObject({ status: 403 });
      const anonymous = await t.call<ApiErrorBody>('POST', '/api/v1/download-tickets', undefined, { path });
      expect(anonymous.status).toBe(401);
      const foreign = await t.call<ApiErrorBody>('POST', '/api/v1/download-tickets', token.cadre, {
        path: 'https://evil.example/x',
      });
      expect(foreign.status).toBe(400);
    });

    it('exports XLSX that Excel (and exceljs) reads back', async () => {
      const res = await t.inject({
        method: 'GET',
        url: `/api/v1/membership/exports/members?format=xlsx&orgId=${tree.unionXiaodian.id}`,
        headers: { authorization: `Bearer ${token.cadre}` },
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe(XLSX);
      const workbook = new Workbook();
      await workbook.xlsx.load(new Uint8Array(res.rawPayload).buffer);
      const sheet = workbook.worksheets[0];
      const values = (n: number): unknown[] => (sheet.getRow(n).values as unknown[]).slice(1);
      expect(values(1)).toEqual([
        'member_no',
        'name',
        'id_number',
        'mobile',
        'gender',
        'birth_date',
        'employer',
        'occupation',
        'new_employment_form',
        'union_code',
        'union_name',
        'verification',
        'joined_at',
      ]);
      const names = Array.from({ length: sheet.rowCount - 1 }, (_, i) => values(i + 2)[1]);
      for (const p of loaded) expect(names).toContain(p.name);
    });
  });
});

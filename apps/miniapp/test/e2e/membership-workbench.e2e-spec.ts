import { readFileSync } from 'node:fs';

import {
  type ApiErrorBody,
  DEMO_USER_KEYS,
  ErrorCode,
  type JoinCodeResponse,
  type MemberCardResponse,
  type OrgRef,
  ROSTER_COLUMNS,
  type RosterImportListResponse,
  Role,
} from '@smartunion/contracts';
import type { Browser, Page } from 'playwright-core';

import { RosterImportService } from '../../../api/src/modules/membership/roster-import.service';
import { startE2eServer } from '../../../api/test/support/e2e-server';
import { uniqueTag } from '../../../api/test/support/fixtures';
import { syntheticIdNumber } from '../../../api/test/support/people';
import { fillRosterTemplate, readXlsxRows } from '../../../api/test/support/roster-files';
import { createTestApp, type TestApp } from '../../../api/test/support/test-app';
import { launchBrowser, withPhonePage } from './support/browser';
import { cadreUnion, newMember, tokenOf } from './support/membership';
import { logInThroughUi, openSignedIn, text } from './support/session';

jest.setTimeout(90_000);

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe('H5: join codes, the roster, its import, card checks in the workbench (e2e, real API)', () => {
  let server: { baseUrl: string; close(): Promise<void> };
  let browser: Browser;
  let t: TestApp;
  let tag: string;
  let xiaodian: { union: OrgRef; joinCode: JoinCodeResponse };

  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchBrowser();
    t = await createTestApp();
    tag = uniqueTag();
    xiaodian = await cadreUnion(t, DEMO_USER_KEYS.cadre, `e2e ${tag}`);
  });

  afterAll(async () => {
    await t?.close();
    await browser?.close();
    await server?.close();
  });

  async function openWorkbenchEntry(page: Page, role: Role, entry: string): Promise<void> {
    await logInThroughUi(page, server.baseUrl, role);
    await page.locator('.mine-workbench').click();
    await page.locator(`.workbench-${entry}`).click();
  }

  it('a cadre issues a labelled join QR for their union and revokes it', async () => {
    const label = `驿站门口 ${tag}`;
    await withPhonePage(browser, async (page) => {
      await openWorkbenchEntry(page, Role.Cadre, 'join-codes');
      // One union of their own: chosen already.
      expect(await text(page, '.org-chooser-selected:visible .nut-cell-title')).toBe(xiaodian.union.name);
      await page.locator('.join-codes-label input').fill(label);
      await page.locator('.join-codes-create').click();
      const item = page.locator('.join-codes-item:visible', { hasText: label });
      await item.waitFor({ state: 'visible' });
      await expect(item.locator('.join-codes-qr img').getAttribute('src')).resolves.toMatch(
        /^data:image\/png;base64,/,
      );
      const url = (await item.locator('.join-codes-url').textContent()) ?? '';
      expect(url).toContain('#/pages/membership/join/index?code=');
      // The test API keeps PUBLIC_APP_URL's default (localhost): the page warns before anyone prints a code.
      expect(await text(page, '.join-codes-local-warning:visible')).toContain('手机扫码打不开');

      await item.locator('.join-codes-revoke').click();
      await page.locator('.join-codes-revoke-dialog .nut-dialog-footer-ok').click();
      await item.locator('.join-codes-revoked').waitFor({ state: 'visible' });

      const token = decodeURIComponent(url.split('code=')[1]);
      const res = await t.call<ApiErrorBody>(
        'GET',
        `/api/v1/membership/join-codes/resolve?code=${encodeURIComponent(token)}`,
      );
      expect(res.body.code).toBe(ErrorCode.JoinCodeRevoked);
    });
  });

  it('county staff find a member in the roster and export it, masked, as CSV', async () => {
    const m = await newMember(t, tag, DEMO_USER_KEYS.cadre, xiaodian.joinCode.token);
    await withPhonePage(browser, async (page) => {
      await openWorkbenchEntry(page, Role.CountyStaff, 'members');
      const search = page.locator('.members-search input');
      await search.fill(m.member.memberNo);
      await search.press('Enter');
      const row = page.locator('.members-item:visible', { hasText: m.name });
      await expect(row.textContent()).resolves.toContain(m.member.memberNo);
      await expect(row.textContent()).resolves.toContain('139****5678');

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.locator('.members-export-csv').click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/\.csv$/);
      const csv = readFileSync(await download.path(), 'utf8');
      const line = csv.split(/\r?\n/).find((l) => l.includes(m.member.memberNo)) ?? '';
      expect(line).toContain(m.name);
      // Masked: never the full ID number or mobile.
      expect(line).toContain('139****5678');
      expect(line).not.toContain('13912345678');
    });
  });

  it('a cadre uploads a CSV roster, follows the import and downloads the rejected rows', async () => {
    const good = [syntheticIdNumber(), syntheticIdNumber()];
    const rows = [
      `导入甲${tag},${good[0]},13900000001,美团外卖小店站,delivery_rider,是`,
      `导入乙${tag},${good[1]},13900000002,顺丰小店营业部,快递员,否`,
      `导入丙${tag},140105199001011234,13900000003,美团外卖小店站,delivery_rider,是`,
    ];
    const csv = `\uFEFF${[ROSTER_COLUMNS.slice(0, 6).join(','), ...rows].join('\r\n')}\r\n`;

    await withPhonePage(browser, async (page) => {
      await openWorkbenchEntry(page, Role.Cadre, 'imports');
      await page.locator('.imports-file').setInputFiles({
        name: `名册${tag}.csv`,
        mimeType: 'text/csv',
        buffer: Buffer.from(csv, 'utf8'),
      });
      await page.locator('.imports-upload').click();
      const item = page.locator('.imports-item:visible', { hasText: `名册${tag}.csv` });
      await item.waitFor({ state: 'visible' });

      // No worker listens on the test run's queues: the import's job runs here, as the worker would run it.
      const list = await t.call<RosterImportListResponse>(
        'GET',
        `/api/v1/membership/imports?orgId=${xiaodian.union.id}`,
        await tokenOf(t, DEMO_USER_KEYS.cadre),
      );
      const started = list.body.items.find((i) => i.fileName === `名册${tag}.csv`);
      if (!started) throw new Error('the upload did not create an import');
      await t.app.get(RosterImportService).run(started.id);

      await item.locator('.imports-errors').waitFor({ state: 'visible' });
      await expect(item.locator('.imports-status').textContent()).resolves.toBe('已完成');
      await expect(item.locator('.imports-progress').textContent()).resolves.toContain('新增 2');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        item.locator('.imports-errors').click(),
      ]);
      const report = readFileSync(await download.path(), 'utf8');
      // Line 4 of the file (header = line 1) carries the ID number with a wrong check character.
      expect(report).toMatch(/\n4,身份证号,/);
    });
  });

  it('a cadre downloads the template, fills it in and imports it: the Chinese header is read', async () => {
    const people = [
      [`模板甲${tag}`, syntheticIdNumber(), '13900000011', '美团外卖小店站', '外卖骑手', '是'],
      [`模板乙${tag}`, syntheticIdNumber(), '13900000012', '顺丰小店营业部', '快递员', '否'],
    ];
    const fileName = `模板名册${tag}.xlsx`;
    await withPhonePage(browser, async (page) => {
      await openWorkbenchEntry(page, Role.Cadre, 'imports');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.locator('.imports-template').click(),
      ]);
      expect(download.suggestedFilename()).toBe('会员名册导入模板.xlsx');
      const template = readFileSync(await download.path());
      const rows = await readXlsxRows(template);
      expect(rows[0]).toEqual([
        '姓名',
        '身份证号',
        '手机号',
        '工作单位',
        '职业',
        '是否新就业形态',
        '工会代码',
      ]);
      expect(rows).toHaveLength(2);

      // The example row is replaced by real people, as the template's notes ask.
      const filled = await fillRosterTemplate(template, people);
      await page.locator('.imports-file').setInputFiles({ name: fileName, mimeType: XLSX, buffer: filled });
      await expect(page.locator('.imports-choose-name').textContent()).resolves.toBe(fileName);
      await page.locator('.imports-upload').click();
      const item = page.locator('.imports-item:visible', { hasText: fileName });
      await item.waitFor({ state: 'visible' });

      const list = await t.call<RosterImportListResponse>(
        'GET',
        `/api/v1/membership/imports?orgId=${xiaodian.union.id}`,
        await tokenOf(t, DEMO_USER_KEYS.cadre),
      );
      const started = list.body.items.find((i) => i.fileName === fileName);
      if (!started) throw new Error('the upload did not create an import');
      await t.app.get(RosterImportService).run(started.id);

      await item.locator('.imports-status', { hasText: '已完成' }).waitFor({ state: 'visible' });
      const progress = await item.locator('.imports-progress').textContent();
      expect(progress).toContain('新增 2');
      expect(progress).toContain('有误 0');
    });
  });

  it('a merchant checks a member’s card from 我的; a station master from the workbench', async () => {
    const card = await t.call<MemberCardResponse>(
      'GET',
      '/api/v1/membership/card',
      await tokenOf(t, DEMO_USER_KEYS.member),
    );
    expect(card.status).toBe(200);

    await withPhonePage(browser, async (page) => {
      await logInThroughUi(page, server.baseUrl, Role.Merchant);
      await expect(page.locator('.mine-workbench').count()).resolves.toBe(0);
      await page.locator('.mine-card-check').click();
      await page.locator('.card-check-token input').fill(card.body.qrToken);
      await page.locator('.card-check-submit').click();
      const result = page.locator('.card-check-result:visible');
      await result.waitFor({ state: 'visible' });
      expect(await text(page, '.card-check-verdict:visible')).toBe('有效会员');
      await expect(result.textContent()).resolves.toContain(card.body.memberNo);
      // The checker sees the family name only.
      await expect(result.textContent()).resolves.toContain(`${card.body.name.slice(0, 1)}**`);
      await expect(result.textContent()).resolves.not.toContain(card.body.name);
    });

    await withPhonePage(browser, async (page) => {
      await openWorkbenchEntry(page, Role.StationMaster, 'card-check');
      await page.locator('.card-check-token input').fill(`${card.body.qrToken.slice(0, -4)}AAAA`);
      await page.locator('.card-check-submit').click();
      await page.locator('.nut-toast', { hasText: '会员码无效' }).waitFor({ state: 'visible' });
      await page.locator('.card-check-token input').fill(card.body.qrToken);
      await page.locator('.card-check-submit').click();
      await expect(page.locator('.card-check-result:visible').textContent()).resolves.toContain(
        card.body.memberNo,
      );
    });
  });

  it('the workbench shows each role only its entries', async () => {
    const entries = async (page: Page): Promise<string[]> => {
      await page.locator('.workbench-role').first().waitFor({ state: 'visible' });
      return page.locator('.su-grid-tile:visible .su-grid-title').allTextContents();
    };
    await withPhonePage(browser, async (page) => {
      await openSignedIn(
        page,
        server.baseUrl,
        await t.login(DEMO_USER_KEYS.stationMaster),
        '/pages/workbench/index/index',
      );
      await expect(entries(page)).resolves.toEqual(expect.arrayContaining(['会员码核验']));
      await expect(entries(page)).resolves.not.toEqual(expect.arrayContaining(['入会审批']));
    });
    await withPhonePage(browser, async (page) => {
      await openSignedIn(
        page,
        server.baseUrl,
        await t.login(DEMO_USER_KEYS.cadre),
        '/pages/workbench/index/index',
      );
      await expect(entries(page)).resolves.toEqual(
        expect.arrayContaining(['入会审批', '入会二维码', '会员名册', '名册导入', '转接审批', '会员码核验']),
      );
      await expect(entries(page)).resolves.not.toEqual(expect.arrayContaining(['建会审批']));
    });
  });
});

import {
  CREDIT_CODE_PROBLEM_LABELS,
  creditCodeCheckChar,
  DEMO_USER_KEYS,
  ERROR_MESSAGES_ZH,
  type JoinCodeResponse,
  type OrgRef,
  Role,
  TRANSFER_STATUS_LABELS,
  type TransferResponse,
} from '@smartunion/contracts';
import type { Browser, Page } from 'playwright-core';

import { startE2eServer } from '../../../api/test/support/e2e-server';
import { uniqueTag } from '../../../api/test/support/fixtures';
import { syntheticIdNumber } from '../../../api/test/support/people';
import { createTestApp, type TestApp } from '../../../api/test/support/test-app';
import { launchBrowser, withPhonePage } from './support/browser';
import { cadreUnion, membershipOf, newMember, newWorker, tokenOf } from './support/membership';
import { logInThroughUi, openSignedIn, text } from './support/session';

jest.setTimeout(90_000);

const MINE = '/pages/mine/index/index';

describe('H5: a member’s transfer, an enterprise’s union, verification and messages (e2e, real API)', () => {
  let server: { baseUrl: string; close(): Promise<void> };
  let browser: Browser;
  let t: TestApp;
  let tag: string;
  /** The demo cadre's union in 太原 and the Datong cadre's, each with a join code. */
  let xiaodian: { union: OrgRef; joinCode: JoinCodeResponse };
  let datong: { union: OrgRef; joinCode: JoinCodeResponse };

  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchBrowser();
    t = await createTestApp();
    tag = uniqueTag();
    xiaodian = await cadreUnion(t, DEMO_USER_KEYS.cadre, `e2e ${tag}`);
    datong = await cadreUnion(t, 'demo-cadre-datong', `e2e ${tag}`);
  });

  afterAll(async () => {
    await t?.close();
    await browser?.close();
    await server?.close();
  });

  async function openAs(page: Page, key: string, path: string): Promise<void> {
    await openSignedIn(page, server.baseUrl, await t.login(key), path);
  }

  const member = () => newMember(t, tag, DEMO_USER_KEYS.cadre, xiaodian.joinCode.token);

  /** Approves the transfer waiting for `cadreKey`'s side, through the workbench page. */
  async function approveTransfer(page: Page, name: string, direction: 'out' | 'in'): Promise<void> {
    await page.locator('.transfers-tabs:visible').waitFor({ state: 'visible' });
    if (direction === 'in') await page.locator('.transfers-tab--in:visible').click();
    const row = page.locator('.transfers-item:visible', { hasText: name });
    await row.locator('.transfers-approve').click();
    await row.waitFor({ state: 'detached' });
  }

  it('a member moves to a union in another city: requested by its join link, let go, taken in', async () => {
    const m = await member();

    await withPhonePage(browser, async (page) => {
      await openAs(page, m.key, MINE);
      await page.locator('.mine-transfer').click();
      expect(await text(page, '.transfer-current:visible')).toBe(xiaodian.union.name);
      // The new union's QR carries a link: pasting it names the union before anything is sent.
      const code = page.locator('.transfer-code input');
      await code.fill(datong.joinCode.url);
      await code.blur();
      await expect(page.locator('.transfer-target').textContent()).resolves.toContain(datong.union.name);
      await page.locator('.transfer-reason textarea').fill('到大同工作');
      await page.locator('.transfer-submit').click();
      const item = page.locator('.transfer-item:visible').first();
      await item.waitFor({ state: 'visible' });
      await expect(item.textContent()).resolves.toContain(TRANSFER_STATUS_LABELS.pending_out);
    });

    await withPhonePage(browser, async (page) => {
      await logInThroughUi(page, server.baseUrl, Role.Cadre);
      await page.locator('.mine-workbench').click();
      await page.locator('.workbench-transfers').click();
      await approveTransfer(page, m.name, 'out');
    });

    await withPhonePage(browser, async (page) => {
      await openAs(page, 'demo-cadre-datong', '/pages/staff-membership/transfers/index');
      await approveTransfer(page, m.name, 'in');
    });

    await withPhonePage(browser, async (page) => {
      await openAs(page, m.key, MINE);
      await page.locator('.mine-card').click();
      await page.locator('.card-union:visible').waitFor({ state: 'visible' });
      expect(await text(page, '.card-union:visible')).toBe(datong.union.name);
      await expect(page.locator('.card-event:visible').allTextContents()).resolves.toEqual(
        expect.arrayContaining([expect.stringContaining('组织关系转入')]),
      );
    });
  });

  it('a member cancels a transfer still waiting for the old union', async () => {
    const m = await member();
    const res = await t.call<TransferResponse>(
      'POST',
      '/api/v1/membership/transfers',
      await tokenOf(t, m.key),
      {
        joinCode: datong.joinCode.token,
        reason: '换工作',
      },
    );
    expect(res.status).toBe(201);

    await withPhonePage(browser, async (page) => {
      await openAs(page, m.key, '/pages/membership/transfer/index');
      await page.locator('.transfer-cancel:visible').click();
      await page.locator('.transfer-cancel-dialog .nut-dialog-footer-ok').click();
      await page
        .locator('.transfer-item:visible', { hasText: TRANSFER_STATUS_LABELS.cancelled })
        .waitFor({ state: 'visible' });
      // With nothing open, a new request can be made.
      await page.locator('.transfer-submit:visible').waitFor({ state: 'visible' });
    });
  });

  it('an enterprise applies to found a union; the county approves; the applicant is told', async () => {
    const applicant = await newWorker(t, tag);
    const enterprise = `山西${tag}物流有限公司`;
    const first17 = `91140105${tag.toUpperCase()}1`;
    const creditCode = `${first17}${creditCodeCheckChar(first17)}`;
    const wrongCheck = `${first17}${creditCode[17] === '0' ? '1' : '0'}`;

    await withPhonePage(browser, async (page) => {
      await openAs(page, applicant.key, MINE);
      await page.locator('.mine-establish').click();
      await page.locator('.establish-input--enterpriseName input').fill(enterprise);
      await page.locator('.establish-input--creditCode input').fill(wrongCheck);
      await page.locator('.establish-input--address input').fill('太原市小店区长治路 1 号');
      await page.locator('.establish-input--employeeCount input').fill('120');
      const search = page.locator('.establish-upper-search input');
      await search.fill('小店区总工会');
      await search.press('Enter');
      await page
        .locator('.establish-upper-option', { hasText: /^太原市小店区总工会/ })
        .first()
        .click();
      await expect(page.locator('.establish-upper-selected').textContent()).resolves.toContain(
        '太原市小店区总工会',
      );

      const founders = page.locator('.establish-founder');
      for (let i = 0; i < 3; i += 1) {
        await founders
          .nth(i)
          .locator('.establish-founder-name input')
          .fill(`发起人${i + 1}`);
        await founders.nth(i).locator('.establish-founder-mobile input').fill(`1381234567${i}`);
      }
      // A fourth row comes and goes; three founders is the minimum, so their rows cannot be removed.
      await page.locator('.establish-founder-add-button').click();
      await expect(founders.count()).resolves.toBe(4);
      await founders.nth(3).locator('.establish-founder-remove').click();
      await expect(founders.count()).resolves.toBe(3);

      await page.locator('.establish-submit').click();
      expect(await text(page, '.su-field-error--creditCode')).toBe(CREDIT_CODE_PROBLEM_LABELS.checksum);
      await page.locator('.establish-input--creditCode input').fill(creditCode);
      await page.locator('.establish-submit').click();
      const item = page.locator('.establish-item:visible', { hasText: enterprise });
      await item.waitFor({ state: 'visible' });
      await expect(item.textContent()).resolves.toContain('待上级工会审批');
    });

    await withPhonePage(browser, async (page) => {
      await logInThroughUi(page, server.baseUrl, Role.CountyStaff);
      await page.locator('.mine-workbench').click();
      await page.locator('.workbench-establishments').click();
      const row = page.locator('.establishments-item:visible', { hasText: enterprise });
      await expect(row.textContent()).resolves.toContain(creditCode);
      await row.locator('.establishments-approve').click();
      await row.waitFor({ state: 'detached' });
    });

    await withPhonePage(browser, async (page) => {
      await openAs(page, applicant.key, MINE);
      await page.locator('.mine-unread').waitFor({ state: 'visible' });
      await page.locator('.mine-notices').click();
      await page.locator('.notices-item--unread:visible').first().waitFor({ state: 'visible' });
      await page.locator('.notices-read-all').click();
      await page.locator('.notices-unread:visible', { hasText: '全部已读' }).waitFor({ state: 'visible' });
      await expect(page.locator('.notices-item--unread:visible').count()).resolves.toBe(0);

      await page.goto(`${server.baseUrl}/#/pages/membership/establish/index`);
      const item = page.locator('.establish-item:visible', { hasText: enterprise });
      await expect(item.textContent()).resolves.toContain('已批准建会');
    });
    // Read on the server too: 我的 no longer counts them.
    const notices = await t.call<{ unread: number }>(
      'GET',
      '/api/v1/notices',
      await tokenOf(t, applicant.key),
    );
    expect(notices.body.unread).toBe(0);
  });

  it('a member whose name and ID do not match is told so when verifying again', async () => {
    // Sequence 999 is "someone else" to the local identity verifier.
    const m = await newMember(t, tag, DEMO_USER_KEYS.cadre, xiaodian.joinCode.token, {
      idNumber: syntheticIdNumber({ sequence: '999' }),
    });
    expect(m.member.verification).toBe('mismatch');

    await withPhonePage(browser, async (page) => {
      await openAs(page, m.key, '/pages/membership/card/index');
      expect(await text(page, '.card-verification:visible')).toBe('实名信息不一致');
      await page.locator('.card-verify:visible').click();
      await page
        .locator('.nut-toast', { hasText: ERROR_MESSAGES_ZH.VERIFICATION_MISMATCH })
        .waitFor({ state: 'visible' });
    });
    await expect(membershipOf(t, m.key)).resolves.toMatchObject({ member: { verification: 'mismatch' } });
  });
});

import {
  DEMO_USER_KEYS,
  ERROR_MESSAGES_ZH,
  ID_NUMBER_PROBLEM_LABELS,
  JOIN_CODE_PARAM,
  type JoinApplicationListResponse,
  type JoinApplicationResponse,
  type JoinCodeResponse,
  OCCUPATION_LABELS,
  type OrgRef,
  OrgType,
  Role,
} from '@smartunion/contracts';
import type { Browser, Page } from 'playwright-core';

import { JoinCodesService } from '../../../api/src/modules/membership/join-codes.service';
import { startE2eServer } from '../../../api/test/support/e2e-server';
import { insertOrg, uniqueTag } from '../../../api/test/support/fixtures';
import { syntheticIdNumber } from '../../../api/test/support/people';
import { createTestApp, type TestApp } from '../../../api/test/support/test-app';
import { launchBrowser, withPhonePage } from './support/browser';
import {
  applyViaApi,
  cadreUnion,
  membershipOf,
  newMember,
  newWorker,
  tokenOf,
  type Worker,
} from './support/membership';
import { logInThroughUi, openSignedIn, text } from './support/session';

jest.setTimeout(90_000);

const JOIN_PAGE = '/pages/membership/join/index';
const HOME_PAGE = '/pages/home/index/index';

describe('H5: joining a union, its review and the member card (e2e, real API)', () => {
  let server: { baseUrl: string; close(): Promise<void> };
  let browser: Browser;
  /** The same API in-process, for fixtures: users in the database, calls as any user. */
  let t: TestApp;
  let tag: string;
  /** The demo cadre's union and a join code for it. */
  let union: OrgRef;
  let joinCode: JoinCodeResponse;

  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchBrowser();
    t = await createTestApp();
    tag = uniqueTag();
    ({ union, joinCode } = await cadreUnion(t, DEMO_USER_KEYS.cadre, `e2e ${tag}`));
  });

  afterAll(async () => {
    await t?.close();
    await browser?.close();
    await server?.close();
  });

  const worker = (): Promise<Worker> => newWorker(t, tag);
  const apply = (w: Worker): Promise<JoinApplicationResponse> => applyViaApi(t, w, joinCode.token);

  async function openAs(page: Page, key: string, path: string): Promise<void> {
    await openSignedIn(page, server.baseUrl, await t.login(key), path);
  }

  /** The demo cadre, through 我的 → 工作台 → 入会审批. */
  async function openReviewAsCadre(page: Page): Promise<void> {
    await logInThroughUi(page, server.baseUrl, Role.Cadre);
    await page.locator('.mine-workbench').click();
    await page.locator('.workbench-joins').click();
    await page.locator('.joins-toolbar:visible, .joins-empty:visible').first().waitFor({ state: 'visible' });
  }

  const item = (page: Page, name: string) => page.locator('.joins-item:visible', { hasText: name });
  const joinUrl = (): string => `${JOIN_PAGE}?${JOIN_CODE_PARAM}=${encodeURIComponent(joinCode.token)}`;

  /** Fills the join form (occupation: the picker's first choice, 外卖骑手) but for the ID number. */
  async function fillJoinForm(page: Page, name: string): Promise<void> {
    await page.locator('.join-input--name input').fill(name);
    await page.locator('.join-input--mobile input').fill('13812345678');
    await page.locator('.join-input--employer input').fill('美团外卖小店站');
    await page.locator('.join-occupation').click();
    await page.locator('.nut-picker-confirm-btn').click();
    await page.locator('.join-occupation', { hasText: '外卖骑手' }).waitFor({ state: 'visible' });
  }

  it('a worker joins through the H5 app, a cadre approves, the member’s card shows', async () => {
    const w = await worker();

    await withPhonePage(browser, async (page) => {
      await openAs(page, w.key, joinUrl());
      expect(await text(page, '.join-union-name:visible')).toBe(union.name);
      expect(await text(page, '.join-union-path:visible')).toContain(union.name);
      await fillJoinForm(page, w.name);

      // A mistyped ID number is caught before anything is sent: the check character is the last one.
      const id = syntheticIdNumber();
      const wrongCheck = `${id.slice(0, 17)}${id[17] === '0' ? '1' : '0'}`;
      await page.locator('.join-input--idNumber input').fill(wrongCheck);
      await page.locator('.join-submit').click();
      expect(await text(page, '.su-field-error--idNumber')).toBe(ID_NUMBER_PROBLEM_LABELS.checksum);

      await page.locator('.join-input--idNumber input').fill(id);
      await page.locator('.join-submit').click();
      await page.waitForURL(/#\/pages\/membership\/status\/index/);
      expect(await text(page, '.status-label:visible')).toBe('待审核');
      expect(await text(page, '.status-application:visible .su-card-title')).toBe(union.name);
    });

    await withPhonePage(browser, async (page) => {
      await openReviewAsCadre(page);
      const row = item(page, w.name);
      await row.waitFor({ state: 'visible' });
      await expect(row.textContent()).resolves.toContain('外卖骑手');
      // The review shows masked identity data only.
      await expect(row.textContent()).resolves.toMatch(/\d{4}\*{10}[\dX]{4}/);
      await row.locator('.joins-approve').click();
      await row.waitFor({ state: 'detached' });
    });

    const { member } = await membershipOf(t, w.key);
    expect(member).not.toBeNull();

    await withPhonePage(browser, async (page) => {
      await openAs(page, w.key, '/pages/mine/index/index');
      await page.locator('.mine-card').click();
      await page.locator('.card-no:visible').waitFor({ state: 'visible' });
      expect(await text(page, '.card-no:visible')).toBe(member?.memberNo);
      expect(await text(page, '.card-union:visible')).toBe(union.name);
      expect(await text(page, '.card-name:visible')).toBe(w.name);
      await expect(page.locator('.card-qr-image:visible img').getAttribute('src')).resolves.toMatch(
        /^data:image\/png;base64,/,
      );
      await expect(page.locator('.card-event:visible').first().textContent()).resolves.toContain('扫码入会');
    });
  });

  it('a worker without a QR code finds 申请入会 on the home page, finds a union by name, applies, and sees the status', async () => {
    // A union of this run that takes applications online, beside the demo union: only this run's search finds it.
    const [{ parentId }] = await t.db.query<{ parentId: string }[]>(
      `SELECT parent_id AS "parentId" FROM orgs WHERE id = $1`,
      [union.id],
    );
    const online = await insertOrg(t.db, {
      code: `E2E-${tag}-JOIN`,
      name: `小店区快递驿站工会${tag}`,
      type: OrgType.Grassroots,
      areaCode: union.areaCode,
      parentId,
    });
    await t.app.get(JoinCodesService).ensureCode(online.id, '网上入会');
    const w = await worker();

    await withPhonePage(browser, async (page) => {
      // From the home page, as a worker who has never heard of the join page would.
      await openAs(page, w.key, HOME_PAGE);
      await page.locator('.home-join:visible').click();
      const search = page.locator('.join-finder-search input');
      await search.waitFor({ state: 'visible' });
      await expect(page.locator('.join-way--search').textContent()).resolves.toContain('搜索入会');

      await search.fill('店');
      await search.press('Enter');
      expect(await text(page, '.join-finder-hint--short')).toBe('请至少输入 2 个字');

      await search.fill(`没有这个工会${tag}`);
      await search.press('Enter');
      await page.locator('.join-finder-none').waitFor({ state: 'visible' });

      await search.fill(`驿站工会${tag}`);
      await search.press('Enter');
      const option = page.locator('.join-finder-option');
      await option.first().waitFor({ state: 'visible' });
      await expect(option.count()).resolves.toBe(1);
      await expect(option.textContent()).resolves.toContain(`小店区快递驿站工会${tag}`);
      await option.click();

      // The union's own join page, as its QR would open it: the union, then the form.
      await page.locator('.join-union-name:visible').waitFor({ state: 'visible' });
      expect(await text(page, '.join-union-name:visible')).toBe(`小店区快递驿站工会${tag}`);
      await fillJoinForm(page, w.name);
      await page.locator('.join-input--idNumber input').fill(syntheticIdNumber());
      await page.locator('.join-submit').click();
      await page.waitForURL(/#\/pages\/membership\/status\/index/);
      expect(await text(page, '.status-label:visible')).toBe('待审核');
      expect(await text(page, '.status-application:visible .su-card-title')).toBe(`小店区快递驿站工会${tag}`);
    });
  });

  it('the server’s refusal of a field shows beside it: an ID number that is another member’s', async () => {
    const idNumber = syntheticIdNumber();
    await newMember(t, tag, DEMO_USER_KEYS.cadre, joinCode.token, { idNumber });
    const w = await worker();

    await withPhonePage(browser, async (page) => {
      await openAs(page, w.key, joinUrl());
      await fillJoinForm(page, w.name);
      await page.locator('.join-input--idNumber input').fill(idNumber);
      await page.locator('.join-submit').click();
      await page.locator('.su-field-error--idNumber').waitFor({ state: 'visible' });
      expect(await text(page, '.su-field-error--idNumber')).toBe(ERROR_MESSAGES_ZH.ID_NUMBER_IN_USE);
      expect(page.url()).toContain(JOIN_PAGE);
    });
  });

  it('a worker withdraws a pending application; the join link then offers the form again', async () => {
    const w = await worker();
    await apply(w);

    await withPhonePage(browser, async (page) => {
      await openAs(page, w.key, joinUrl());
      // Pending already: the link leads to the application, not to a second form.
      await page.locator('.join-to-status:visible').click();
      await page.locator('.status-withdraw:visible').click();
      await page.locator('.status-withdraw-dialog .nut-dialog-footer-ok').click();
      await page.locator('.status-label:visible', { hasText: '已撤回' }).waitFor({ state: 'visible' });
      await expect(page.locator('.status-withdraw:visible').count()).resolves.toBe(0);

      await page.goto(`${server.baseUrl}/#${joinUrl()}`);
      await page.locator('.join-form:visible').waitFor({ state: 'visible' });
    });
  });

  it('a refusal needs a reason, and the worker reads it on 入会申请 and in 消息', async () => {
    const w = await worker();
    await apply(w);
    const reason = '所填单位不在本工会覆盖范围内';

    await withPhonePage(browser, async (page) => {
      await openReviewAsCadre(page);
      const row = item(page, w.name);
      await row.locator('.joins-reject').click();
      await page.locator('.reject-dialog .nut-dialog-footer-ok').click();
      await page.locator('.reject-reason-error').waitFor({ state: 'visible' });

      await page.locator('.reject-reason textarea').fill(reason);
      await page.locator('.reject-dialog .nut-dialog-footer-ok').click();
      await row.waitFor({ state: 'detached' });
    });

    await withPhonePage(browser, async (page) => {
      await openAs(page, w.key, '/pages/mine/index/index');
      await expect(page.locator('.mine-application').textContent()).resolves.toContain('未通过');
      await expect(page.locator('.mine-unread').textContent()).resolves.toContain('1');

      await page.locator('.mine-notices').click();
      const notice = page.locator('.notices-item--unread:visible').first();
      await notice.waitFor({ state: 'visible' });
      await notice.click();
      // The notice is about the application: it opens 入会申请, where the reason is.
      await page.waitForURL(/#\/pages\/membership\/status\/index/);
      expect(await text(page, '.status-label:visible')).toBe('未通过');
      expect(await text(page, '.status-reject-reason:visible')).toBe(`驳回原因：${reason}`);
    });
  });

  it('batch approval reports the applications it could not approve', async () => {
    const [first, second] = [await worker(), await worker()];
    await apply(first);
    const withdrawn = await apply(second);

    await withPhonePage(browser, async (page) => {
      await openReviewAsCadre(page);
      await item(page, first.name).locator('.joins-item-check').click();
      await item(page, second.name).locator('.joins-item-check').click();
      // Meanwhile the second worker changes their mind.
      const res = await t.call(
        'POST',
        `/api/v1/membership/applications/${withdrawn.id}/withdraw`,
        await tokenOf(t, second.key),
      );
      expect(res.status).toBe(200);

      await page.locator('.joins-batch-approve').click();
      const result = page.locator('.joins-batch-result');
      await result.waitFor({ state: 'visible' });
      await expect(result.textContent()).resolves.toContain('已通过 1 人');
      await expect(result.locator('.joins-failure').textContent()).resolves.toBe(
        `${second.name}：${ERROR_MESSAGES_ZH.APPLICATION_DECIDED}`,
      );
    });
    await expect(membershipOf(t, first.key)).resolves.toMatchObject({ member: { name: first.name } });
  });

  it('the queue filters by occupation, waiting time and age, as the API does', async () => {
    const token = await tokenOf(t, DEMO_USER_KEYS.cadre);
    const expected = async (query: string): Promise<number> =>
      (
        await t.call<JoinApplicationListResponse>(
          'GET',
          `/api/v1/membership/review/applications?${query}`,
          token,
        )
      ).body.total;
    const couriers = await expected('occupation=courier');
    expect(couriers).toBeGreaterThan(0);

    await withPhonePage(browser, async (page) => {
      await openReviewAsCadre(page);
      await page.locator('.joins-chip--occupation', { hasText: OCCUPATION_LABELS.courier }).click();
      await page
        .locator('.joins-toolbar:visible', { hasText: `待审核 ${couriers} 人` })
        .waitFor({ state: 'visible' });
      const rows = await page.locator('.joins-item:visible').allTextContents();
      expect(rows.length).toBe(Math.min(couriers, 20));
      expect(rows.every((row) => row.includes(OCCUPATION_LABELS.courier))).toBe(true);

      // Nothing has waited a month in a fresh database.
      await page.locator('.joins-chip--waiting', { hasText: '30 天以上' }).click();
      await page.locator('.joins-empty:visible').waitFor({ state: 'visible' });

      await page.locator('.joins-chip--waiting', { hasText: '不限' }).click();
      await page.locator('.joins-chip--occupation', { hasText: '全部职业' }).click();
      await page.locator('.joins-age-min input').fill('40');
      await page.locator('.joins-age-max input').fill('60');
      await page.locator('.joins-age-apply').click();
      // Other test files add applicants meanwhile: wait for the filtered list rather than for a count.
      const outOfRange = page.locator('.joins-item:visible', {
        hasText: /(^|\D)([1-3]\d|6[1-9]|[7-9]\d|100) 岁/,
      });
      await outOfRange.first().waitFor({ state: 'detached' });
      await page
        .locator('.joins-toolbar:visible, .joins-empty:visible')
        .first()
        .waitFor({ state: 'visible' });
      await expect(expected('minAge=40&maxAge=60')).resolves.toBeGreaterThan(0);

      // A reversed range is refused on the page, and the list keeps its last filter.
      await page.locator('.joins-age-min input').fill('60');
      await page.locator('.joins-age-max input').fill('20');
      await page.locator('.joins-age-apply').click();
      await page.locator('.joins-age-error:visible').waitFor({ state: 'visible' });
      expect(await text(page, '.joins-age-error:visible')).toBe('最小年龄不能大于最大年龄');
      await expect(page.locator('.joins-empty:visible').count()).resolves.toBe(0);
    });
  });

  it('other counties never see the queue: a Datong cadre’s list lacks it, a Datong member is refused', async () => {
    const w = await worker();
    await apply(w);

    await withPhonePage(browser, async (page) => {
      await openAs(page, 'demo-cadre-datong', '/pages/staff-membership/joins/index');
      await page
        .locator('.joins-toolbar:visible, .joins-empty:visible')
        .first()
        .waitFor({ state: 'visible' });
      await expect(item(page, w.name).count()).resolves.toBe(0);
    });

    await withPhonePage(browser, async (page) => {
      await openAs(page, 'demo-member-2', '/pages/mine/index/index');
      await page.locator('.mine-name').waitFor({ state: 'visible' });
      await expect(page.locator('.mine-workbench').count()).resolves.toBe(0);
      await page.goto(`${server.baseUrl}/#/pages/staff-membership/joins/index`);
      await page.locator('.joins-failed:visible').waitFor({ state: 'visible' });
      await expect(page.locator('.joins-failed:visible').textContent()).resolves.toContain('没有权限');
    });
  });

  it('a signed-out worker who opens a join link logs in and comes straight back to the form', async () => {
    await withPhonePage(browser, async (page) => {
      await page.goto(
        `${server.baseUrl}/#${JOIN_PAGE}?${JOIN_CODE_PARAM}=${encodeURIComponent(joinCode.token)}`,
      );
      expect(await text(page, '.join-union-name:visible')).toBe(union.name);
      await page.locator('.join-login').click();
      await page.locator('.login-demo--worker').click();
      await page.locator('.join-form:visible').waitFor({ state: 'visible' });
      expect(page.url()).toContain(JOIN_PAGE);
    });
  });

  it('a signed-out member who opens the card link logs in and lands on the card, not on 我的', async () => {
    await withPhonePage(browser, async (page) => {
      await page.goto(`${server.baseUrl}/#/pages/membership/card/index`);
      // The card says why it needs a login (no redirect, so Back would leave); 登录 opens the login page.
      await page.locator('.su-signed-out:visible').waitFor({ state: 'visible' });
      await expect(page.locator('.su-signed-out:visible').textContent()).resolves.toContain('会员卡');
      await page.locator('.su-signed-out-login:visible').click();
      await page.locator('.login-demo--member').click();
      await page.locator('.card-no:visible').waitFor({ state: 'visible' });
      expect(page.url()).toContain('/pages/membership/card/index');
    });
  });
});

import { DEMO_USER_KEYS, type OrgListResponse, Role } from '@smartunion/contracts';
import type { Browser, Page } from 'playwright-core';

import { startE2eServer } from '../../../api/test/support/e2e-server';
import { launchBrowser, withPhonePage } from './support/browser';
import { apiGetAs, logInThroughUi, text } from './support/session';

jest.setTimeout(60_000);

describe('H5: 组织管理 in the workbench (e2e, real API)', () => {
  let server: { baseUrl: string; close(): Promise<void> };
  let browser: Browser;

  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function openOrgs(page: Page, role: Role): Promise<void> {
    await logInThroughUi(page, server.baseUrl, role);
    await page.locator('.mine-workbench').click();
    await page.locator('.workbench-orgs').click();
    await page.locator('.orgs-item').first().waitFor({ state: 'visible' });
  }

  // Taro's H5 router keeps earlier pages in the DOM, hidden: only the visible page counts.
  const names = async (page: Page): Promise<string[]> =>
    (await page.locator('.orgs-item:visible .nut-cell-title').allTextContents()).map((t) => t.trim());

  it('city staff browse their city down to grassroots unions, with a breadcrumb', async () => {
    const roots = await apiGetAs<OrgListResponse>(server.baseUrl, DEMO_USER_KEYS.cityStaff, '/api/v1/orgs');
    expect(roots.items).toHaveLength(1);
    const city = roots.items[0];
    const counties = await apiGetAs<OrgListResponse>(
      server.baseUrl,
      DEMO_USER_KEYS.cityStaff,
      `/api/v1/orgs?parentId=${city.id}&pageSize=20`,
    );

    await withPhonePage(browser, async (page) => {
      await openOrgs(page, Role.CityStaff);
      expect(await names(page)).toEqual([city.name]);

      await page.locator('.orgs-item').first().click();
      await page.locator('.orgs-current:visible').waitFor({ state: 'visible' });
      expect(await text(page, '.orgs-name:visible')).toBe(city.name);
      await expect(names(page)).resolves.toEqual(counties.items.map((c) => c.name));

      // Drill into a county: the breadcrumb names the whole chain from the province.
      const county = counties.items[0];
      await page.locator('.orgs-item:visible', { hasText: county.name }).click();
      await page.locator('.orgs-name:visible', { hasText: county.name }).waitFor({ state: 'visible' });
      expect(await text(page, '.orgs-breadcrumb:visible')).toMatch(
        new RegExp(`山西省总工会 / ${city.name} / ${county.name}$`),
      );
      expect((await names(page)).length).toBe(county.childCount);
    });
  });

  it('search stays inside the scope: 小店区 staff find only 小店区 orgs', async () => {
    await withPhonePage(browser, async (page) => {
      await openOrgs(page, Role.CountyStaff);
      const search = page.locator('.orgs-search input');
      await search.fill('骑手');
      await search.press('Enter');
      await page.locator('.orgs-list-title:visible', { hasText: '搜索结果' }).waitFor({ state: 'visible' });
      const found = await names(page);
      expect(found.length).toBeGreaterThan(0);
      // demo-county-staff is 小店区: every hit is a 小店区 org.
      expect(found.every((n) => n.includes('小店区'))).toBe(true);
    });
  });

  it('a long list loads its next page at the bottom, and on a tap of its footer', async () => {
    const all = await apiGetAs<OrgListResponse>(
      server.baseUrl,
      DEMO_USER_KEYS.provinceStaff,
      `/api/v1/orgs?q=${encodeURIComponent('工会')}&pageSize=20`,
    );
    expect(all.total).toBeGreaterThan(60);
    await withPhonePage(browser, async (page) => {
      await openOrgs(page, Role.ProvinceStaff);
      const search = page.locator('.orgs-search input');
      await search.fill('工会');
      await search.press('Enter');
      await page.locator('.orgs-list-title:visible', { hasText: '搜索结果' }).waitFor({ state: 'visible' });
      await page.locator('.orgs-item:visible').nth(19).waitFor({ state: 'visible' });
      expect((await names(page)).length).toBe(20);

      // Reaching the bottom of the page fetches page 2.
      await page.locator('.su-list-end--more:visible').scrollIntoViewIfNeeded();
      await page.mouse.wheel(0, 2000);
      await page.locator('.orgs-item:visible').nth(39).waitFor({ state: 'visible' });
      // The footer is a tap target too (a first page too short to scroll has no bottom to reach).
      await page.locator('.su-list-end--more:visible').click();
      await page.locator('.orgs-item:visible').nth(59).waitFor({ state: 'visible' });
      const shown = await names(page);
      expect(shown.length).toBe(60);
      // Pages follow on without repeats.
      expect(new Set(shown).size).toBe(60);
      expect(shown.slice(0, 20)).toEqual(all.items.map((o) => o.name));
    });
  });

  it('a member has no 组织管理 and the page refuses them', async () => {
    await withPhonePage(browser, async (page) => {
      await logInThroughUi(page, server.baseUrl, Role.Member);
      await page.goto(`${server.baseUrl}/#/pages/staff-membership/orgs/index`);
      await page.locator('.orgs-failed:visible').waitFor({ state: 'visible' });
      expect(await page.locator('.orgs-failed:visible').textContent()).toContain('没有权限');
    });
  });

  it('province staff open the job-queue dashboard from the workbench; county staff have no entry', async () => {
    await withPhonePage(browser, async (page) => {
      await logInThroughUi(page, server.baseUrl, Role.CountyStaff);
      await page.locator('.mine-workbench').click();
      await page.locator('.workbench-orgs:visible').waitFor({ state: 'visible' });
      await expect(page.locator('.workbench-queues').count()).resolves.toBe(0);
    });
    await withPhonePage(browser, async (page) => {
      await logInThroughUi(page, server.baseUrl, Role.ProvinceStaff);
      await page.locator('.mine-workbench').click();
      // In a new tab: the app stays open where it was.
      const [board] = await Promise.all([
        page.context().waitForEvent('page'),
        page.locator('.workbench-queues').click(),
      ]);
      await board.waitForURL(`${server.baseUrl}/admin/queues`);
      await expect(board.evaluate(() => window.opener === null)).resolves.toBe(true);
      // Bull Board's own UI, listing our maintenance queue from its API with the admin cookie.
      await board.getByText('maintenance').first().waitFor({ state: 'visible', timeout: 20_000 });
      await expect(page.locator('.workbench-queues:visible').count()).resolves.toBe(1);
    });
  });
});

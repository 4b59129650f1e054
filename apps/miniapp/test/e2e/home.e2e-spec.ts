import { DEMO_USER_KEYS, type WorkbenchPendingResponse } from '@smartunion/contracts';
import type { Browser, Page } from 'playwright-core';

import { startE2eServer } from '../../../api/test/support/e2e-server';
import { launchBrowser, withPhonePage } from './support/browser';
import { apiGetAs, logInThroughUi, text } from './support/session';

jest.setTimeout(90_000);

/** Taro's H5 router keeps earlier pages in the DOM, hidden: only what is visible counts. */
const visible = (page: Page, selector: string) => page.locator(`${selector}:visible`);

async function openHomeTab(page: Page): Promise<void> {
  await page.locator('.weui-tabbar__item', { hasText: '首页' }).click();
  await visible(page, '.home-hero').waitFor({ state: 'visible' });
}

describe('H5: the home page (e2e, real API)', () => {
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

  it('shows a visitor how to join, and the join page it opens leaves with Back', async () => {
    await withPhonePage(browser, async (page) => {
      await page.goto(`${server.baseUrl}/`);
      await visible(page, '.home-hero').waitFor({ state: 'visible' });
      await expect(text(page, '.home-membership-label')).resolves.toBe('还不是工会会员？');
      // No workbench and no member data for a visitor, but every service entry is there.
      await expect(visible(page, '.home-staff').count()).resolves.toBe(0);
      await expect(visible(page, '.home-service-stations').count()).resolves.toBe(1);

      await visible(page, '.home-join').click();
      await page.waitForURL(/pages\/membership\/join/);
      await visible(page, '.join').waitFor({ state: 'visible' });
      await page.goBack();
      await visible(page, '.home-hero').waitFor({ state: 'visible' });
      expect(page.url()).not.toContain('pages/login');
    });
  });

  it('gives a member their union, points and a sign-in that says it is done', async () => {
    await withPhonePage(browser, async (page) => {
      await logInThroughUi(page, server.baseUrl, 'member');
      await openHomeTab(page);
      // The tab refreshes on show: the visitor's card gives way to the member's.
      await visible(page, '.home-membership-label')
        .filter({ hasText: /^工会会员$/ })
        .waitFor();
      await visible(page, '.home-points').waitFor({ state: 'visible' });
      await expect(visible(page, '.home-staff').count()).resolves.toBe(0);

      const button = visible(page, '.home-sign-in');
      if (!((await button.textContent()) ?? '').includes('已签到')) await button.click();
      await expect(
        visible(page, '.home-sign-in').filter({ hasText: '已签到' }).waitFor(),
      ).resolves.toBeUndefined();
      await expect(text(page, '.home-points-streak')).resolves.toMatch(/今日已签到 · 连续 \d+ 天/);

      // The member's card is one tap away.
      await visible(page, '.home-service-card').click();
      await page.waitForURL(/pages\/membership\/card/);
    });
  });

  it('gives staff their workbench by area, with the waiting count of a queue on its tile', async () => {
    const pending = await apiGetAs<WorkbenchPendingResponse>(
      server.baseUrl,
      DEMO_USER_KEYS.countyStaff,
      '/api/v1/workbench/pending',
    );
    await withPhonePage(browser, async (page) => {
      await logInThroughUi(page, server.baseUrl, 'county_staff');
      await openHomeTab(page);
      await visible(page, '.home-staff').waitFor({ state: 'visible' });
      for (const area of ['membership', 'stations', 'points', 'benefits']) {
        await expect(visible(page, `.su-workbench-group--${area}`).count()).resolves.toBe(1);
      }
      const joins = pending.counts.joins ?? 0;
      const badge = visible(page, '.workbench-joins .su-grid-badge');
      if (joins > 0) {
        await expect(badge.textContent()).resolves.toBe(joins > 99 ? '99+' : String(joins));
      } else {
        await expect(badge.count()).resolves.toBe(0);
      }

      await visible(page, '.workbench-joins').click();
      await page.waitForURL(/pages\/staff-membership\/joins/);
      await visible(page, '.joins').waitFor({ state: 'visible' });
      await page.goBack();
      await visible(page, '.home-staff').waitFor({ state: 'visible' });
    });
  });
});

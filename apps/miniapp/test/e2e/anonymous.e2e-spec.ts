import type { NearbyStationsResponse } from '@smartunion/contracts';
import type { Browser, Page } from 'playwright-core';

import { startE2eServer } from '../../../api/test/support/e2e-server';
import { launchBrowser, withPhonePage } from './support/browser';

jest.setTimeout(90_000);

/** A browser fix in 太原·小店区 (WGS-84), among the demo stations. */
const XIAODIAN_FIX = { latitude: 37.8, longitude: 112.565 };

/** Taro's H5 router keeps earlier pages in the DOM, hidden: only what is visible counts. */
const visible = (page: Page, selector: string) => page.locator(`${selector}:visible`);

/**
 * Nothing may open the login page by itself: checked after Taro's page timers have had time to fire (a redirect
 * on show would have happened by then).
 */
async function expectNoLoginPage(page: Page): Promise<void> {
  await page.waitForTimeout(800);
  expect(page.url()).not.toContain('pages/login');
  await expect(visible(page, '.login').count()).resolves.toBe(0);
}

async function expectOnTab(page: Page, route: string): Promise<void> {
  expect(page.url()).toContain(route);
  await expect(page.locator('.weui-tabbar').first().isVisible()).resolves.toBe(true);
}

describe('H5: browsing without a login (e2e, real API)', () => {
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

  it('an anonymous visitor browses stations and leaves with Back', async () => {
    // The visitor's browser has never logged in, and the API answers them without a token.
    const res = await fetch(
      `${server.baseUrl}/api/v1/stations/nearby?lat=${XIAODIAN_FIX.latitude}&lng=${XIAODIAN_FIX.longitude}&coord=wgs84`,
    );
    expect(res.status).toBe(200);
    const nearby = (await res.json()) as NearbyStationsResponse;
    expect(nearby.items.length).toBeGreaterThan(0);

    await withPhonePage(browser, async (page) => {
      const context = page.context();
      await context.grantPermissions(['geolocation'], { origin: server.baseUrl });
      await context.setGeolocation(XIAODIAN_FIX);
      await page.goto(`${server.baseUrl}/`);
      await page.locator('.weui-tabbar__item', { hasText: '驿站' }).click();

      await visible(page, '.stations-item').first().waitFor({ state: 'visible' });
      const shown = (await visible(page, '.stations-item-name').allTextContents()).map((t) => t.trim());
      expect(shown).toEqual(nearby.items.map((s) => s.name));
      await expectNoLoginPage(page);
      await expectOnTab(page, 'pages/stations/index/index');

      // A station's details, with the hand-off to the map; opening the door asks for a login only when tapped.
      await visible(page, '.stations-item').first().click();
      await visible(page, '.station-name').waitFor({ state: 'visible' });
      expect((await visible(page, '.station-name').textContent())?.trim()).toBe(nearby.items[0].name);
      await expect(visible(page, '.station-navigate').count()).resolves.toBe(1);
      await expect(visible(page, '.station-hours').count()).resolves.toBe(1);
      await expectNoLoginPage(page);

      // Back lands on the list, as it was, with the tab bar.
      await page.goBack();
      await visible(page, '.stations-item').first().waitFor({ state: 'visible' });
      await expectOnTab(page, 'pages/stations/index/index');
      await expectNoLoginPage(page);
    });
  });

  it('a page that needs a login says why, and Back leaves it for the page the visitor came from', async () => {
    await withPhonePage(browser, async (page) => {
      await page.goto(`${server.baseUrl}/`);
      await page.locator('.weui-tabbar__item', { hasText: '福利' }).click();
      await visible(page, '.benefits-signed-out').waitFor({ state: 'visible' });

      // 我的优惠券 explains itself instead of bouncing to login.
      await visible(page, '.benefits-my-coupons').click();
      await visible(page, '.su-signed-out').waitFor({ state: 'visible' });
      await expect(visible(page, '.su-signed-out').textContent()).resolves.toContain('登录后查看你的优惠券');
      await expect(visible(page, '.su-signed-out-login').count()).resolves.toBe(1);
      await expectNoLoginPage(page);

      await page.goBack();
      await visible(page, '.benefits-signed-out').waitFor({ state: 'visible' });
      await expectOnTab(page, 'pages/benefits/index/index');
      await expectNoLoginPage(page);

      // Tapping 登录 opens the login page; Back from it returns to the explanation, never to login again, and
      // the next Back leaves.
      await visible(page, '.benefits-my-coupons').click();
      await visible(page, '.su-signed-out-login').click();
      await visible(page, '.login').waitFor({ state: 'visible' });
      await page.goBack();
      await visible(page, '.su-signed-out').waitFor({ state: 'visible' });
      await expectNoLoginPage(page);
      expect(page.url()).toContain('pages/benefits/coupons/index');
      await page.goBack();
      await visible(page, '.benefits-signed-out').waitFor({ state: 'visible' });
      await expectOnTab(page, 'pages/benefits/index/index');

      // And a login from the explanation comes straight back to the page, now showing the member's coupons.
      await visible(page, '.benefits-my-coupons').click();
      await visible(page, '.su-signed-out-login').click();
      await visible(page, '.login-demo--member').click();
      await visible(page, '.my-coupon, .my-coupons-empty').first().waitFor({ state: 'visible' });
      await expect(visible(page, '.su-signed-out').count()).resolves.toBe(0);
      expect(page.url()).toContain('pages/benefits/coupons/index');
    });
  });

  it('暂不登录 leaves a login page that has nothing behind it for the app', async () => {
    await withPhonePage(browser, async (page) => {
      await page.goto(`${server.baseUrl}/#/pages/login/index/index`);
      await visible(page, '.login-skip').click();
      await page.locator('.weui-tabbar').first().waitFor({ state: 'visible' });
      await expectOnTab(page, 'pages/home/index/index');
      await expectNoLoginPage(page);
    });
  });
});

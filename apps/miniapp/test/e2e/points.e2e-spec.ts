import {
  DEMO_USER_KEYS,
  type MallOrderListResponse,
  type MyPointsResponse,
  Role,
} from '@smartunion/contracts';
import type { Browser } from 'playwright-core';

import { startE2eServer } from '../../../api/test/support/e2e-server';
import { launchBrowser, withPhonePage } from './support/browser';
import { apiGetAs, logInThroughUi, text } from './support/session';

jest.setTimeout(120_000);

/** The seed's 小店区 item the demo station master (小店区) can hand over. */
const ITEM = '防晒冰袖';

describe('H5: 积分 sign-in, 积分商城 redeem and 提货 in the workbench (e2e, real API)', () => {
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

  const memberPoints = (): Promise<MyPointsResponse> =>
    apiGetAs<MyPointsResponse>(server.baseUrl, DEMO_USER_KEYS.member, '/api/v1/points/me');

  it('the demo member signs in, redeems an item and sees the pickup code; the station master hands it over', async () => {
    // Fresh demo data: a streak up to yesterday, not signed today.
    const before = await memberPoints();
    expect(before.signIn.signedToday).toBe(false);
    expect(before.signIn.streak).toBeGreaterThan(0);
    let pickupCode = '';

    await withPhonePage(browser, async (page) => {
      await logInThroughUi(page, server.baseUrl, Role.Member);
      await page.locator('.mine-points').click();
      await page.locator('.points-balance:visible').waitFor({ state: 'visible' });
      expect(await text(page, '.points-balance:visible')).toBe(String(before.balance));

      await page.locator('.points-sign-in:visible').click();
      const signed = before.balance + before.signIn.todayPoints;
      await page
        .locator('.points-balance:visible', { hasText: String(signed) })
        .waitFor({ state: 'visible' });
      expect(await text(page, '.points-streak:visible')).toBe(`已连续签到 ${before.signIn.streak + 1} 天`);
      expect(await text(page, '.points-entry-note:visible')).toContain(
        `连续签到第 ${before.signIn.streak + 1} 天`,
      );
      await expect(page.locator('.points-sign-in--done:visible').count()).resolves.toBe(1);

      await page.locator('.points-go-mall:visible').click();
      const card = page.locator('.mall-item:visible', { hasText: ITEM });
      await card.waitFor({ state: 'visible' });
      await card.locator('.mall-redeem').click();
      await page.locator('.mall-confirm .nut-dialog-footer-ok').click();

      await page.locator('.orders-pickup-code:visible').waitFor({ state: 'visible' });
      pickupCode = await text(page, '.orders-pickup-code:visible');
      expect(pickupCode).toMatch(/^\d{8}$/);
      await expect(page.locator('.orders-qr:visible').count()).resolves.toBe(1);
      expect(await text(page, '.orders-item--awaiting_pickup:visible .orders-code')).toBe(pickupCode);
    });

    const after = await memberPoints();
    expect(after.balance).toBe(before.balance + before.signIn.todayPoints - 30);
    const orders = await apiGetAs<MallOrderListResponse>(
      server.baseUrl,
      DEMO_USER_KEYS.member,
      '/api/v1/points/mall/my-orders',
    );
    expect(orders.items[0]).toMatchObject({ pickupCode, status: 'awaiting_pickup', item: { name: ITEM } });

    await withPhonePage(browser, async (page) => {
      await logInThroughUi(page, server.baseUrl, Role.StationMaster);
      await page.locator('.mine-workbench').click();
      await page.locator('.workbench-mall-fulfil').click();
      await page.locator('.mall-fulfil-code input').fill(pickupCode);
      await page.locator('.mall-fulfil-lookup').click();
      const order = page.locator('.mall-fulfil-order:visible');
      await order.waitFor({ state: 'visible' });
      expect(await text(page, '.mall-fulfil-item:visible')).toBe(`${ITEM} ×1`);
      expect(await text(page, '.mall-fulfil-member:visible')).toContain('王**');
      await page.locator('.mall-fulfil-confirm:visible').click();
      await page.locator('.mall-fulfil-order--fulfilled:visible').waitFor({ state: 'visible' });
      expect(await text(page, '.mall-fulfil-status:visible')).toBe('已领取');
    });

    const handed = await apiGetAs<MallOrderListResponse>(
      server.baseUrl,
      DEMO_USER_KEYS.member,
      '/api/v1/points/mall/my-orders',
    );
    expect(handed.items[0]).toMatchObject({ pickupCode, status: 'fulfilled' });
  });
});

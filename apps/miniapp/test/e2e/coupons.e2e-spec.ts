import { businessDateTime, DEMO_USER_KEYS, type MyCouponsResponse, Role } from '@smartunion/contracts';
import type { Browser } from 'playwright-core';

import { startE2eServer } from '../../../api/test/support/e2e-server';
import { createTestApp, type TestApp } from '../../../api/test/support/test-app';
import { launchBrowser, withPhonePage } from './support/browser';
import { tokenOf } from './support/membership';
import { logInThroughUi } from './support/session';

jest.setTimeout(90_000);

/** A seeded template the demo member (a rider of 小店区) may claim and has not claimed yet: two per member. */
const TITLE = '工会午餐券 满30减8';

describe('H5: claim a coupon on 福利, show its QR and code, and the merchant types the code (e2e, real API)', () => {
  let server: { baseUrl: string; close(): Promise<void> };
  let browser: Browser;
  let t: TestApp;

  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchBrowser();
    t = await createTestApp();
  });

  afterAll(async () => {
    await t?.close();
    await browser?.close();
    await server?.close();
  });

  it('the demo member claims a coupon and reads out its code; the merchant types it, once, never twice', async () => {
    let couponId = '';
    let shortCode = '';
    await withPhonePage(browser, async (page) => {
      await logInThroughUi(page, server.baseUrl, Role.Member);
      await page.locator('.weui-tabbar__item', { hasText: '福利' }).click();
      const card = page.locator('.coupon-card:visible', { hasText: TITLE });
      await card.waitFor({ state: 'visible' });
      await expect(card.textContent()).resolves.toContain('满30减8');
      await card.locator('.coupon-claim').click();
      await page.locator('.nut-toast', { hasText: '领取成功' }).waitFor({ state: 'visible' });
      // One of two claimed: the button now offers the second.
      await card.locator('.coupon-claim', { hasText: '再领一张' }).waitFor({ state: 'visible' });

      await page.locator('.benefits-my-coupons:visible').click();
      const mine = page.locator('.my-coupon:visible', { hasText: TITLE });
      await mine.waitFor({ state: 'visible' });
      couponId = (await mine.getAttribute('data-coupon-id')) ?? '';
      expect(couponId).not.toBe('');
      await mine.click();
      const qr = page.locator('.coupon-qr-image:visible img');
      await qr.waitFor({ state: 'visible' });
      await expect(qr.getAttribute('src')).resolves.toMatch(/^data:image\/png;base64,/);
      await expect(page.locator('.coupon-status:visible').textContent()).resolves.toBe('可使用');
      // Beside the QR, the counter code in two groups of four, for reading aloud.
      shortCode = (await page.locator('.coupon-short-code:visible').textContent()) ?? '';
      expect(shortCode).toMatch(/^\d{4} \d{4}$/);
    });

    const memberToken = await tokenOf(t, DEMO_USER_KEYS.member);
    const listed = await t.call<MyCouponsResponse>(
      'GET',
      '/api/v1/benefits/coupons/mine?status=active',
      memberToken,
    );
    expect(listed.body.items.map((c) => c.id)).toContain(couponId);

    await withPhonePage(browser, async (page) => {
      await logInThroughUi(page, server.baseUrl, Role.Merchant);
      await page.locator('.mine-writeoff').click();
      // The cashier types what the member reads out, spaces and all.
      await page.locator('.writeoff-code input').fill(shortCode);
      await page.locator('.writeoff-submit').click();
      const result = page.locator('.writeoff-result:visible');
      await result.waitFor({ state: 'visible' });
      await expect(page.locator('.writeoff-verdict:visible').textContent()).resolves.toBe('核销成功');
      await expect(result.textContent()).resolves.toContain(TITLE);
      // The counter sees the family name only.
      await expect(page.locator('.writeoff-member:visible').textContent()).resolves.toBe('会员 王**');
      await expect(page.locator('.writeoff-record:visible').first().textContent()).resolves.toContain(
        '核销成功',
      );

      // The same code again: not 核销成功 a second time, but 已核销 with when and at which store.
      const [used] = await t.db.query<{ usedAt: Date; store: string }[]>(
        `SELECT c.used_at AS "usedAt", st.name AS store
           FROM coupons c JOIN merchant_stores st ON st.id = c.used_store_id WHERE c.id = $1`,
        [couponId],
      );
      await page.locator('.writeoff-code input').fill(shortCode);
      await page.locator('.writeoff-submit').click();
      await page.locator('.writeoff-result--used:visible').waitFor({ state: 'visible' });
      await expect(page.locator('.writeoff-verdict:visible').textContent()).resolves.toBe('已核销');
      await expect(page.locator('.writeoff-used:visible').textContent()).resolves.toBe(
        `${businessDateTime(used.usedAt.getTime())} 于 ${used.store} 核销，不能重复使用`,
      );
      await expect(page.locator('.writeoff-result:visible').textContent()).resolves.toContain(TITLE);
    });

    const used = await t.call<MyCouponsResponse>(
      'GET',
      '/api/v1/benefits/coupons/mine?status=used',
      memberToken,
    );
    expect(used.body.items.map((c) => c.id)).toContain(couponId);
  });
});

import {
  type CouponQrResponse,
  DEMO_USER_KEYS,
  type MemberFlashDropsResponse,
  type MyCouponsResponse,
  Role,
} from '@smartunion/contracts';
import type { Browser } from 'playwright-core';

import { startE2eServer } from '../../../api/test/support/e2e-server';
import { insertUser, uniqueTag } from '../../../api/test/support/fixtures';
import { type FlashWorker, startFlashWorker } from '../../../api/test/support/flash-worker';
import { createTestApp, type TestApp, testConfig } from '../../../api/test/support/test-app';
import { launchBrowser, withPhonePage } from './support/browser';
import { tokenOf } from './support/membership';
import { pickInPicker } from './support/picker';
import { logInThroughUi, openSignedIn } from './support/session';

jest.setTimeout(90_000);

/** The seeded drop that opens seconds after the seed (cli/seed/flash.seed.ts), of 洁途汽车洗护's template. */
const LIVE = '洗车精洗套餐5折 周末秒杀';
const UPCOMING = '洗车精洗套餐5折 整点秒杀';
const MERCHANT = '洁途汽车洗护';

describe('H5: grab a flash drop on 福利, show the coupon, and the merchant writes it off (e2e, real API)', () => {
  const config = testConfig();
  let server: { baseUrl: string; close(): Promise<void> };
  let browser: Browser;
  let t: TestApp;
  let worker: FlashWorker;

  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchBrowser();
    t = await createTestApp();
    // The quick start's worker: here only its flash jobs, in this process (the seed queued the pre-heats).
    worker = await startFlashWorker(config);
  });

  afterAll(async () => {
    await worker?.close();
    await t?.close();
    await browser?.close();
    await server?.close();
  });

  it('the demo member grabs the live drop, opens the coupon; a 洁途 counter writes it off', async () => {
    const memberToken = await tokenOf(t, DEMO_USER_KEYS.member);
    // Wait for the worker to pre-heat the seeded drop and for it to open.
    for (let i = 0; ; i += 1) {
      const { body } = await t.call<MemberFlashDropsResponse>(
        'GET',
        '/api/v1/benefits/flash-drops/mine',
        memberToken,
      );
      const live = body.items.find((d) => d.title === LIVE);
      if (live?.status === 'live' && Date.parse(live.startsAt) < body.now) {
        const [{ preheated }] = await t.db.query<{ preheated: boolean }[]>(
          `SELECT preheated_at IS NOT NULL AS preheated FROM flash_drops WHERE id = $1`,
          [live.id],
        );
        if (preheated) break;
      }
      if (i > 100) throw new Error('the seeded drop never opened');
      await new Promise((r) => setTimeout(r, 200));
    }

    let couponId = '';
    await withPhonePage(browser, async (page) => {
      await logInThroughUi(page, server.baseUrl, Role.Member);
      await page.locator('.weui-tabbar__item', { hasText: '福利' }).click();
      const upcoming = page.locator('.flash-drop:visible', { hasText: UPCOMING });
      await upcoming.waitFor({ state: 'visible' });
      // Not open yet: a countdown on the server's clock, and no grab.
      await expect(upcoming.locator('.flash-countdown').textContent()).resolves.toMatch(
        /距开抢\s*\d{2}:\d{2}:\d{2}/,
      );
      await expect(upcoming.locator('.flash-grab').getAttribute('class')).resolves.toContain(
        'nut-button-disabled',
      );
      await expect(upcoming.locator('.flash-grab').textContent()).resolves.toBe('即将开抢');

      const card = page.locator('.flash-drop:visible', { hasText: LIVE });
      await expect(card.textContent()).resolves.toContain('5折');
      await card.locator('.flash-grab', { hasText: '立即抢' }).click();
      const result = card.locator('.flash-result');
      await result.waitFor({ state: 'visible' });
      await expect(result.locator('.flash-result-text').textContent()).resolves.toBe('抢到了！');
      await card.locator('.flash-grab', { hasText: '已抢到' }).waitFor({ state: 'visible' });

      // The grant reaches PostgreSQL through the persist queue within moments.
      await page.waitForTimeout(1000);
      await result.locator('.flash-coupon-link').click();
      await page.locator('.coupon-merchant:visible', { hasText: MERCHANT }).waitFor({ state: 'visible' });
      await page.locator('.coupon-qr-image:visible img').waitFor({ state: 'visible' });
      await expect(page.locator('.coupon-status:visible').textContent()).resolves.toBe('可使用');
      couponId = decodeURIComponent(new URL(page.url().replace('/#/', '/')).searchParams.get('id') ?? '');
    });
    expect(couponId).toMatch(/^[0-9a-f-]{36}$/);

    const mine = await t.call<MyCouponsResponse>(
      'GET',
      '/api/v1/benefits/coupons/mine?status=active',
      memberToken,
    );
    expect(mine.body.items.find((c) => c.id === couponId)?.source).toBe('flash');
    const qr = await t.call<CouponQrResponse>('GET', `/api/v1/benefits/coupons/${couponId}/qr`, memberToken);
    expect(qr.status).toBe(200);

    // A counter clerk of 洁途汽车洗护 (the demo merchant works for another merchant).
    const key = `e2e-flash-clerk-${uniqueTag()}`;
    const [{ id: merchantId, org_id: orgId }] = await t.db.query<{ id: string; org_id: string }[]>(
      `SELECT id, org_id FROM merchants WHERE name = $1`,
      [MERCHANT],
    );
    const clerk = await insertUser(t.db, key, '洁途店员', [{ role: 'merchant', orgId }]);
    await t.db.query(`INSERT INTO merchant_users (merchant_id, user_id) VALUES ($1, $2)`, [
      merchantId,
      clerk,
    ]);
    const tokens = await t.login(key);
    await withPhonePage(browser, async (page) => {
      await openSignedIn(page, server.baseUrl, tokens, '/pages/benefits/writeoff/index');
      await page.locator('.writeoff-code input').fill(qr.body.qrToken);
      await page.locator('.writeoff-submit').click();
      await page.locator('.writeoff-result:visible').waitFor({ state: 'visible' });
      await expect(page.locator('.writeoff-verdict:visible').textContent()).resolves.toBe('核销成功');
    });
    const used = await t.call<MyCouponsResponse>(
      'GET',
      '/api/v1/benefits/coupons/mine?status=used',
      memberToken,
    );
    expect(used.body.items.map((c) => c.id)).toContain(couponId);
  });

  it('city staff schedule a drop from a coupon template in 秒杀管理, see it listed, and cancel it', async () => {
    const title = `周末秒杀 ${Date.now() % 100000}`;
    await withPhonePage(browser, async (page) => {
      await logInThroughUi(page, server.baseUrl, Role.CityStaff);
      await page.locator('.mine-workbench').click();
      await page.locator('.workbench-flash-drops').click();
      // The seeded drops of 太原 are listed with their progress.
      await page.locator('.flash-admin-drop:visible', { hasText: LIVE }).waitFor({ state: 'visible' });
      await page.locator('.flash-admin-new').click();
      await page.locator('.flash-admin-template').click();
      await page.locator('.nut-picker-confirm-btn').click();
      await page
        .locator('.flash-admin-template .nut-cell-extra', { hasNotText: '请选择' })
        .waitFor({ state: 'visible' });
      await page.locator('.flash-admin-input--title input').fill(title);
      await page.locator('.flash-admin-input--stock input').fill('20');
      // The end is picked in China time on the DatePicker's columns: half past the preset hour.
      const endField = page.locator('.flash-admin-date--endsAt .su-date-field-value');
      const presetEnd = ((await endField.textContent()) ?? '').trim();
      expect(presetEnd).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:00$/);
      await page.locator('.flash-admin-date--endsAt').click();
      await pickInPicker(page, { 4: '30' });
      const endsAt = `${presetEnd.slice(0, 14)}30`;
      await expect(endField.textContent()).resolves.toBe(endsAt);
      await page.locator('.flash-admin-submit').click();
      await page.locator('.nut-toast', { hasText: '秒杀已安排' }).waitFor({ state: 'visible' });
      const card = page.locator('.flash-admin-drop:visible', { hasText: title });
      await card.waitFor({ state: 'visible' });
      await expect(card.locator('.flash-admin-status').textContent()).resolves.toBe('即将开始');
      await expect(card.locator('.flash-admin-counts').textContent()).resolves.toContain('已抢 0 / 20 张');
      await expect(card.textContent()).resolves.toContain(`至 ${endsAt}`);
      await card.locator('.flash-admin-cancel').click();
      await page.locator('.nut-toast', { hasText: '已取消' }).waitFor({ state: 'visible' });
      await card.locator('.flash-admin-status', { hasText: '已取消' }).waitFor({ state: 'visible' });
    });
    const [row] = await t.db.query<{ status: string; stock: number }[]>(
      `SELECT status, stock FROM flash_drops WHERE title = $1`,
      [title],
    );
    expect(row).toEqual({ status: 'cancelled', stock: 20 });
  });

  it('an ended drop is one quiet line with the way to the member’s coupon; one over for days is gone', async () => {
    // The drop the demo member grabbed (first test) ended an hour ago; the upcoming one two days ago.
    await t.db.query(
      `UPDATE flash_drops SET starts_at = now() - interval '3 hours', ends_at = now() - interval '1 hour'
        WHERE title = $1`,
      [LIVE],
    );
    await t.db.query(
      `UPDATE flash_drops SET starts_at = now() - interval '3 days', ends_at = now() - interval '2 days'
        WHERE title = $1`,
      [UPCOMING],
    );
    await withPhonePage(browser, async (page) => {
      await logInThroughUi(page, server.baseUrl, Role.Member);
      await page.locator('.weui-tabbar__item', { hasText: '福利' }).click();
      const line = page.locator('.flash-ended:visible', { hasText: LIVE });
      await line.waitFor({ state: 'visible' });
      await expect(line.locator('.flash-ended-status').textContent()).resolves.toBe('已结束');
      // No card and no grab button for it; the long-ended drop is not listed at all.
      await expect(page.locator('.flash-drop:visible', { hasText: LIVE }).count()).resolves.toBe(0);
      await expect(page.locator('.flash-section:visible', { hasText: UPCOMING }).count()).resolves.toBe(0);
      await line.locator('.flash-ended-coupon').click();
      await page.locator('.coupon-merchant:visible', { hasText: MERCHANT }).waitFor({ state: 'visible' });
    });
  });
});

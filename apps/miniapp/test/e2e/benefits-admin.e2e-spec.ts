import {
  type ClaimableCouponsResponse,
  type CouponTemplateListResponse,
  CREDIT_CODE_PROBLEM_LABELS,
  DEMO_USER_KEYS,
  ERROR_MESSAGES_ZH,
  ErrorCode,
  type MeResponse,
  type MerchantListResponse,
  Role,
} from '@smartunion/contracts';
import type { Browser, Page } from 'playwright-core';

import { startE2eServer } from '../../../api/test/support/e2e-server';
import { createTestApp, type TestApp } from '../../../api/test/support/test-app';
import { launchBrowser, withPhonePage } from './support/browser';
import { newWorker, tokenOf } from './support/membership';
import { pickInPicker } from './support/picker';
import { apiGetAs, logInThroughUi, openSignedIn, text } from './support/session';

jest.setTimeout(120_000);

const CITY_ORG = '太原市总工会';
/** The seed's first partner merchant of 太原市总工会 (the demo merchant's). */
const SEED_MERCHANT = '晋味坊刀削面馆';
/** A county staff of 大同 (平城区): 太原's merchants are outside their scope. */
const DATONG_STAFF = 'demo-county-staff-datong';

const MERCHANTS_PAGE = '/pages/staff-benefits/merchants/index';
const MERCHANT_PAGE = '/pages/staff-benefits/merchant-edit/index';
const TEMPLATES_PAGE = '/pages/staff-benefits/coupon-templates/index';

const toast = (page: Page, content: string) => page.locator('.nut-toast', { hasText: content });

describe('H5: 普惠 workbench — merchants, stores and coupon templates (e2e, real API)', () => {
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

  it('the demo city staff signs up a merchant with a store and a coupon for it; the demo member claims it on 福利', async () => {
    const tag = Date.now().toString(36).slice(-5);
    const merchantName = `并州老醋坊 ${tag}`;
    const storeName = `并州老醋坊（亲贤街店）${tag}`;
    const title = `老醋坊会员券 ${tag}`;
    // A fresh account to link at the counter: the demo users' roles stay as other tests expect them.
    const worker = await newWorker(t, `cashier${tag}`);
    const me = await t.call<MeResponse>('GET', '/api/v1/me', await tokenOf(t, worker.key));
    const cashier = { id: me.body.id, name: worker.name };

    await withPhonePage(browser, async (page) => {
      await logInThroughUi(page, server.baseUrl, Role.CityStaff);
      await page.locator('.mine-workbench').click();
      await page.locator('.workbench-merchants:visible').click();
      await page
        .locator('.wb-merchants-item:visible', { hasText: SEED_MERCHANT })
        .waitFor({ state: 'visible' });
      await page.locator('.wb-merchants-create:visible').click();

      // Nothing filled: the form says what is missing before anything is sent.
      await page.locator('.merchant-edit-save:visible').click();
      await page.locator('.su-field-error--name:visible').waitFor({ state: 'visible' });
      expect(await text(page, '.su-field-error--org:visible')).toBe('请选择管理该商户的工会组织');
      expect(await text(page, '.su-field-error--name:visible')).toBe('请填写商户名称（2–100 字）');
      expect(await text(page, '.su-field-error--contactPhone:visible')).toContain(
        '请填写手机号或带区号的固定电话',
      );

      await page.locator('.org-chooser-option:visible', { hasText: CITY_ORG }).click();
      await page.locator('.merchant-edit-input--name:visible input').fill(merchantName);
      await page.locator('.merchant-edit-input--contactName:visible input').fill('郭晋生');
      await page.locator('.merchant-edit-input--contactPhone:visible input').fill('0351-7123456');
      // A credit code with a wrong check character is caught here too.
      await page.locator('.merchant-edit-input--creditCode:visible input').fill('91140105MA0L1234X0');
      await page.locator('.merchant-edit-save:visible').click();
      expect(await text(page, '.su-field-error--creditCode:visible')).toBe(
        CREDIT_CODE_PROBLEM_LABELS.checksum,
      );
      await page.locator('.merchant-edit-input--creditCode:visible input').fill('');
      await page.locator('.merchant-edit-save:visible').click();

      // Signed up: its own page, where stores are added.
      const summary = page.locator('.merchant-edit-summary:visible');
      await summary.waitFor({ state: 'visible' });
      await expect(summary.textContent()).resolves.toContain('合作中');
      await expect(summary.textContent()).resolves.toContain(CITY_ORG);
      await page.locator('.merchant-stores-empty:visible').waitFor({ state: 'visible' });

      await page.locator('.merchant-stores-add:visible').click();
      await page.locator('.merchant-store-input--name:visible input').fill(storeName);
      await page.locator('.merchant-store-input--address:visible input').fill('太原市小店区亲贤北街 99 号');
      await page.locator('.merchant-store-input--phone:visible input').fill('0351-7123457');
      await page.locator('.merchant-store-input--lat:visible input').fill('91');
      await page.locator('.merchant-store-input--lng:visible input').fill('112.5655');
      await page.locator('.merchant-store-save:visible').click();
      expect(await text(page, '.su-field-error--location:visible')).toContain('请填写有效的纬度和经度');
      await page.locator('.merchant-store-input--lat:visible input').fill('37.8199');
      await page.locator('.merchant-store-save:visible').click();
      await toast(page, '门店已添加').waitFor({ state: 'visible' });
      const store = page.locator('.merchant-store:visible', { hasText: storeName });
      await store.waitFor({ state: 'visible' });
      await expect(store.textContent()).resolves.toContain('37.8199, 112.5655');
      await expect(summary.textContent()).resolves.toContain('门店 1 家（营业中 1 家）');

      // A second store of that name: the API refuses, and the form says why.
      await page.locator('.merchant-stores-add:visible').click();
      await page.locator('.merchant-store-input--name:visible input').fill(storeName);
      await page.locator('.merchant-store-input--address:visible input').fill('太原市小店区亲贤北街 100 号');
      await page.locator('.merchant-store-input--lat:visible input').fill('37.8201');
      await page.locator('.merchant-store-input--lng:visible input').fill('112.5656');
      await page.locator('.merchant-store-save:visible').click();
      await toast(page, '该商户已有同名门店').waitFor({ state: 'visible' });
      expect(await text(page, '.su-field-error--name:visible')).toBe('该商户已有同名门店');
      await page.locator('.merchant-store-cancel:visible').click();

      // Suspended, the merchant offers nothing; resumed, it is a partner again.
      await page.locator('.merchant-edit-suspend:visible').click();
      await page.locator('.merchant-edit-suspend-dialog .nut-dialog-footer-ok').click();
      await page.locator('.merchant-edit-status--suspended:visible').waitFor({ state: 'visible' });
      await page.locator('.merchant-edit-activate:visible').click();
      await page.locator('.merchant-edit-status--active:visible').waitFor({ state: 'visible' });

      // A counter account, by its account id: linked, then unlinked again.
      await page.locator('.merchant-accounts-input:visible input').fill('not-an-id');
      await page.locator('.merchant-accounts-submit:visible').click();
      expect(await text(page, '.su-field-error--userId:visible')).toContain('请填写核销人员的账号 ID');
      await page.locator('.merchant-accounts-input:visible input').fill(cashier.id);
      await page.locator('.merchant-accounts-submit:visible').click();
      const account = page.locator('.merchant-account:visible', { hasText: cashier.name });
      await account.waitFor({ state: 'visible' });
      await account.locator('.merchant-account-unlink').click();
      await page.locator('.merchant-accounts-unlink-dialog .nut-dialog-footer-ok').click();
      await page.locator('.merchant-accounts-none:visible').waitFor({ state: 'visible' });

      // A coupon for it: merchant and audience org come preset from the merchant's page.
      await page.locator('.merchant-edit-new-coupon:visible').click();
      await expect(page.locator('.template-edit-merchant:visible').textContent()).resolves.toContain(
        merchantName,
      );
      await expect(page.locator('.org-chooser-selected:visible').textContent()).resolves.toContain(CITY_ORG);
      await page.locator('.template-edit-input--title:visible input').fill(title);
      await page.locator('.template-edit-input--amount:visible input').fill('40');
      await page.locator('.template-edit-input--minSpend:visible input').fill('30');
      await page.locator('.template-edit-input--totalStock:visible input').fill('50');
      await page.locator('.template-edit-description:visible textarea').fill('堂食外带均可，每单限用一张');
      await page.locator('.template-edit-save:visible').click();
      expect(await text(page, '.su-field-error--amount:visible')).toBe('减免金额不能超过使用门槛');
      await page.locator('.template-edit-input--amount:visible input').fill('6');
      expect(await text(page, '.template-edit-preview:visible')).toBe('券面：满30减6');
      await page.locator('.template-edit-occupation--delivery_rider:visible').click();
      await page.locator('.template-edit-occupation--courier:visible').click();
      // The last day is picked on the DatePicker's year column: a year after the preset one.
      const validTo = page.locator('.template-edit-date--validTo:visible .su-date-field-value');
      const presetYear = Number(((await validTo.textContent()) ?? '').slice(0, 4));
      await page.locator('.template-edit-date--validTo:visible').click();
      await pickInPicker(page, { 0: String(presetYear + 1) });
      const lastDay = ((await validTo.textContent()) ?? '').trim();
      expect(lastDay).toMatch(new RegExp(`^${presetYear + 1}-\\d{2}-\\d{2}$`));
      await page.locator('.template-edit-save:visible').click();

      const card = page.locator('.template-edit-summary:visible');
      await card.waitFor({ state: 'visible' });
      await expect(card.textContent()).resolves.toContain('满30减6');
      await expect(card.textContent()).resolves.toContain('发放中');
      await expect(card.textContent()).resolves.toContain(`至 ${lastDay}`);
      await expect(page.locator('.template-edit-stock:visible').textContent()).resolves.toContain(
        '已领 0 · 秒杀预留 0 · 总量 50（剩余 50）',
      );

      // More stock, and a pause and a resume.
      await page.locator('.template-edit-input--addStock:visible input').fill('10');
      await page.locator('.template-edit-raise-submit:visible').click();
      await toast(page, '发放总量已增至 60 张').waitFor({ state: 'visible' });
      await expect(page.locator('.template-edit-stock:visible').textContent()).resolves.toContain(
        '总量 60（剩余 60）',
      );
      await page.locator('.template-edit-pause:visible').click();
      await page.locator('.template-edit-status--paused:visible').waitFor({ state: 'visible' });
      await page.locator('.template-edit-resume:visible').click();
      await page.locator('.template-edit-status--active:visible').waitFor({ state: 'visible' });

      // The scope's list shows it with its value, stock and audience.
      await page.goto(`${server.baseUrl}/#${TEMPLATES_PAGE}`);
      const item = page.locator('.wb-templates-item:visible', { hasText: title });
      await item.waitFor({ state: 'visible' });
      await expect(item.locator('.wb-templates-item-label').textContent()).resolves.toBe('满30减6');
      await expect(item.locator('.wb-templates-item-kind').textContent()).resolves.toBe('满减券');
      await expect(item.locator('.wb-templates-item-stock').textContent()).resolves.toContain('总量 60');
      await expect(item.locator('.wb-templates-item-audience').textContent()).resolves.toBe(
        '外卖骑手 · 快递员专享',
      );
      await expect(item.textContent()).resolves.toContain(merchantName);
    });

    await withPhonePage(browser, async (page) => {
      await logInThroughUi(page, server.baseUrl, Role.Member);
      await page.locator('.weui-tabbar__item', { hasText: '福利' }).click();
      const card = page.locator('.coupon-card:visible', { hasText: title });
      await card.waitFor({ state: 'visible' });
      await expect(card.textContent()).resolves.toContain('满30减6');
      await expect(card.textContent()).resolves.toContain(merchantName);
      await card.locator('.coupon-claim').click();
      await toast(page, '领取成功').waitFor({ state: 'visible' });
      await card.locator('.coupon-claim', { hasText: '已领取' }).waitFor({ state: 'visible' });
    });

    const claimable = await apiGetAs<ClaimableCouponsResponse>(
      server.baseUrl,
      DEMO_USER_KEYS.member,
      '/api/v1/benefits/coupon-templates/claimable',
    );
    expect(claimable.items.find((c) => c.title === title)).toMatchObject({ claimed: 1, remaining: 59 });
    const merchants = await apiGetAs<MerchantListResponse>(
      server.baseUrl,
      DEMO_USER_KEYS.cityStaff,
      `/api/v1/benefits/merchants?q=${encodeURIComponent(merchantName)}`,
    );
    expect(merchants.items).toHaveLength(1);
    expect(merchants.items[0].stores.map((s) => s.name)).toEqual([storeName]);
  });

  it("a county staff of 大同 sees none of 太原's merchants or coupons and cannot open one", async () => {
    const seeded = await apiGetAs<MerchantListResponse>(
      server.baseUrl,
      DEMO_USER_KEYS.cityStaff,
      `/api/v1/benefits/merchants?q=${encodeURIComponent(SEED_MERCHANT)}`,
    );
    const merchant = seeded.items.find((m) => m.name === SEED_MERCHANT);
    expect(merchant).toBeDefined();
    const templates = await apiGetAs<CouponTemplateListResponse>(
      server.baseUrl,
      DEMO_USER_KEYS.cityStaff,
      `/api/v1/benefits/coupon-templates?merchantId=${merchant?.id ?? ''}`,
    );
    expect(templates.items.length).toBeGreaterThan(0);

    await withPhonePage(browser, async (page) => {
      await openSignedIn(page, server.baseUrl, await t.login(DATONG_STAFF), MERCHANTS_PAGE);
      await page.locator('.wb-merchants-toolbar:visible').waitFor({ state: 'visible' });
      await expect(
        page.locator('.wb-merchants-item:visible', { hasText: SEED_MERCHANT }).count(),
      ).resolves.toBe(0);

      await page.locator('.wb-merchants-search:visible input').fill(SEED_MERCHANT);
      await page.locator('.wb-merchants-search:visible input').press('Enter');
      await page.locator('.wb-merchants-empty:visible').waitFor({ state: 'visible' });
      expect(await text(page, '.wb-merchants-total:visible')).toBe('查找结果（0）');

      await page.goto(`${server.baseUrl}/#${MERCHANT_PAGE}?id=${merchant?.id ?? ''}`);
      await page.locator('.merchant-edit-failed:visible').waitFor({ state: 'visible' });
      await expect(page.locator('.merchant-edit-failed:visible').textContent()).resolves.toContain(
        ERROR_MESSAGES_ZH[ErrorCode.OutOfScope],
      );

      await page.goto(`${server.baseUrl}/#${TEMPLATES_PAGE}`);
      await page.locator('.wb-templates-toolbar:visible').waitFor({ state: 'visible' });
      const titles = templates.items.map((t) => t.title);
      for (const t of titles) {
        await expect(page.locator('.wb-templates-item:visible', { hasText: t }).count()).resolves.toBe(0);
      }
    });
  });
});

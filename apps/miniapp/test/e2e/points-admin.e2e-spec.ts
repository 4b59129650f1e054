import {
  DEMO_USER_KEYS,
  ERROR_MESSAGES_ZH,
  type EarnRulesResponse,
  type MallItemListResponse,
  type MallItemResponse,
  type MemberMallItemListResponse,
  type MyMembershipResponse,
  type MyPointsResponse,
  type PointEntryListResponse,
  Role,
  type StaffMallOrderListResponse,
} from '@smartunion/contracts';
import type { Browser, Page } from 'playwright-core';

import { startE2eServer } from '../../../api/test/support/e2e-server';
import { launchBrowser, withPhonePage } from './support/browser';
import { apiGetAs, apiToken, fetchMe, logInThroughUi, text } from './support/session';

jest.setTimeout(120_000);

/** The seed's item of 太原市总工会: a second item of that name is refused. */
const SEED_ITEM = '不锈钢保温杯';
const CITY_ORG = '太原市总工会';
/** 高小燕 (迎泽区, under 太原): the seed leaves her a 不锈钢保温杯 order awaiting pickup; no other test uses her. */
const MEMBER_3 = 'demo-member-3';

async function openWorkbenchEntry(page: Page, baseUrl: string, entry: string): Promise<void> {
  await logInThroughUi(page, baseUrl, Role.CityStaff);
  await page.locator('.mine-workbench').click();
  await page.locator(`.workbench-${entry}:visible`).click();
}

describe('H5: 积分 workbench — mall items and earn rules (e2e, real API)', () => {
  let server: { baseUrl: string; close(): Promise<void> };
  let browser: Browser;
  let cityOrgId: string;

  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchBrowser();
    const me = await fetchMe(server.baseUrl, DEMO_USER_KEYS.cityStaff);
    cityOrgId = me.roles.find((r) => r.org.name === CITY_ORG)?.org.id ?? '';
    expect(cityOrgId).not.toBe('');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the demo city staff puts a mall item up and tops up its stock; the demo member sees it in the mall', async () => {
    const name = `骑行反光马甲 ${Date.now().toString(36).slice(-5)}`;

    await withPhonePage(browser, async (page) => {
      await openWorkbenchEntry(page, server.baseUrl, 'mall-items');
      await page.locator('.wb-mall-items-item:visible', { hasText: SEED_ITEM }).waitFor({ state: 'visible' });
      await page.locator('.wb-mall-items-create:visible').click();

      // Nothing filled: the form says what is missing before anything is sent.
      await page.locator('.mall-item-edit-save:visible').click();
      await page.locator('.su-field-error--name:visible').waitFor({ state: 'visible' });
      expect(await text(page, '.su-field-error--name:visible')).toBe('请填写商品名称（2–60 字）');
      expect(await text(page, '.su-field-error--org:visible')).toBe('请选择提供商品的组织');
      expect(await text(page, '.su-field-error--pickup:visible')).toBe('请填写领取地点和时间（2–200 字）');

      await page.locator('.org-chooser-option:visible', { hasText: CITY_ORG }).click();
      await page.locator('.mall-item-edit-input--costPoints:visible input').fill('80');
      await page.locator('.mall-item-edit-input--stock:visible input').fill('50');
      await page.locator('.mall-item-edit-input--perMemberLimit:visible input').fill('2');
      await page
        .locator('.mall-item-edit-input--pickup:visible input')
        .fill('太原市总工会职工服务中心一楼（工作日 9:00–17:00）');
      await page.locator('.mall-item-edit-description:visible textarea').fill('夜间骑行反光，均码可调节');

      // The org has an item of that name: the API refuses, the toast and the field say so in Chinese.
      await page.locator('.mall-item-edit-input--name:visible input').fill(SEED_ITEM);
      await page.locator('.mall-item-edit-save:visible').click();
      await page
        .locator('.nut-toast', { hasText: ERROR_MESSAGES_ZH.MALL_ITEM_NAME_TAKEN })
        .waitFor({ state: 'visible' });
      expect(await text(page, '.su-field-error--name:visible')).toBe(ERROR_MESSAGES_ZH.MALL_ITEM_NAME_TAKEN);

      await page.locator('.mall-item-edit-input--name:visible input').fill(name);
      await page.locator('.mall-item-edit-save:visible').click();
      // Created: the page becomes the item's own, with its (empty) orders.
      await page.locator('.mall-item-edit-summary:visible').waitFor({ state: 'visible' });
      expect(await text(page, '.mall-item-edit-numbers:visible')).toBe('当前库存 50 · 已兑 0');
      await page.locator('.mall-item-orders-empty:visible').waitFor({ state: 'visible' });

      // Taking off more than is in stock is caught; a top-up moves the stock by the delta.
      const delta = page.locator('.mall-item-edit-input--stockDelta:visible input');
      await delta.fill('-51');
      await page.locator('.mall-item-edit-save:visible').click();
      await page.locator('.su-field-error--stockDelta:visible').waitFor({ state: 'visible' });
      await delta.fill('10');
      await page.locator('.mall-item-edit-save:visible').click();
      await page
        .locator('.mall-item-edit-numbers:visible', { hasText: '当前库存 60' })
        .waitFor({ state: 'visible' });
      await expect(delta.inputValue()).resolves.toBe('');

      // Back on the list, reloaded on show.
      await page.goBack();
      const card = page.locator('.wb-mall-items-item:visible', { hasText: name });
      await card.waitFor({ state: 'visible' });
      expect(await card.locator('.wb-mall-items-item-numbers').textContent()).toContain(
        '80 积分 · 库存 60 · 已兑 0 · 每人限兑 2',
      );
      expect(await card.locator('.wb-mall-items-item-status').textContent()).toBe('兑换中');
    });

    const staffList = await apiGetAs<MallItemListResponse>(
      server.baseUrl,
      DEMO_USER_KEYS.cityStaff,
      `/api/v1/points/mall/admin/items?orgId=${cityOrgId}&pageSize=100`,
    );
    expect(staffList.items.find((i) => i.name === name)).toMatchObject({
      costPoints: 80,
      stock: 60,
      perMemberLimit: 2,
      status: 'active',
      description: '夜间骑行反光，均码可调节',
      org: { id: cityOrgId },
    });

    const memberList = await apiGetAs<MemberMallItemListResponse>(
      server.baseUrl,
      DEMO_USER_KEYS.member,
      '/api/v1/points/mall/items?pageSize=100',
    );
    expect(memberList.items.find((i) => i.name === name)).toMatchObject({ canRedeem: 2, myRedeemed: 0 });

    await withPhonePage(browser, async (page) => {
      await logInThroughUi(page, server.baseUrl, Role.Member);
      await page.locator('.mine-points').click();
      await page.locator('.points-go-mall:visible').click();
      const item = page.locator('.mall-item:visible', { hasText: name });
      await item.waitFor({ state: 'visible' });
      expect(await item.locator('.mall-item-cost').textContent()).toBe('80 积分');
      expect(await item.locator('.mall-item-meta').textContent()).toContain('库存 60 · 每人限兑 2');
      expect(await item.textContent()).toContain(CITY_ORG);
    });
  });

  it('the demo city staff sets an earn rule for 太原市总工会, sees it listed, then removes it', async () => {
    const rulesOf = (): Promise<EarnRulesResponse> =>
      apiGetAs<EarnRulesResponse>(
        server.baseUrl,
        DEMO_USER_KEYS.cityStaff,
        `/api/v1/points/rules?orgId=${cityOrgId}`,
      );
    const before = (await rulesOf()).rules.find((r) => r.reason === 'volunteer');
    // The seed sets the province's rules: the city inherits them.
    expect(before).toMatchObject({ own: false, source: 'org', org: { name: '山西省总工会' } });

    try {
      await withPhonePage(browser, async (page) => {
        await openWorkbenchEntry(page, server.baseUrl, 'points-rules');
        await page
          .locator('.org-chooser-selected:visible', { hasText: CITY_ORG })
          .waitFor({ state: 'visible' });
        const rule = page.locator('.points-rules-rule--volunteer:visible');
        await rule.waitFor({ state: 'visible' });
        expect(await rule.locator('.points-rules-rule-source').textContent()).toBe(
          '沿用 山西省总工会 的设置',
        );
        expect(await rule.locator('.points-rules-rule-values').textContent()).toBe(
          `每次 ${before?.points} 分 · 每日上限 ${before?.dailyCap} 分`,
        );
        // The reconciliation report (none yet on fresh demo data, or the latest run).
        await page.locator('.points-rules-report:visible').waitFor({ state: 'visible' });

        await rule.locator('.points-rules-edit').click();
        await rule.locator('.points-rules-input--points input').fill('40');
        await rule.locator('.points-rules-input--dailyCap input').fill('20');
        await rule.locator('.points-rules-save').click();
        await page.locator('.su-field-error--dailyCap:visible').waitFor({ state: 'visible' });
        expect(await text(page, '.su-field-error--dailyCap:visible')).toBe('每日上限不能小于每次积分');

        await rule.locator('.points-rules-input--dailyCap input').fill('120');
        await rule.locator('.points-rules-save').click();
        const own = page.locator('.points-rules-rule--volunteer.points-rules-rule--own:visible');
        await own.waitFor({ state: 'visible' });
        expect(await own.locator('.points-rules-rule-source').textContent()).toBe('本组织设置');
        expect(await own.locator('.points-rules-rule-values').textContent()).toBe(
          '每次 40 分 · 每日上限 120 分',
        );

        // Stored: still listed after a reload.
        await page.reload();
        await own.waitFor({ state: 'visible' });
        expect(await own.locator('.points-rules-rule-values').textContent()).toBe(
          '每次 40 分 · 每日上限 120 分',
        );

        const after = (await rulesOf()).rules.find((r) => r.reason === 'volunteer');
        expect(after).toMatchObject({ own: true, points: 40, dailyCap: 120, enabled: true });
        // The demo member (小店区, under 太原) now earns under the city's rule.
        const member = await apiGetAs<MyPointsResponse>(
          server.baseUrl,
          DEMO_USER_KEYS.member,
          '/api/v1/points/me',
        );
        expect(member.today.find((t) => t.reason === 'volunteer')).toMatchObject({
          points: 40,
          dailyCap: 120,
        });

        // Removed: the province's rule is back in force.
        await own.locator('.points-rules-delete').click();
        await page.locator('.points-rules-delete-dialog .nut-dialog-footer-ok').click();
        await page
          .locator('.points-rules-rule--volunteer:visible .points-rules-rule-source', {
            hasText: '沿用 山西省总工会 的设置',
          })
          .waitFor({ state: 'visible' });
      });
      const restored = (await rulesOf()).rules.find((r) => r.reason === 'volunteer');
      expect(restored).toMatchObject({ own: false, points: before?.points, dailyCap: before?.dailyCap });
    } finally {
      // Leave the shared demo data as the seed made it, whatever failed above.
      const token = await apiToken(server.baseUrl, DEMO_USER_KEYS.cityStaff);
      await fetch(`${server.baseUrl}/api/v1/points/rules?orgId=${cityOrgId}&reason=volunteer`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${token}` },
      });
    }
  });
  it('the demo city staff adds points by member number (a dropped answer retried books once) and cancels an order, refunding it', async () => {
    const membership = await apiGetAs<MyMembershipResponse>(
      server.baseUrl,
      MEMBER_3,
      '/api/v1/membership/me',
    );
    const memberNo = membership.member?.memberNo ?? '';
    expect(memberNo).not.toBe('');
    const balanceOf = async (): Promise<number> =>
      (await apiGetAs<MyPointsResponse>(server.baseUrl, MEMBER_3, '/api/v1/points/me')).balance;
    const before = await balanceOf();
    const ordersOf = (): Promise<StaffMallOrderListResponse> =>
      apiGetAs<StaffMallOrderListResponse>(
        server.baseUrl,
        DEMO_USER_KEYS.cityStaff,
        '/api/v1/points/mall/admin/orders?status=awaiting_pickup&pageSize=100',
      );
    const order = (await ordersOf()).items.find(
      (o) => o.item.name === SEED_ITEM && o.member.memberNo === memberNo,
    );
    expect(order).toBeDefined();
    const itemBefore = await apiGetAs<MallItemResponse>(
      server.baseUrl,
      DEMO_USER_KEYS.cityStaff,
      `/api/v1/points/mall/admin/items/${order?.item.id}`,
    );
    const note = '参加“骑手守护城市”交通志愿服务补录';

    await withPhonePage(browser, async (page) => {
      await openWorkbenchEntry(page, server.baseUrl, 'points-adjust');
      const search = page.locator('.points-adjust-search:visible input');
      await search.fill(memberNo);
      await search.press('Enter');
      await page.locator('.points-adjust-account:visible').waitFor({ state: 'visible' });
      expect(await text(page, '.points-adjust-member:visible')).toBe(`高** · ${memberNo}`);
      expect(await text(page, '.points-adjust-balance:visible')).toBe(String(before));

      // Checked before sending: an amount, a note, and no deduction below zero.
      await page.locator('.points-adjust-submit:visible').click();
      expect(await text(page, '.su-field-error--amount:visible')).toBe('请填写调整积分（1–100000 的整数）');
      expect(await text(page, '.su-field-error--note:visible')).toBe(
        '请填写调整原因（2–200 字），会员可以看到',
      );
      await page.locator('.points-adjust-direction--deduct:visible').click();
      await page.locator('.points-adjust-input--amount:visible input').fill(String(before + 1));
      await page.locator('.points-adjust-submit:visible').click();
      await page
        .locator('.su-field-error--amount:visible', { hasText: `当前余额 ${before}` })
        .waitFor({ state: 'visible' });

      // The first answer is lost on the way back (the API did book it): the retry sends the same requestId.
      const sent: string[] = [];
      page.on('request', (req) => {
        if (req.method() === 'POST' && req.url().endsWith('/api/v1/points/adjustments')) {
          sent.push((JSON.parse(req.postData() ?? '{}') as { requestId: string }).requestId);
        }
      });
      await page.route(
        '**/api/v1/points/adjustments',
        async (route) => {
          await route.fetch();
          await route.abort('failed');
        },
        { times: 1 },
      );
      await page.locator('.points-adjust-direction--add:visible').click();
      await page.locator('.points-adjust-input--amount:visible input').fill('100');
      await page.locator('.points-adjust-note:visible textarea').fill(note);
      await page.locator('.points-adjust-submit:visible').click();
      await page.locator('.points-adjust-unsure:visible').waitFor({ state: 'visible' });
      expect(await text(page, '.points-adjust-submit:visible')).toBe('重试提交');
      await page.locator('.points-adjust-submit:visible').click();
      await page.locator('.nut-toast', { hasText: '该调整已记账，未重复调整' }).waitFor({ state: 'visible' });
      await page
        .locator('.points-adjust-balance:visible', { hasText: String(before + 100) })
        .waitFor({ state: 'visible' });
      expect(sent).toHaveLength(2);
      expect(sent[1]).toBe(sent[0]);
    });

    expect(await balanceOf()).toBe(before + 100);
    const entries = await apiGetAs<PointEntryListResponse>(
      server.baseUrl,
      MEMBER_3,
      '/api/v1/points/me/entries',
    );
    expect(entries.items.filter((e) => e.reason === 'adjustment')).toEqual([
      expect.objectContaining({ delta: 100, note, balanceAfter: before + 100 }),
    ]);

    await withPhonePage(browser, async (page) => {
      await openWorkbenchEntry(page, server.baseUrl, 'mall-items');
      await page.locator('.wb-mall-items-item:visible', { hasText: SEED_ITEM }).click();
      const card = page.locator('.mall-item-orders-item--awaiting_pickup:visible', { hasText: memberNo });
      await card.waitFor({ state: 'visible' });
      // Staff lists never show a whole pickup code.
      expect(await card.locator('.mall-item-orders-code').textContent()).toBe(
        `提货码 ${order?.pickupCode ?? ''}`,
      );
      expect(order?.pickupCode).toMatch(/^\*{6}\d{2}$/);

      await card.locator('.mall-item-orders-cancel').click();
      const ok = page.locator('.mall-item-orders-dialog .nut-dialog-footer-ok');
      await ok.click();
      await page.locator('.mall-item-orders-reason-error:visible').waitFor({ state: 'visible' });
      await page.locator('.mall-item-orders-reason:visible textarea').fill('该批次保温杯质量问题，暂停发放');
      await ok.click();
      const cancelled = page.locator('.mall-item-orders-item--cancelled:visible', { hasText: memberNo });
      await cancelled.waitFor({ state: 'visible' });
      expect(await cancelled.textContent()).toContain('该批次保温杯质量问题，暂停发放');
      await page
        .locator('.mall-item-edit-numbers:visible', { hasText: `当前库存 ${itemBefore.stock + 1}` })
        .waitFor({ state: 'visible' });
    });

    expect(await balanceOf()).toBe(before + 100 + (order?.points ?? 0));
    expect((await ordersOf()).items.some((o) => o.id === order?.id)).toBe(false);
  });
});

import { DEMO_USER_KEYS, Permission, ROLE_LABELS, Role } from '@smartunion/contracts';
import type { Browser } from 'playwright-core';

import { startE2eServer } from '../../../api/test/support/e2e-server';
import { launchBrowser, withPhonePage } from './support/browser';
import { fetchMe, logInThroughUi, text } from './support/session';

// Per-project `testTimeout` in jest.config.ts is not applied by Jest (it is a global option): set it here, so a
// failing wait reports its own error instead of Jest's 5 s default.
jest.setTimeout(60_000);

describe('H5: demo login and 我的 (e2e, real API)', () => {
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

  it('a member picks the demo account and sees their name and union on 我的', async () => {
    const me = await fetchMe(server.baseUrl, DEMO_USER_KEYS.member);
    expect(me.memberOrg).not.toBeNull();

    await withPhonePage(browser, async (page) => {
      await logInThroughUi(page, server.baseUrl, Role.Member);

      expect(await text(page, '.mine-name')).toBe(me.displayName);
      expect(await text(page, '.mine-union')).toBe(me.memberOrg?.name);
      expect(page.url()).toContain('#/pages/mine/index/index');
      await expect(page.locator('.mine-role').allTextContents()).resolves.toEqual(
        me.roles.map((binding) => expect.stringContaining(ROLE_LABELS[binding.role]) as unknown),
      );
    });
  });

  it('province staff sees the 工作台 entry and their scope in it; a member has no entry', async () => {
    const staff = await fetchMe(server.baseUrl, DEMO_USER_KEYS.provinceStaff);
    expect(staff.hasWorkbench).toBe(true);
    const scopes = staff.roles.filter((binding) => binding.permissions.includes(Permission.WorkbenchAccess));
    expect(scopes.length).toBeGreaterThan(0);

    await withPhonePage(browser, async (page) => {
      await logInThroughUi(page, server.baseUrl, Role.Member);
      await expect(page.locator('.mine-logout').isVisible()).resolves.toBe(true);
      await expect(page.locator('.mine-workbench').count()).resolves.toBe(0);
    });

    await withPhonePage(browser, async (page) => {
      await logInThroughUi(page, server.baseUrl, Role.ProvinceStaff);
      expect(await text(page, '.mine-name')).toBe(staff.displayName);

      await page.locator('.mine-workbench').click();
      await page.locator('.workbench-role').first().waitFor({ state: 'visible' });
      const rows = await page.locator('.workbench-role').allTextContents();
      expect(rows).toHaveLength(scopes.length);
      for (const binding of scopes) {
        expect(
          rows.some((row) => row.includes(ROLE_LABELS[binding.role]) && row.includes(binding.org.name)),
        ).toBe(true);
      }
    });
  });

  it('no login until the agreements are accepted; their texts open from the line; the answer is kept', async () => {
    const member = await fetchMe(server.baseUrl, DEMO_USER_KEYS.member);
    await withPhonePage(
      browser,
      async (page) => {
        await page.goto(`${server.baseUrl}/`);
        await page.locator('.weui-tabbar__item', { hasText: '我的' }).click();
        await page.locator('.mine-login').click();
        const consent = page.locator('.login-consent:visible');
        await consent.waitFor();
        const ticked = consent.locator('.nut-checkbox-icon-checked');
        await expect(ticked.count()).resolves.toBe(0);

        // A demo login without the box ticked: nothing happens but the reason, and the line is pointed at.
        await page.locator('.login-demo--member:visible').click();
        await page.locator('.nut-toast:visible', { hasText: '请先阅读并勾选同意' }).waitFor();
        await page.locator('.login-consent--reminded:visible').waitFor();
        await page.waitForTimeout(500);
        await expect(page.locator('.login:visible').count()).resolves.toBe(1);

        // The privacy policy tells what is collected and who holds it.
        await consent.locator('.agreement-link--privacy').click();
        const policy = page.locator('.agreement-dialog--privacy:visible');
        await policy.waitFor();
        const policyText = (await policy.textContent()) ?? '';
        for (const part of ['手机号', '位置信息', '身份证号', '省总工会']) expect(policyText).toContain(part);
        await policy.locator('.nut-dialog-footer-ok').click();
        await policy.waitFor({ state: 'hidden' });
        await consent.locator('.agreement-link--terms').click();
        await page.locator('.agreement-dialog--terms:visible').waitFor();
        await page.locator('.agreement-dialog--terms .nut-dialog-footer-ok').click();

        await consent.locator('.login-consent-check').click();
        await ticked.waitFor();
        await expect(page.locator('.login-consent--reminded').count()).resolves.toBe(0);
        await page.locator('.login-demo--member:visible').click();
        await page.locator('.mine-name:visible').waitFor();
        expect(await text(page, '.mine-name')).toBe(member.displayName);

        // Asked once: after logging out, the login page finds the box ticked.
        await page.locator('.mine-logout').click();
        await page.locator('.mine-login:visible').click();
        await page.locator('.login-consent:visible .nut-checkbox-icon-checked').waitFor();
      },
      { agreed: false },
    );
  });
});

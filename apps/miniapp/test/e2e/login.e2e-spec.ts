import {
  DEMO_USER_KEYS,
  LoginProvider,
  Permission,
  ROLE_LABELS,
  Role,
  type LoginRequest,
  type LoginResponse,
  type MeResponse,
} from '@smartunion/contracts';
import type { Browser, Page } from 'playwright-core';

import { startE2eServer } from '../../../api/test/support/e2e-server';
import { launchBrowser, withPhonePage } from './support/browser';

type DemoUserKey = (typeof DEMO_USER_KEYS)[keyof typeof DEMO_USER_KEYS];

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

  /** What the API says about a demo user: the page must show exactly this. */
  async function fetchMe(key: DemoUserKey): Promise<MeResponse> {
    const body: LoginRequest = { provider: LoginProvider.Dev, code: key };
    const login = await fetch(`${server.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(login.status).toBe(200);
    const { accessToken } = (await login.json()) as LoginResponse;
    const me = await fetch(`${server.baseUrl}/api/v1/me`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(me.status).toBe(200);
    return (await me.json()) as MeResponse;
  }

  /** The user's path: open the app, tap 我的, go to login, pick the demo account, land back on 我的. */
  async function logInThroughUi(page: Page, role: Role): Promise<void> {
    await page.goto(`${server.baseUrl}/`);
    await page.locator('.weui-tabbar__item', { hasText: '我的' }).click();
    await page.locator('.mine-login').click();
    await page.locator(`.login-demo--${role}`).click();
    await page.locator('.login').waitFor({ state: 'detached' });
    await page.locator('.mine-name').waitFor({ state: 'visible' });
    // Taro's H5 router hides pages on timers (a blank 我的 once slipped through this way): 我的 must still be
    // showing after any such timer has fired, not just at the first frame.
    await page.waitForTimeout(600);
    await expect(page.locator('.mine-name').isVisible()).resolves.toBe(true);
  }

  async function text(page: Page, selector: string): Promise<string> {
    return ((await page.locator(selector).first().textContent()) ?? '').trim();
  }

  it('a member picks the demo account and sees their name and union on 我的', async () => {
    const me = await fetchMe(DEMO_USER_KEYS.member);
    expect(me.memberOrg).not.toBeNull();

    await withPhonePage(browser, async (page) => {
      await logInThroughUi(page, Role.Member);

      expect(await text(page, '.mine-name')).toBe(me.displayName);
      expect(await text(page, '.mine-union')).toBe(me.memberOrg?.name);
      expect(page.url()).toContain('#/pages/mine/index/index');
      await expect(page.locator('.mine-role').allTextContents()).resolves.toEqual(
        me.roles.map((binding) => expect.stringContaining(ROLE_LABELS[binding.role]) as unknown),
      );
    });
  });

  it('province staff sees the 工作台 entry and their scope in it; a member has no entry', async () => {
    const staff = await fetchMe(DEMO_USER_KEYS.provinceStaff);
    expect(staff.hasWorkbench).toBe(true);
    const scopes = staff.roles.filter((binding) => binding.permissions.includes(Permission.WorkbenchAccess));
    expect(scopes.length).toBeGreaterThan(0);

    await withPhonePage(browser, async (page) => {
      await logInThroughUi(page, Role.Member);
      await expect(page.locator('.mine-logout').isVisible()).resolves.toBe(true);
      await expect(page.locator('.mine-workbench').count()).resolves.toBe(0);
    });

    await withPhonePage(browser, async (page) => {
      await logInThroughUi(page, Role.ProvinceStaff);
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
});

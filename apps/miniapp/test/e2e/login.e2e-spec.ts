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
});

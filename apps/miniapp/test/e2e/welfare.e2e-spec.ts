import { DEMO_USER_KEYS, type MyWelfareResponse, Role } from '@smartunion/contracts';
import type { Browser, Page } from 'playwright-core';

import { startE2eServer } from '../../../api/test/support/e2e-server';
import { launchBrowser, withPhonePage } from './support/browser';
import { apiGetAs, logInThroughUi, text } from './support/session';

jest.setTimeout(120_000);

const CAMPAIGN = '2026年夏季“智送清凉”';

describe('H5: 我的福利 (智送清凉) collected at the station master’s desk (e2e, real API)', () => {
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

  async function openMyWelfare(page: Page): Promise<void> {
    await logInThroughUi(page, server.baseUrl, Role.Member);
    await page.locator('.mine-welfare').click();
    await page.locator('.welfare-item:visible', { hasText: CAMPAIGN }).waitFor({ state: 'visible' });
  }

  it('the member shows the pick-up QR, the station master writes it off, the member sees 已领取', async () => {
    // The seed allotted the demo member (a verified delivery rider of 小店区) one share, still to collect.
    const before = await apiGetAs<MyWelfareResponse>(
      server.baseUrl,
      DEMO_USER_KEYS.member,
      '/api/v1/benefits/welfare/mine',
    );
    const share = before.items.find((i) => i.campaign.title === CAMPAIGN);
    expect(share).toMatchObject({ status: 'allotted', open: true });

    const code = await withPhonePage(browser, async (page) => {
      await openMyWelfare(page);
      const card = page.locator('.welfare-item:visible', { hasText: CAMPAIGN });
      expect(await card.locator('.welfare-status').textContent()).toBe('待领取');
      expect(await card.locator('.welfare-goods').textContent()).toContain('藿香正气水');
      await expect(
        card.locator('.welfare-station-name', { hasText: '亲贤街户外劳动者服务站' }).count(),
      ).resolves.toBe(1);
      const qr = card.locator('.welfare-qr');
      await qr.waitFor({ state: 'visible' });
      await expect(qr.locator('img').getAttribute('src')).resolves.toMatch(/^data:image\/png;base64,/);
      const token = await qr.getAttribute('data-token');
      expect(token).toBeTruthy();
      return token as string;
    });

    await withPhonePage(browser, async (page) => {
      await logInThroughUi(page, server.baseUrl, Role.StationMaster);
      await page.locator('.mine-workbench').click();
      await page.locator('.workbench-welfare-pickup').click();
      // The master's own station comes first and is chosen.
      await page.locator('.welfare-pickup-station--selected:visible').waitFor({ state: 'visible' });
      expect(await text(page, '.welfare-pickup-station--selected:visible')).toContain(
        '亲贤街户外劳动者服务站',
      );
      await page.locator('.welfare-code:visible input').fill(code);
      await page.locator('.welfare-submit:visible').click();
      await page.locator('.welfare-result--ok:visible').waitFor({ state: 'visible' });
      expect(await text(page, '.welfare-result-goods:visible')).toContain('藿香正气水');
      expect(await text(page, '.welfare-result-member:visible')).toContain('王');

      // The same code again: refused, saying it was collected already.
      await page.locator('.welfare-code:visible input').fill(code);
      await page.locator('.welfare-submit:visible').click();
      await page.locator('.welfare-result--refused:visible').waitFor({ state: 'visible' });
      expect(await text(page, '.welfare-reason:visible')).toBe('该会员已领取过本次福利');
    });

    await withPhonePage(browser, async (page) => {
      await openMyWelfare(page);
      const card = page.locator('.welfare-item--picked:visible', { hasText: CAMPAIGN });
      await card.waitFor({ state: 'visible' });
      expect(await card.locator('.welfare-status').textContent()).toBe('已领取');
      expect(await card.locator('.welfare-picked').textContent()).toContain('亲贤街户外劳动者服务站');
      await expect(card.locator('.welfare-qr').count()).resolves.toBe(0);
    });
  });

  it('city staff see per-county progress of the campaign', async () => {
    await withPhonePage(browser, async (page) => {
      await logInThroughUi(page, server.baseUrl, Role.CityStaff);
      await page.locator('.mine-workbench').click();
      await page.locator('.workbench-welfare-campaigns').click();
      const card = page.locator('.welfare-campaign:visible', { hasText: CAMPAIGN });
      await card.locator('.welfare-progress-group').first().waitFor({ state: 'visible' });
      const groups = await card.locator('.welfare-progress-group .welfare-progress-name').allTextContents();
      expect(groups).toEqual(expect.arrayContaining(['太原市小店区总工会']));
      expect(await card.locator('.welfare-progress-total .welfare-progress-count').textContent()).toMatch(
        /^\d+ \/ \d+ 人/,
      );
    });
  });
});

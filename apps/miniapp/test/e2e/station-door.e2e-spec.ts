import {
  DEMO_USER_KEYS,
  ERROR_MESSAGES_ZH,
  Role,
  type StationDoorCodeResponse,
  type StationListResponse,
  type StationResponse,
} from '@smartunion/contracts';
import type { Browser } from 'playwright-core';

import { type SimulatedDevices, startSimulator } from '../../../api/test/support/device-simulator';
import { startE2eServer } from '../../../api/test/support/e2e-server';
import { launchBrowser, withPhonePage } from './support/browser';
import { apiGetAs, logInThroughUi, text } from './support/session';

jest.setTimeout(90_000);

/** The door page as the printed QR opens it: the URL the API put in the code, on this test server. */
const doorPath = (code: StationDoorCodeResponse): string => code.url.slice(code.url.indexOf('#'));

describe('H5: 扫码开门 with the device simulator answering over MQTT (e2e, real API)', () => {
  let server: { baseUrl: string; close(): Promise<void> };
  let browser: Browser;
  let devices: SimulatedDevices | undefined;
  let open24h: StationResponse[];

  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchBrowser();
    const list = await apiGetAs<StationListResponse>(
      server.baseUrl,
      DEMO_USER_KEYS.countyStaff,
      '/api/v1/stations?pageSize=100',
    );
    // Always-open stations, so the test never depends on the hour it runs at.
    open24h = list.items.filter((s) => s.hours.always && s.status === 'active');
    expect(open24h.length).toBeGreaterThanOrEqual(2);
  });

  afterAll(async () => {
    await devices?.stop();
    await browser?.close();
    await server?.close();
  });

  const doorCode = (station: StationResponse): Promise<StationDoorCodeResponse> =>
    apiGetAs<StationDoorCodeResponse>(
      server.baseUrl,
      DEMO_USER_KEYS.countyStaff,
      `/api/v1/stations/${station.id}/door-code`,
    );

  it('a member scans the door QR and the lock opens', async () => {
    const station = open24h[0];
    devices = await startSimulator({ stations: [station.id] });
    const code = await doorCode(station);
    await withPhonePage(browser, async (page) => {
      await logInThroughUi(page, server.baseUrl, Role.Member);
      await page.goto(`${server.baseUrl}/${doorPath(code)}`);
      await page.locator('.door-opened:visible').waitFor({ state: 'visible' });
      expect(await text(page, '.door-station:visible')).toBe(station.name);
    });
    await expect(
      devices.waitFor((e) => e.type === 'door' && e.stationId === station.id && e.result === 'opened'),
    ).resolves.toBeDefined();
  });

  it('says so clearly when the lock does not answer, and offers a retry', async () => {
    const silent = open24h[1];
    const code = await doorCode(silent);
    await withPhonePage(browser, async (page) => {
      await logInThroughUi(page, server.baseUrl, Role.Member);
      await page.goto(`${server.baseUrl}/${doorPath(code)}`);
      await page.locator('.door-failed:visible').waitFor({ state: 'visible', timeout: 20_000 });
      expect(await text(page, '.door-message:visible')).toBe(ERROR_MESSAGES_ZH.DOOR_TIMEOUT);
      await expect(page.locator('.door-retry:visible').count()).resolves.toBe(1);
    });
  });

  it('refuses a worker who has not joined, pointing to joining', async () => {
    const code = await doorCode(open24h[0]);
    await withPhonePage(browser, async (page) => {
      await page.goto(`${server.baseUrl}/`);
      await page.locator('.weui-tabbar__item', { hasText: '我的' }).click();
      await page.locator('.mine-login').click();
      await page.locator('.login-demo--worker').click();
      await page.locator('.mine-name').waitFor({ state: 'visible' });
      await page.goto(`${server.baseUrl}/${doorPath(code)}`);
      await page.locator('.door-failed:visible').waitFor({ state: 'visible' });
      expect(await text(page, '.door-message:visible')).toBe(ERROR_MESSAGES_ZH.NOT_A_MEMBER);
      await expect(page.locator('.door-retry:visible').count()).resolves.toBe(0);
    });
  });
});

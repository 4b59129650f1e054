import {
  DEMO_USER_KEYS,
  ERROR_MESSAGES_ZH,
  Role,
  type StationDoorCodeResponse,
  type StationListResponse,
  type StationResponse,
} from '@smartunion/contracts';
import type { Browser, Page } from 'playwright-core';

import { type SimulatedDevices, startSimulator } from '../../../api/test/support/device-simulator';
import { startE2eServer } from '../../../api/test/support/e2e-server';
import { launchBrowser, withPhonePage } from './support/browser';
import { apiGetAs, logInThroughUi, text } from './support/session';

jest.setTimeout(90_000);

/** The door page as the printed QR opens it: the URL the API put in the code, on this test server. */
const doorPath = (code: StationDoorCodeResponse): string => code.url.slice(code.url.indexOf('#'));

/** A phone standing `metres` north of the station (WGS-84, what a browser reports). */
const northOf = (station: StationResponse, metres: number): { latitude: number; longitude: number } => ({
  latitude: station.location.lat + metres / 111_320,
  longitude: station.location.lng,
});

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
      // WGS-84, the datum of the browser's position.
      '/api/v1/stations?pageSize=100&coord=wgs84',
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

  async function standAt(page: Page, position: { latitude: number; longitude: number }): Promise<void> {
    await page.context().grantPermissions(['geolocation'], { origin: server.baseUrl });
    await page.context().setGeolocation(position);
  }

  it('a member at the door scans the door QR and the lock opens', async () => {
    const station = open24h[0];
    devices = await startSimulator({ stations: [station.id] });
    const code = await doorCode(station);
    await withPhonePage(browser, async (page) => {
      await standAt(page, northOf(station, 60));
      await logInThroughUi(page, server.baseUrl, Role.Member);
      await page.goto(`${server.baseUrl}/${doorPath(code)}`);
      await page.locator('.door-opened:visible').waitFor({ state: 'visible' });
      expect(await text(page, '.door-station:visible')).toBe(station.name);
    });
    await expect(
      devices.waitFor((e) => e.type === 'door' && e.stationId === station.id && e.result === 'opened'),
    ).resolves.toBeDefined();
  });

  it('refuses a member 4.2 km away, saying how far, and opens once they stand at the door', async () => {
    const station = open24h[0];
    const code = await doorCode(station);
    await withPhonePage(browser, async (page) => {
      await standAt(page, northOf(station, 4200));
      await logInThroughUi(page, server.baseUrl, Role.Member);
      await page.goto(`${server.baseUrl}/${doorPath(code)}`);
      await page.locator('.door-failed:visible').waitFor({ state: 'visible' });
      expect(await text(page, '.door-message:visible')).toBe('距离驿站约 4.2 公里，请到驿站门口扫码开门');
      await page.context().setGeolocation(northOf(station, 0));
      await page.locator('.door-retry:visible').click();
      await page.locator('.door-opened:visible').waitFor({ state: 'visible' });
      expect(await text(page, '.door-station:visible')).toBe(station.name);
    });
  });

  it("reads the door URL that WeChat's own camera hands over as q", async () => {
    const station = open24h[0];
    const code = await doorCode(station);
    await withPhonePage(browser, async (page) => {
      await standAt(page, northOf(station, 0));
      await logInThroughUi(page, server.baseUrl, Role.Member);
      await page.goto(`${server.baseUrl}/#/pages/stations/door/index?q=${encodeURIComponent(code.url)}`);
      await page.locator('.door-opened:visible').waitFor({ state: 'visible' });
      expect(await text(page, '.door-station:visible')).toBe(station.name);
    });
  });

  it('a signed-out visitor is told why, logs in from there and the door opens', async () => {
    const station = open24h[0];
    const code = await doorCode(station);
    await withPhonePage(browser, async (page) => {
      await standAt(page, northOf(station, 0));
      await page.goto(`${server.baseUrl}/${doorPath(code)}`);
      // No login page opened by itself: the door page says why, with a 登录 button.
      await page.locator('.door .su-signed-out:visible').waitFor({ state: 'visible' });
      expect(await text(page, '.door .su-signed-out:visible')).toContain('登录后扫码开门');
      await expect(page.locator('.login:visible').count()).resolves.toBe(0);
      await page.locator('.door .su-signed-out-login:visible').click();
      await page.locator(`.login-demo--${Role.Member}`).click();
      await page.locator('.door-opened:visible').waitFor({ state: 'visible' });
      expect(await text(page, '.door-station:visible')).toBe(station.name);
    });
  });

  it('asks for the position when the browser refuses it, with a retry', async () => {
    const code = await doorCode(open24h[0]);
    await withPhonePage(browser, async (page) => {
      await logInThroughUi(page, server.baseUrl, Role.Member);
      await page.goto(`${server.baseUrl}/${doorPath(code)}`);
      await page.locator('.door-failed:visible').waitFor({ state: 'visible' });
      expect(await text(page, '.door-message:visible')).toBe(ERROR_MESSAGES_ZH.DOOR_LOCATION_REQUIRED);
      await expect(page.locator('.door-retry:visible').count()).resolves.toBe(1);
    });
  });

  it('says so clearly when the lock does not answer, and offers a retry', async () => {
    const silent = open24h[1];
    const code = await doorCode(silent);
    await withPhonePage(browser, async (page) => {
      await standAt(page, northOf(silent, 0));
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

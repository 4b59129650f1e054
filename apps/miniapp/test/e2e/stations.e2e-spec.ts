import {
  AMENITY_LABELS,
  Amenity,
  DEMO_USER_KEYS,
  type NearbyStationResponse,
  type NearbyStationsResponse,
  type OpeningHours,
  Role,
  type StationCitiesResponse,
  type StationCityResponse,
  type StationListResponse,
  type StationResponse,
} from '@smartunion/contracts';
import type { Browser, Page } from 'playwright-core';

import { startE2eServer } from '../../../api/test/support/e2e-server';
import { launchBrowser, withPhonePage } from './support/browser';
import { pickInPicker } from './support/picker';
import { apiGetAs, apiToken, fetchMe, logInThroughUi, text } from './support/session';

jest.setTimeout(90_000);

/**
 * A browser's fix is WGS-84 (Taro's H5 getLocation offers no GCJ-02), so the app asks the API with coord=wgs84 for
 * it; the expected answer below is asked for the same point in the same datum. 体育路 / 坞城路, 太原市小店区.
 */
const XIAODIAN_FIX = { latitude: 37.8, longitude: 112.565 };

/** As the app shows it (src/services/stations.ts). */
function formatDistance(meters: number): string {
  if (meters < 1000) return `${Math.round(meters)} 米`;
  const km = meters / 1000;
  return `${km < 10 ? km.toFixed(1) : Math.round(km)} 公里`;
}

function formatHours(hours: OpeningHours): string {
  if (hours.always) return '24 小时';
  const { opens = '', closes = '' } = hours;
  return closes < opens ? `${opens}–次日 ${closes}` : `${opens}–${closes}`;
}

describe('H5: 工会驿站, nearby and in the workbench (e2e, real API)', () => {
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

  const nearby = (query: string): Promise<NearbyStationsResponse> =>
    apiGetAs<NearbyStationsResponse>(
      server.baseUrl,
      DEMO_USER_KEYS.member,
      `/api/v1/stations/nearby?${query}`,
    );

  // Taro's H5 router keeps earlier pages in the DOM, hidden: only the visible page counts.
  const names = async (page: Page, selector: string): Promise<string[]> =>
    (await page.locator(`${selector}:visible`).allTextContents()).map((t) => t.trim());

  /** Waits until the visible list shows exactly `expected` (a filter answers asynchronously). */
  async function waitForNames(page: Page, selector: string, expected: string[]): Promise<void> {
    const deadline = Date.now() + 15_000;
    let shown: string[] = [];
    while (Date.now() < deadline) {
      shown = await names(page, selector);
      if (shown.length === expected.length && shown.every((n, i) => n === expected[i])) return;
      await page.waitForTimeout(200);
    }
    expect(shown).toEqual(expected);
  }

  async function openStationsTab(page: Page): Promise<void> {
    await logInThroughUi(page, server.baseUrl, Role.Member);
    await page.locator('.weui-tabbar__item', { hasText: '驿站' }).click();
    await page
      .locator('.stations-item:visible, .stations-empty:visible')
      .first()
      .waitFor({ state: 'visible' });
  }

  it('a member on the 驿站 tab sees the nearest stations, filters by amenity and opens one', async () => {
    const point = `lat=${XIAODIAN_FIX.latitude}&lng=${XIAODIAN_FIX.longitude}&coord=wgs84`;
    const all = await nearby(point);
    expect(all.items.length).toBeGreaterThan(2);
    const distances = all.items.map((s) => s.distanceMeters);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    const withFirstAid = await nearby(`${point}&amenity=${Amenity.FirstAid}`);
    expect(withFirstAid.items.length).toBeGreaterThan(0);
    expect(withFirstAid.items.length).toBeLessThan(all.items.length);

    await withPhonePage(browser, async (page) => {
      const context = page.context();
      await context.grantPermissions(['geolocation'], { origin: server.baseUrl });
      await context.setGeolocation(XIAODIAN_FIX);
      await openStationsTab(page);

      await page.locator('.stations-origin--device:visible').waitFor({ state: 'visible' });
      await waitForNames(
        page,
        '.stations-item-name',
        all.items.map((s) => s.name),
      );
      expect(await names(page, '.stations-item-distance')).toEqual(
        all.items.map((s) => formatDistance(s.distanceMeters)),
      );
      const first = page.locator('.stations-item:visible').first();
      const nearest = all.items[0];
      for (const amenity of nearest.amenities) {
        await expect(first.textContent()).resolves.toContain(AMENITY_LABELS[amenity]);
      }
      // No device reports in the demo data: every station is offline, with no occupancy.
      if (!nearest.online) {
        await expect(first.locator('.stations-item-occupancy').textContent()).resolves.toBe('离线');
      }

      // An amenity narrows the list to the stations offering it.
      await page.locator(`.stations-amenity--${Amenity.FirstAid}:visible`).click();
      await waitForNames(
        page,
        '.stations-item-name',
        withFirstAid.items.map((s) => s.name),
      );

      // The detail shows the hours and the amenities of the station tapped.
      const station: NearbyStationResponse = withFirstAid.items[0];
      await page.locator('.stations-item:visible', { hasText: station.name }).first().click();
      await page.locator('.station-name:visible').waitFor({ state: 'visible' });
      expect(await text(page, '.station-name:visible')).toBe(station.name);
      expect(await text(page, '.station-hours:visible')).toContain(formatHours(station.hours));
      expect(await text(page, '.station-address:visible')).toContain(station.address);
      const amenities = await names(page, '.station-amenities .su-amenity');
      expect(amenities).toEqual(station.amenities.map((a) => AMENITY_LABELS[a]));
      await expect(page.locator('.station-navigate:visible').count()).resolves.toBe(1);
      // A browser with a camera scans the door QR in the app too (the H5 camera scanner).
      expect(await text(page, '.station-open-door:visible')).toBe('扫码开门');
    });
  });

  it('without a position the tab says so, offers the cities of the province and remembers the choice', async () => {
    const member = await fetchMe(server.baseUrl, DEMO_USER_KEYS.member);
    const cities = await apiGetAs<StationCitiesResponse>(
      server.baseUrl,
      DEMO_USER_KEYS.member,
      `/api/v1/stations/cities?orgId=${member.memberOrg?.id ?? ''}`,
    );
    const [first] = cities.items;
    const datong = cities.items.find((c) => c.org.name.startsWith('大同市'));
    expect(first.org.name.startsWith('太原市')).toBe(true);
    expect(datong).toBeDefined();
    const around = (c: StationCityResponse): Promise<NearbyStationsResponse> =>
      nearby(`lat=${c.centre.lat}&lng=${c.centre.lng}&coord=${c.coord}`);
    const inTaiyuan = await around(first);
    const inDatong = await around(datong as StationCityResponse);
    expect(inTaiyuan.items.length).toBeGreaterThan(0);
    expect(inDatong.items.length).toBeGreaterThan(0);

    await withPhonePage(browser, async (page) => {
      // No geolocation permission: the browser refuses the position.
      await openStationsTab(page);
      await page.locator('.stations-origin--city:visible').waitFor({ state: 'visible' });
      // Nothing chosen yet: the province's first city, and the invitation to choose.
      expect(await text(page, '.stations-origin-note:visible')).toContain(
        '正在显示太原市的驿站，您可以选择所在的城市',
      );
      await waitForNames(
        page,
        '.stations-item-name',
        inTaiyuan.items.map((s) => s.name),
      );

      await page.locator('.stations-choose-city:visible').click();
      await pickInPicker(page, { 0: '大同市' });
      await waitForNames(
        page,
        '.stations-item-name',
        inDatong.items.map((s) => s.name),
      );
      expect(await text(page, '.stations-origin-note:visible')).toContain('正在显示大同市的驿站。');

      // The choice is kept: the next visit starts there.
      await page.reload();
      await page
        .locator('.stations-item:visible, .stations-empty:visible')
        .first()
        .waitFor({ state: 'visible' });
      expect(await text(page, '.stations-origin-note:visible')).toContain('正在显示大同市的驿站。');
      await waitForNames(
        page,
        '.stations-item-name',
        inDatong.items.map((s) => s.name),
      );
    });
  });

  it('county staff manage the stations of their district and change a capacity', async () => {
    const list = await apiGetAs<StationListResponse>(
      server.baseUrl,
      DEMO_USER_KEYS.countyStaff,
      '/api/v1/stations?pageSize=100',
    );
    expect(list.total).toBeGreaterThan(0);
    expect(list.items.every((s) => s.org.name.includes('小店区'))).toBe(true);
    const target = list.items[0];
    const capacity = target.capacity === 99 ? 98 : 99;

    try {
      await withPhonePage(browser, async (page) => {
        await logInThroughUi(page, server.baseUrl, Role.CountyStaff);
        await page.locator('.mine-workbench').click();
        await page.locator('.workbench-stations').click();
        await page.locator('.wb-stations-item:visible').first().waitFor({ state: 'visible' });

        expect(await text(page, '.wb-stations-total:visible')).toContain(`（${list.total}）`);
        const orgs = await names(page, '.wb-stations-item-org');
        expect(orgs.length).toBe(Math.min(list.total, 20));
        expect(orgs.every((o) => o.includes('小店区'))).toBe(true);

        // Search by name.
        const search = page.locator('.wb-stations-search input');
        await search.fill(target.name);
        await search.press('Enter');
        await waitForNames(page, '.wb-stations-item-name', [target.name]);

        await page.locator('.wb-stations-item:visible', { hasText: target.name }).click();
        const input = page.locator('.station-edit-input--capacity:visible input');
        await input.waitFor({ state: 'visible' });
        await expect(input.inputValue()).resolves.toBe(String(target.capacity));
        await input.fill(String(capacity));
        await page.locator('.station-edit-save:visible').click();
        await page.getByText('已保存').first().waitFor({ state: 'visible' });

        const saved = await apiGetAs<StationResponse>(
          server.baseUrl,
          DEMO_USER_KEYS.countyStaff,
          `/api/v1/stations/${target.id}`,
        );
        expect(saved.capacity).toBe(capacity);

        // Back on the list, reloaded on show, the new capacity is there.
        await page.goBack();
        await page
          .locator('.wb-stations-item:visible', { hasText: `可容纳 ${capacity} 人` })
          .waitFor({ state: 'visible' });
      });
    } finally {
      // Leave the shared demo data as the seed made it.
      const token = await apiToken(server.baseUrl, DEMO_USER_KEYS.countyStaff);
      await fetch(`${server.baseUrl}/api/v1/stations/${target.id}`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ capacity: target.capacity }),
      });
    }
  });

  it('county staff create a station at a GCJ-02 location', async () => {
    const name = `e2e 驿站 ${Date.now().toString(36)}`;
    await withPhonePage(browser, async (page) => {
      await logInThroughUi(page, server.baseUrl, Role.CountyStaff);
      await page.locator('.mine-workbench').click();
      await page.locator('.workbench-stations').click();
      await page.locator('.wb-stations-create:visible').click();
      await page.locator('.org-chooser-option:visible', { hasText: '小店区' }).first().click();
      await page.locator('.org-chooser-selected:visible').waitFor({ state: 'visible' });
      await page.locator('.station-edit-input--name:visible input').fill(name);
      await page.locator('.station-edit-input--address:visible input').fill('太原市小店区测试路 1 号');
      await page.locator('.station-edit-input--lat:visible input').fill('37.7955');
      await page.locator('.station-edit-input--lng:visible input').fill('112.5782');
      await page.locator('.station-edit-input--capacity:visible input').fill('12');
      await page.locator(`.station-edit-amenity--${Amenity.Water}:visible`).click();
      await page.locator('.station-edit-save:visible').click();
      // Saved, the page becomes the new station's edit form.
      await page.waitForURL(/station-edit\/index\?id=/);
      await page.locator('.station-edit-owner:visible').waitFor({ state: 'visible' });
    });
    const found = await apiGetAs<StationListResponse>(
      server.baseUrl,
      DEMO_USER_KEYS.countyStaff,
      `/api/v1/stations?q=${encodeURIComponent(name)}`,
    );
    expect(found.items).toHaveLength(1);
    expect(found.items[0]).toMatchObject({ capacity: 12, amenities: [Amenity.Water] });
    expect(found.items[0].location.lat).toBeCloseTo(37.7955, 4);
    expect(found.items[0].location.lng).toBeCloseTo(112.5782, 4);
  });

  it('a member has no 驿站管理, and the page refuses them', async () => {
    await withPhonePage(browser, async (page) => {
      await logInThroughUi(page, server.baseUrl, Role.Member);
      await expect(page.locator('.mine-workbench:visible').count()).resolves.toBe(0);
      await page.goto(`${server.baseUrl}/#/pages/workbench/index/index`);
      await page.locator('.workbench-none:visible').waitFor({ state: 'visible' });
      await expect(page.locator('.workbench-stations').count()).resolves.toBe(0);
      await page.goto(`${server.baseUrl}/#/pages/staff-stations/stations/index`);
      await page.locator('.wb-stations-failed:visible').waitFor({ state: 'visible' });
      expect(await page.locator('.wb-stations-failed:visible').textContent()).toContain('没有权限');
    });
  });
});

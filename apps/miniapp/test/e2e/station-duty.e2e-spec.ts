import { readFileSync } from 'node:fs';

import {
  DEMO_USER_KEYS,
  type EquipmentReportListResponse,
  type MasterRankingResponse,
  type MyStationsResponse,
  type PatrolDueResponse,
  type PatrolListResponse,
  Role,
  type StationRankingResponse,
  type StationReportListResponse,
  type StationResponse,
} from '@smartunion/contracts';
import type { Browser, Page } from 'playwright-core';

import { startE2eServer } from '../../../api/test/support/e2e-server';
import { launchBrowser, withPhonePage } from './support/browser';
import { apiGetAs, logInThroughUi, text } from './support/session';

jest.setTimeout(120_000);

/** Last month in Asia/Shanghai, as the rankings page opens. */
function lastMonth(): string {
  const now = new Date(Date.now() + 8 * 3600_000);
  const index = now.getUTCFullYear() * 12 + now.getUTCMonth() - 1;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

describe('H5: 站长工作台, 驿站巡查 and 排行榜 (e2e, real API)', () => {
  let server: { baseUrl: string; close(): Promise<void> };
  let browser: Browser;
  /** The demo master's station, its location in WGS-84 (what a browser reports). */
  let station: StationResponse;

  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchBrowser();
    const mine = await apiGetAs<MyStationsResponse>(
      server.baseUrl,
      DEMO_USER_KEYS.stationMaster,
      '/api/v1/stations/mine',
    );
    expect(mine.items.length).toBeGreaterThan(0);
    const first = mine.items.find((s) => s.name === '亲贤街户外劳动者服务站') ?? mine.items[0];
    // Fresh demo data: no check-in yet today.
    expect(first.attendance).toBeNull();
    station = await apiGetAs<StationResponse>(
      server.baseUrl,
      DEMO_USER_KEYS.stationMaster,
      `/api/v1/stations/${first.id}?coord=wgs84`,
    );
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const asCountyStaff = <T>(path: string): Promise<T> =>
    apiGetAs<T>(server.baseUrl, DEMO_USER_KEYS.countyStaff, path);

  async function openDuty(page: Page, position: { latitude: number; longitude: number }): Promise<void> {
    const context = page.context();
    await context.grantPermissions(['geolocation'], { origin: server.baseUrl });
    await context.setGeolocation(position);
    await logInThroughUi(page, server.baseUrl, Role.StationMaster);
    await page.locator('.mine-workbench').click();
    await page.locator('.workbench-station-duty').click();
    await page.locator('.station-duty-name:visible', { hasText: station.name }).waitFor({ state: 'visible' });
  }

  const stationCard = (page: Page): ReturnType<Page['locator']> =>
    page.locator(`.station-duty-station--${station.id}:visible`);

  it('refuses a check-in 1 km from the station, saying how far it is', async () => {
    await withPhonePage(browser, async (page) => {
      // About 1 km north of the station.
      await openDuty(page, { latitude: station.location.lat + 0.009, longitude: station.location.lng });
      const card = stationCard(page);
      await card.locator('.station-duty-checkin-button').click();
      const refusal = card.locator('.station-duty-too-far');
      await refusal.waitFor({ state: 'visible' });
      const shown = (await refusal.textContent()) ?? '';
      const meters = Number(/距驿站 (\d+) 米/.exec(shown)?.[1]);
      expect(meters).toBeGreaterThan(900);
      expect(meters).toBeLessThan(1100);
      expect(shown).toContain('200 米');
      await expect(card.locator('.station-duty-checked').count()).resolves.toBe(0);
    });
    const mine = await apiGetAs<MyStationsResponse>(
      server.baseUrl,
      DEMO_USER_KEYS.stationMaster,
      '/api/v1/stations/mine',
    );
    expect(mine.items.find((s) => s.id === station.id)?.attendance).toBeNull();
  });

  it('the station master checks in at the station, sees today’s visitors and the door QR', async () => {
    await withPhonePage(browser, async (page) => {
      await openDuty(page, { latitude: station.location.lat, longitude: station.location.lng });
      const card = stationCard(page);
      await card.locator('.station-duty-checkin-button').click();
      await card.locator('.station-duty-checked').waitFor({ state: 'visible' });
      expect(await card.locator('.station-duty-checked').textContent()).toBe('已签到');
      expect(await card.locator('.station-duty-checked-at').textContent()).toMatch(
        /\d\d:\d\d 签到 · 距驿站 \d+ 米/,
      );

      // Today's visitors: the counts, and the list or its empty note.
      await card.locator('.station-duty-counts').waitFor({ state: 'visible' });
      expect(await card.locator('.station-duty-counts').textContent()).toMatch(/开门 \d+ 次 · 访客 \d+ 人/);

      // The door QR to print.
      await card.locator('.station-duty-door-show').click();
      const qr = card.locator('.station-duty-door-qr img');
      await qr.waitFor({ state: 'attached' });
      await expect(qr.getAttribute('src')).resolves.toMatch(/^data:image\/png;base64,/);

      // Shown again, the page remembers the check-in.
      await page.reload();
      await stationCard(page).locator('.station-duty-checked').waitFor({ state: 'visible' });
    });
    const mine = await apiGetAs<MyStationsResponse>(
      server.baseUrl,
      DEMO_USER_KEYS.stationMaster,
      '/api/v1/stations/mine',
    );
    expect(mine.items.find((s) => s.id === station.id)?.attendance).not.toBeNull();
  });

  it('the station master reports one faulty item and sees it as the latest report', async () => {
    await withPhonePage(browser, async (page) => {
      await openDuty(page, { latitude: station.location.lat, longitude: station.location.lng });
      const card = stationCard(page).locator('.station-duty-equipment');
      await card.locator('.station-duty-equipment-none').waitFor({ state: 'visible' });
      await expect(card.locator('.station-duty-equipment-item').count()).resolves.toBe(8);

      // 饮水机 faulty, with a note; the rest stay 正常.
      await card
        .locator('.station-duty-equipment-item--water_dispenser .station-duty-equipment-status--faulty')
        .click();
      await card.locator('.station-duty-equipment-note--water_dispenser input').fill('不出热水');
      await card.locator('.station-duty-equipment-notes textarea').fill('已联系物业');
      await card.locator('.station-duty-equipment-submit').click();

      const fault = card.locator('.station-duty-equipment-fault--water_dispenser');
      await fault.waitFor({ state: 'visible' });
      expect(await fault.textContent()).toBe('饮水机：故障（不出热水）');
      expect(await card.locator('.station-duty-equipment-latest-at').textContent()).toContain('1 项待修');

      // Shown again, the latest report stays.
      await page.reload();
      await stationCard(page)
        .locator('.station-duty-equipment-fault--water_dispenser')
        .waitFor({ state: 'visible' });
    });
    const reports = await apiGetAs<EquipmentReportListResponse>(
      server.baseUrl,
      DEMO_USER_KEYS.stationMaster,
      `/api/v1/stations/${station.id}/equipment-reports`,
    );
    expect(reports.total).toBe(1);
    expect(reports.items[0]).toMatchObject({ faults: 1, note: '已联系物业' });
    expect(reports.items[0].items).toHaveLength(8);
    expect(reports.items[0].items.find((i) => i.item === 'water_dispenser')).toEqual({
      item: 'water_dispenser',
      status: 'faulty',
      note: '不出热水',
    });
  });

  it('county staff record a patrol and the station’s last patrol moves to today', async () => {
    const due = await asCountyStaff<PatrolDueResponse>('/api/v1/stations/patrols/due?status=all&pageSize=20');
    expect(due.items.length).toBeGreaterThan(0);
    const target = due.items.find((i) => i.lastPatrol === null) ?? due.items[0];

    await withPhonePage(browser, async (page) => {
      await logInThroughUi(page, server.baseUrl, Role.CountyStaff);
      await page.locator('.mine-workbench').click();
      await page.locator('.workbench-patrols').click();
      await page.locator('.patrols-total:visible').waitFor({ state: 'visible' });
      await page.locator('.patrols-tab--all:visible').click();
      const item = page.locator('.patrols-item:visible', { hasText: target.name });
      await item.waitFor({ state: 'visible' });
      expect(await item.locator('.patrols-item-last').textContent()).toBe('尚未巡查');
      expect(await item.locator('.patrols-item-due-on').textContent()).toContain(target.dueOn);

      await item.click();
      await page
        .locator('.patrol-record-station:visible', { hasText: target.name })
        .waitFor({ state: 'visible' });
      await expect(page.locator('.patrol-record-item:visible').count()).resolves.toBe(7);
      await expect(page.locator('.patrol-record-history-empty:visible').count()).resolves.toBe(1);

      // 饮水供应 fails, with a note; the rest pass.
      await page.locator('.patrol-record-switch--water:visible').click();
      await page
        .locator('.patrol-record-item--water:visible', { hasText: '不合格' })
        .waitFor({ state: 'visible' });
      await page.locator('.patrol-record-note--water:visible input').fill('饮水机故障');
      await page.locator('.patrol-record-notes:visible textarea').fill('限期一周整改');
      await page.locator('.patrol-record-submit:visible').click();

      // Back on the list, reloaded: patrolled today, one item failed.
      await page
        .locator('.patrols-item:visible', { hasText: target.name })
        .locator('.patrols-item-last', { hasText: `上次巡查 ${due.today}（1 项不合格）` })
        .waitFor({ state: 'visible' });
    });

    const history = await asCountyStaff<PatrolListResponse>(`/api/v1/stations/${target.stationId}/patrols`);
    expect(history.total).toBe(1);
    expect(history.items[0].failed).toBe(1);
    expect(history.items[0].notes).toBe('限期一周整改');
    expect(history.items[0].checklist.find((c) => c.item === 'water')).toMatchObject({
      passed: false,
      note: '饮水机故障',
    });
    const after = await asCountyStaff<PatrolDueResponse>(
      '/api/v1/stations/patrols/due?status=all&pageSize=100',
    );
    const moved = after.items.find((i) => i.stationId === target.stationId);
    expect(moved?.lastPatrol?.id).toBe(history.items[0].id);
    expect(moved?.overdue).toBe(false);
  });

  it('county staff open 排行榜: each tab shows its list or says it is empty, and export map data', async () => {
    const month = lastMonth();
    const [visits, rating, masters, reports] = await Promise.all([
      asCountyStaff<StationRankingResponse>(`/api/v1/stations/rankings/stations?month=${month}&by=visits`),
      asCountyStaff<StationRankingResponse>(`/api/v1/stations/rankings/stations?month=${month}&by=rating`),
      asCountyStaff<MasterRankingResponse>(`/api/v1/stations/rankings/masters?month=${month}`),
      asCountyStaff<StationReportListResponse>(`/api/v1/stations/reports?month=${month}&pageSize=100`),
    ]);
    const expected = { visits: visits.items, rating: rating.items, masters: masters.items };
    const [year, mon] = month.split('-');

    await withPhonePage(browser, async (page) => {
      await logInThroughUi(page, server.baseUrl, Role.CountyStaff);
      await page.locator('.mine-workbench').click();
      await page.locator('.workbench-rankings').click();
      await page.locator('.rankings-month-label:visible').waitFor({ state: 'visible' });
      expect(await text(page, '.rankings-month-label:visible')).toBe(`${year}年${Number(mon)}月`);

      for (const [tab, items] of Object.entries(expected)) {
        await page.locator(`.rankings-tab--${tab}:visible`).click();
        if (items.length === 0) {
          await page.locator(`.rankings-empty--${tab}:visible`).waitFor({ state: 'visible' });
          expect(await text(page, `.rankings-empty--${tab}:visible`)).toContain('暂无排行数据');
        } else {
          await page.locator('.rankings-item:visible').first().waitFor({ state: 'visible' });
          await expect(page.locator('.rankings-item:visible').count()).resolves.toBe(items.length);
          expect(await text(page, '.rankings-rank:visible')).toBe('1');
        }
      }

      await page.locator('.rankings-tab--reports:visible').click();
      if (reports.items.length === 0) {
        await page.locator('.rankings-empty--reports:visible').waitFor({ state: 'visible' });
        expect(await text(page, '.rankings-empty--reports:visible')).toContain('暂无月度通报');
      } else {
        await page.locator('.rankings-report:visible').first().waitFor({ state: 'visible' });
        await expect(page.locator('.rankings-report:visible').count()).resolves.toBe(reports.items.length);
      }

      // H5: the map data of the scope, GeoJSON in GCJ-02.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.locator('.rankings-export--geojson:visible').click(),
      ]);
      const path = await download.path();
      const geojson = JSON.parse(readFileSync(path, 'utf8').replace(/^\uFEFF/, '')) as {
        type: string;
        features: unknown[];
      };
      expect(geojson.type).toBe('FeatureCollection');
      expect(geojson.features.length).toBeGreaterThan(0);

      // Another month answers too.
      await page.locator('.rankings-month-prev:visible').click();
      await page.locator('.rankings-month-label:visible').waitFor({ state: 'visible' });
      expect(await text(page, '.rankings-month-label:visible')).not.toBe(`${year}年${Number(mon)}月`);
    });
  });

  it('entries: county staff have 巡查 and 排行榜 but no 站长工作台; a member has none of them', async () => {
    await withPhonePage(browser, async (page) => {
      await logInThroughUi(page, server.baseUrl, Role.CountyStaff);
      await page.locator('.mine-workbench').click();
      await page.locator('.workbench-patrols:visible').waitFor({ state: 'visible' });
      await expect(page.locator('.workbench-rankings:visible').count()).resolves.toBe(1);
      await expect(page.locator('.workbench-station-duty').count()).resolves.toBe(0);
    });
    await withPhonePage(browser, async (page) => {
      await logInThroughUi(page, server.baseUrl, Role.Member);
      await expect(page.locator('.mine-workbench:visible').count()).resolves.toBe(0);
      await page.goto(`${server.baseUrl}/#/pages/workbench/index/index`);
      await page.locator('.workbench-none:visible').waitFor({ state: 'visible' });
      for (const entry of ['station-duty', 'patrols', 'rankings']) {
        await expect(page.locator(`.workbench-${entry}`).count()).resolves.toBe(0);
      }
      // The pages themselves refuse a member.
      await page.goto(`${server.baseUrl}/#/pages/staff-stations/patrols/index`);
      await page.locator('.patrols-failed:visible').waitFor({ state: 'visible' });
      expect(await text(page, '.patrols-failed:visible')).toContain('没有权限');
      await page.goto(`${server.baseUrl}/#/pages/staff-stations/station-duty/index`);
      await page.locator('.station-duty-empty:visible').waitFor({ state: 'visible' });
    });
  });
});

import { randomInt, randomUUID } from 'node:crypto';

import {
  DEMO_USER_KEYS,
  type MeResponse,
  type MyStationRatingResponse,
  Role,
  type StationListResponse,
  type StationRankingResponse,
  type StationResponse,
} from '@smartunion/contracts';
import type { Browser, Page } from 'playwright-core';

import { MembersService } from '../../../api/src/modules/membership/members.service';
import { startE2eServer } from '../../../api/test/support/e2e-server';
import { insertUser, uniqueTag } from '../../../api/test/support/fixtures';
import { syntheticIdNumber } from '../../../api/test/support/people';
import { createTestApp, type TestApp } from '../../../api/test/support/test-app';
import { launchBrowser, withPhonePage } from './support/browser';
import { apiGetAs, logInThroughUi, openSignedIn, text } from './support/session';

jest.setTimeout(120_000);

/** This month in Asia/Shanghai: ratings count for the month of the visit. */
function thisMonth(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
}

describe('H5: a member rates a station they visited, and the rating ranking shows it (e2e, real API)', () => {
  let server: { baseUrl: string; close(): Promise<void> };
  let browser: Browser;
  let t: TestApp;
  let station: StationResponse;
  const worker = { key: '', userId: '' };

  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchBrowser();
    t = await createTestApp();
    const tag = uniqueTag();
    worker.key = `e2e-rater-${tag}`;
    worker.userId = await insertUser(t.db, worker.key, `骑手评${tag}`);
    const cadre = await apiGetAs<MeResponse>(server.baseUrl, DEMO_USER_KEYS.cadre, '/api/v1/me');
    const union = cadre.roles.find((r) => r.role === Role.Cadre)?.org;
    if (!union) throw new Error('the demo cadre runs no union');
    await t.app.get(MembersService).enrol(worker.userId, union.id, {
      name: '王评价',
      mobile: `139${String(randomInt(0, 1e8)).padStart(8, '0')}`,
      idNumber: syntheticIdNumber(),
      employer: '同城配送有限公司',
      occupation: 'delivery_rider',
      newEmploymentForm: true,
    });
    // A station of the county staff's scope that the door tests do not use (they take the first always-open ones).
    const list = await apiGetAs<StationListResponse>(
      server.baseUrl,
      DEMO_USER_KEYS.countyStaff,
      '/api/v1/stations?pageSize=100',
    );
    const active = list.items.filter((s) => s.status === 'active');
    const pick = active[active.length - 1];
    station = await apiGetAs<StationResponse>(
      server.baseUrl,
      DEMO_USER_KEYS.countyStaff,
      `/api/v1/stations/${pick.id}?coord=wgs84`,
    );
  });

  afterAll(async () => {
    await t?.close();
    await browser?.close();
    await server?.close();
  });

  /** The visit the door page would have logged: an opened door this month. */
  async function logVisit(): Promise<void> {
    const [member]: { id: string }[] = await t.db.query(`SELECT id FROM members WHERE user_id = $1`, [
      worker.userId,
    ]);
    await t.db.query(
      `INSERT INTO station_visits (station_id, user_id, member_id, request_id, status, created_at, decided_at)
       VALUES ($1, $2, $3, $4, 'opened', now(), now())`,
      [station.id, worker.userId, member.id, randomUUID()],
    );
  }

  /** 驿站 tab at the station's own position, then the station: it is the nearest. */
  async function openStation(page: Page): Promise<void> {
    const context = page.context();
    await context.grantPermissions(['geolocation'], { origin: server.baseUrl });
    await context.setGeolocation({ latitude: station.location.lat, longitude: station.location.lng });
    await openSignedIn(page, server.baseUrl, await t.login(worker.key), '/pages/stations/index/index');
    await page.locator('.stations-item-name:visible', { hasText: station.name }).first().click();
    await page.locator('.station-name:visible', { hasText: station.name }).waitFor({ state: 'visible' });
  }

  const stars = (page: Page): ReturnType<Page['locator']> =>
    page.locator('.station-rating-form:visible .nut-rate-item');

  it('offers no rating before a visit, then rates after one: 已评价, and a re-rating replaces it', async () => {
    await withPhonePage(browser, async (page) => {
      await openStation(page);
      // The card loads after the page: give it time to (not) appear.
      await page.waitForTimeout(1500);
      await expect(page.locator('.station-rating:visible').count()).resolves.toBe(0);

      await logVisit();
      await page.reload();
      await page.locator('.station-rating:visible').waitFor({ state: 'visible' });
      // No star chosen yet: nothing to submit.
      await expect(page.locator('.station-rating-submit.nut-button-disabled:visible').count()).resolves.toBe(
        1,
      );
      await stars(page).nth(3).click();
      expect(await text(page, '.station-rating-label:visible')).toBe('满意');
      await page.locator('.station-rating-comment:visible textarea').fill('热水方便，座位干净');
      await page.locator('.station-rating-submit:visible').click();
      await page.locator('.station-rating-done:visible').waitFor({ state: 'visible' });
      expect(await text(page, '.station-rating-state:visible')).toBe('已评价');
      expect(await text(page, '.station-rating-comment-text:visible')).toBe('热水方便，座位干净');

      // Again this month: the form comes back filled in, and the new score replaces the old one.
      await page.locator('.station-rating-edit:visible').click();
      await stars(page).nth(4).click();
      await page.locator('.station-rating-submit:visible').click();
      await page.locator('.station-rating-done:visible').waitFor({ state: 'visible' });
    });

    const token = (await t.login(worker.key)).accessToken;
    const mine = await t.call<MyStationRatingResponse>('GET', `/api/v1/stations/${station.id}/rating`, token);
    expect(mine.body).toMatchObject({
      month: thisMonth(),
      canRate: true,
      rating: { score: 5, comment: '热水方便，座位干净' },
    });
    const [{ n }]: { n: number }[] = await t.db.query(
      `SELECT count(*)::int AS n FROM station_ratings WHERE station_id = $1 AND user_id = $2`,
      [station.id, worker.userId],
    );
    expect(n).toBe(1);
  });

  it("county staff see the station in this month's rating ranking, every tab of the strip in view", async () => {
    const ranking = await apiGetAs<StationRankingResponse>(
      server.baseUrl,
      DEMO_USER_KEYS.countyStaff,
      `/api/v1/stations/rankings/stations?month=${thisMonth()}&by=rating`,
    );
    expect(ranking.items.map((i) => i.stationId)).toContain(station.id);

    await withPhonePage(browser, async (page) => {
      await logInThroughUi(page, server.baseUrl, Role.CountyStaff);
      await page.locator('.mine-workbench').click();
      await page.locator('.workbench-rankings').click();
      await page.locator('.rankings-month-label:visible').waitFor({ state: 'visible' });
      // The page opens on last month; this month is one step on.
      await page.locator('.rankings-month-next:visible').click();
      const [year, month] = thisMonth().split('-');
      await page
        .locator('.rankings-month-label:visible', { hasText: `${year}年${Number(month)}月` })
        .waitFor({ state: 'visible' });
      await page.locator('.rankings-tab--rating:visible').click();
      await page
        .locator('.rankings-item:visible .rankings-item-name', { hasText: station.name })
        .waitFor({ state: 'visible' });

      // No tab title is cut off at the screen's edge or inside its own box.
      for (const tab of ['visits', 'rating', 'masters', 'reports']) {
        const title = page.locator(`.rankings-tab--${tab}:visible`);
        await title.scrollIntoViewIfNeeded();
        const box = await title.boundingBox();
        expect(box).not.toBeNull();
        expect(box?.x ?? -1).toBeGreaterThanOrEqual(0);
        expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(375);
        const clipped = await title.evaluate((el) => el.scrollWidth > el.clientWidth + 1);
        expect([tab, clipped]).toEqual([tab, false]);
      }
    });
  });
});

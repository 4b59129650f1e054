import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { type CouponQrResponse, DEMO_USER_KEYS, type MyCouponsResponse, Role } from '@smartunion/contracts';
import type { Browser, Page } from 'playwright-core';

import { startE2eServer } from '../../../api/test/support/e2e-server';
import { createTestApp, type TestApp } from '../../../api/test/support/test-app';
import { launchBrowser, withPhonePage } from './support/browser';
import { fakeCameraArgs, writeQrVideo } from './support/fake-camera';
import { tokenOf } from './support/membership';
import { logInThroughUi } from './support/session';

jest.setTimeout(120_000);

/** The demo merchant's coupon the seed gives the demo member (coupons.e2e claims and writes off the other kind). */
const TITLE = '会员专享 刀削面立减5元';

/** Records every camera stream the page opens, to check that closing the scanner releases the camera. */
function recordCameraStreams(): void {
  const opened: MediaStream[] = [];
  (window as unknown as { cameraStreams: MediaStream[] }).cameraStreams = opened;
  const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getUserMedia = async (constraints) => {
    const stream = await original(constraints);
    opened.push(stream);
    return stream;
  };
}

/** How many camera tracks the page opened, and how many are still live. */
function cameraTracks(page: Page): Promise<{ opened: number; live: number }> {
  return page.evaluate(() => {
    const streams = (window as unknown as { cameraStreams: MediaStream[] }).cameraStreams;
    const tracks = streams.flatMap((stream) => stream.getTracks());
    return { opened: tracks.length, live: tracks.filter((track) => track.readyState === 'live').length };
  });
}

describe('H5: the merchant scans a member coupon QR with the browser camera (e2e, real API, fake camera)', () => {
  let server: { baseUrl: string; close(): Promise<void> };
  let browser: Browser | undefined;
  let t: TestApp;
  let videoDir: string;

  beforeAll(async () => {
    server = await startE2eServer();
    t = await createTestApp();
    videoDir = mkdtempSync(join(tmpdir(), 'su-counter-scan-'));
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await server?.close();
    if (videoDir) rmSync(videoDir, { recursive: true, force: true });
  });

  it('taps 扫码核销 on the write-off desk, the camera reads the QR, and the coupon is written off', async () => {
    // The member's coupon (the seed claims it for the demo member) and its QR, from the API the coupon page calls.
    const memberToken = await tokenOf(t, DEMO_USER_KEYS.member);
    const active = await t.call<MyCouponsResponse>(
      'GET',
      '/api/v1/benefits/coupons/mine?status=active',
      memberToken,
    );
    expect(active.status).toBe(200);
    const coupon = active.body.items.find((item) => item.title === TITLE);
    if (!coupon) throw new Error(`the demo member holds no usable ${TITLE}`);
    const qr = await t.call<CouponQrResponse>('GET', `/api/v1/benefits/coupons/${coupon.id}/qr`, memberToken);
    expect(qr.status).toBe(200);

    // The desk's camera sees a blank counter first, then the member's phone with the QR.
    const video = join(videoDir, 'camera.y4m');
    writeQrVideo(null, video);
    browser = await launchBrowser(fakeCameraArgs(video));

    await withPhonePage(browser, async (page) => {
      await page.addInitScript(recordCameraStreams);
      await logInThroughUi(page, server.baseUrl, Role.Merchant);
      await page.locator('.mine-writeoff').click();
      const scan = page.locator('.writeoff-scan:visible');
      await scan.waitFor({ state: 'visible' });
      await expect(scan.textContent()).resolves.toBe('扫码核销');

      // Opened and closed with 取消 and with Escape: the camera is released and the desk stays.
      const overlay = page.locator('.camera-scanner');
      const openScanner = async (): Promise<void> => {
        await scan.click();
        await page.locator('.camera-scanner--scanning').waitFor({ state: 'visible' });
        await expect(page.locator('.camera-scanner-hint').textContent()).resolves.toBe('将二维码放入框内');
      };
      for (const cancel of [
        () => page.locator('.camera-scanner-cancel').click(),
        () => page.keyboard.press('Escape'),
      ]) {
        await openScanner();
        await cancel();
        await overlay.waitFor({ state: 'detached' });
        await expect(cameraTracks(page).then((tracks) => tracks.live)).resolves.toBe(0);
        await scan.waitFor({ state: 'visible' });
      }
      // Back goes back as usual (to 我的), and the overlay goes with the desk.
      await openScanner();
      await page.goBack();
      await overlay.waitFor({ state: 'detached' });
      await expect(cameraTracks(page).then((tracks) => tracks.live)).resolves.toBe(0);
      await page.locator('.mine-writeoff').click();
      await scan.waitFor({ state: 'visible' });
      await expect(page.locator('.writeoff-result:visible').count()).resolves.toBe(0);

      // Now the member holds the phone up: Chromium reopens the file each time the camera starts.
      writeQrVideo(qr.body.qrToken, video);
      await scan.click();
      const result = page.locator('.writeoff-result:visible');
      await result.waitFor({ state: 'visible' });
      await overlay.waitFor({ state: 'detached' });
      await expect(page.locator('.writeoff-verdict:visible').textContent()).resolves.toBe('核销成功');
      await expect(result.textContent()).resolves.toContain(TITLE);
      const tracks = await cameraTracks(page);
      expect(tracks.opened).toBe(4);
      expect(tracks.live).toBe(0);
    });

    const used = await t.call<MyCouponsResponse>(
      'GET',
      '/api/v1/benefits/coupons/mine?status=used',
      memberToken,
    );
    expect(used.body.items.map((c) => c.id)).toContain(coupon.id);
  });
});

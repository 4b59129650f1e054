import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium: playwright-core downloads no browser of its own. */
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

/** Screenshots of failed tests land here (gitignored). */
export const TEST_RESULTS_DIR = resolve(__dirname, '../../../test-results');

/** `extraArgs`: more Chromium flags, e.g. a fake camera (support/fake-camera.ts). */
export function launchBrowser(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS, ...extraArgs],
  });
}

/** Where the app keeps the user's consent to the agreements (src/services/privacy.ts), as Taro's H5 storage does. */
const CONSENT_STORAGE_KEY = 'su.privacy.consent';
const AGREEMENT_VERSION = '2026-12-01';

export interface PhonePageOptions {
  /**
   * True (the default): the user accepted 《用户服务协议》《隐私政策》 before, so the login page's box is ticked.
   * False for the tests of the consent itself.
   */
  agreed?: boolean;
}

/** A fresh phone-sized context (own storage, so no session leaks between tests) and a page in it. */
export async function newPhonePage(
  browser: Browser,
  { agreed = true }: PhonePageOptions = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width: 375, height: 812 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
  });
  context.setDefaultTimeout(15_000);
  if (agreed) {
    await context.addInitScript(
      ([key, version]) => {
        if (localStorage.getItem(key) === null) localStorage.setItem(key, JSON.stringify({ data: version }));
      },
      [CONSENT_STORAGE_KEY, AGREEMENT_VERSION] as const,
    );
  }
  return { context, page: await context.newPage() };
}

function fileNameFor(testName: string): string {
  const safe = testName.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '');
  return `${safe.slice(0, 120) || 'test'}.png`;
}

/**
 * Runs `body` on a fresh phone page and closes it afterwards. If `body` throws, a full-page screenshot named
 * after the current test is written to test-results/ before the error propagates.
 */
export async function withPhonePage<T>(
  browser: Browser,
  body: (page: Page) => Promise<T>,
  options: PhonePageOptions = {},
): Promise<T> {
  const { context, page } = await newPhonePage(browser, options);
  try {
    return await body(page);
  } catch (error) {
    mkdirSync(TEST_RESULTS_DIR, { recursive: true });
    const name = expect.getState().currentTestName ?? 'e2e';
    await page
      .screenshot({ path: resolve(TEST_RESULTS_DIR, fileNameFor(name)), fullPage: true })
      .catch(() => undefined);
    throw error;
  } finally {
    await context.close();
  }
}

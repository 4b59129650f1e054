import {
  LoginProvider,
  type LoginRequest,
  type LoginResponse,
  type MeResponse,
  type Role,
  type TokenPair,
} from '@smartunion/contracts';
import type { Page } from 'playwright-core';

/** An access token for a demo user, straight from the API (to learn what a page must show). */
export async function apiToken(baseUrl: string, demoKey: string): Promise<string> {
  const body: LoginRequest = { provider: LoginProvider.Dev, code: demoKey };
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(login.status).toBe(200);
  return ((await login.json()) as LoginResponse).accessToken;
}

/** GET as a demo user; the answer must be 200. */
export async function apiGetAs<T>(baseUrl: string, demoKey: string, path: string): Promise<T> {
  const res = await fetch(`${baseUrl}${path}`, {
    headers: { authorization: `Bearer ${await apiToken(baseUrl, demoKey)}` },
  });
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

export function fetchMe(baseUrl: string, demoKey: string): Promise<MeResponse> {
  return apiGetAs<MeResponse>(baseUrl, demoKey, '/api/v1/me');
}

/** The user's path: open the app, tap 我的, go to login, pick the demo account, land back on 我的. */
export async function logInThroughUi(page: Page, baseUrl: string, role: Role): Promise<void> {
  await page.goto(`${baseUrl}/`);
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

export async function text(page: Page, selector: string): Promise<string> {
  return ((await page.locator(selector).first().textContent()) ?? '').trim();
}

/** Where the app keeps its tokens (src/services/token-store.ts); Taro's H5 storage wraps each value as {data}. */
const TOKEN_STORAGE_KEY = 'su.tokens';

/**
 * Signs the app in as a user the login page does not list (a fixture user): the tokens go into storage exactly
 * as the app stores them after a login, then `path` (a hash route) is opened.
 */
export async function openSignedIn(
  page: Page,
  baseUrl: string,
  tokens: TokenPair,
  path: string,
): Promise<void> {
  await page.goto(`${baseUrl}/`);
  const pair: TokenPair = {
    tokenType: tokens.tokenType,
    accessToken: tokens.accessToken,
    accessTokenExpiresAt: tokens.accessTokenExpiresAt,
    refreshToken: tokens.refreshToken,
    refreshTokenExpiresAt: tokens.refreshTokenExpiresAt,
  };
  await page.evaluate(([key, value]) => localStorage.setItem(key, value), [
    TOKEN_STORAGE_KEY,
    JSON.stringify({ data: pair }),
  ] as const);
  await page.goto(`${baseUrl}/#${path}`);
}

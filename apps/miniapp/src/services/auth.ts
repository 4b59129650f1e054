import Taro from '@tarojs/taro';
import {
  type BindPhoneRequest,
  DEMO_USER_KEYS,
  LoginProvider,
  type LoginResponse,
  type PhoneBindingResponse,
} from '@smartunion/contracts';

import { apiPost, login, logout } from './api';
import { PLATFORM_LOGIN_PROVIDER } from './env';
import { goToLogin, openLogin } from './navigation';
import { loadTokens } from './token-store';

export type DemoUserKey = (typeof DEMO_USER_KEYS)[keyof typeof DEMO_USER_KEYS];

export function isSignedIn(): boolean {
  return loadTokens() !== null;
}

/**
 * The mini-program's own login: weapp wx.login gives a code for code2session; on alipay Taro 4.2 maps
 * Taro.login to my.getAuthCode({ scopes: 'auth_base' }) (silent, no consent sheet) and copies `authCode`
 * into `code`. Either way the API exchanges the code with the platform.
 */
export async function loginWithPlatform(): Promise<LoginResponse> {
  const provider = PLATFORM_LOGIN_PROVIDER;
  if (!provider) throw new Error('No platform login in this build');
  const { code } = await Taro.login();
  return login(provider, code);
}

/**
 * WeChat's 手机号快捷登录: the platform login, then the code of the getPhoneNumber button, which the API exchanges
 * at WeChat for the number it keeps on the user. The code is valid once, for five minutes.
 */
export async function loginWithPlatformPhone(phoneCode: string): Promise<PhoneBindingResponse> {
  await loginWithPlatform();
  const body: BindPhoneRequest = { provider: LoginProvider.Wechat, code: phoneCode };
  return apiPost<PhoneBindingResponse>('/api/v1/me/phone', body);
}

/** The demo-account login (H5, or when TARO_APP_DEV_LOGIN=true); the API accepts it only with AUTH_DEV_LOGIN. */
export function loginWithDemoAccount(key: DemoUserKey): Promise<LoginResponse> {
  return login(LoginProvider.Dev, key);
}

export function signOut(): Promise<void> {
  return logout();
}

let silentLogin: Promise<LoginResponse> | null = null;

/**
 * Makes sure there is a session. Mini-programs log in silently with the platform; H5 has to ask the user,
 * so there it returns false and the page offers the way to the login page.
 */
export async function ensureSession(): Promise<boolean> {
  if (isSignedIn()) return true;
  if (!PLATFORM_LOGIN_PROVIDER) return false;
  // Pages that show at the same time share one silent login.
  silentLogin ??= loginWithPlatform().finally(() => {
    silentLogin = null;
  });
  await silentLogin;
  return true;
}

/**
 * For a page that needs a session as it opens: true when there is one; otherwise opens the login page on top of
 * it (which it comes back to after login) and returns false — once per page, so Back from login leaves it be.
 * Pages that load through usePageData say why instead (its `login` option), which is better still.
 */
export async function requireSession(): Promise<boolean> {
  if (await ensureSession()) return true;
  goToLogin();
  return false;
}

/** For a tap that needs a session (扫码开门, a rating): true when there is one; otherwise opens login, every tap. */
export async function requireSessionToAct(): Promise<boolean> {
  if (await ensureSession()) return true;
  openLogin();
  return false;
}

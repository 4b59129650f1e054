import Taro from '@tarojs/taro';

import { IS_WEAPP } from './env';
import { Routes } from './routes';

/**
 * The user's consent to 《用户服务协议》 and 《隐私政策》, asked once per version of the texts: the login page's
 * checkbox and the WeChat privacy dialog both record it here. A new version of the texts asks again.
 */
export const AGREEMENT_VERSION = '2026-12-01';
const CONSENT_KEY = 'su.privacy.consent';

export function hasConsented(): boolean {
  try {
    return Taro.getStorageSync<string>(CONSENT_KEY) === AGREEMENT_VERSION;
  } catch {
    return false;
  }
}

export function recordConsent(agreed: boolean): void {
  try {
    if (agreed) Taro.setStorageSync(CONSENT_KEY, AGREEMENT_VERSION);
    else Taro.removeStorageSync(CONSENT_KEY);
  } catch {
    // Storage full or unavailable: the user is asked again next time, which is harmless.
  }
}

// ------------------------------------------------------------------------------ WeChat privacy authorization

type ResolveOption = Taro.onNeedPrivacyAuthorization.ResolveOption;

/**
 * WeChat holds a privacy API (getLocation, the phone-number button, the album…) until the user agrees through a
 * button with open-type="agreePrivacyAuthorization". The requests wait here until a PrivacyConsentDialog answers.
 */
const pending: ((option: ResolveOption) => void)[] = [];
const dialogs = new Set<() => void>();

/** Called once from app.ts. Only WeChat has the event; elsewhere the platform asks itself (or nothing does). */
export function watchPrivacyAuthorization(): void {
  if (!IS_WEAPP || typeof Taro.onNeedPrivacyAuthorization !== 'function') return;
  Taro.onNeedPrivacyAuthorization((resolve) => {
    pending.push(resolve);
    if (dialogs.size > 0) {
      dialogs.forEach((show) => show());
      return;
    }
    // No page with the dialog is showing: offer the login page, which has one and picks the request up.
    void Taro.showModal({
      title: '隐私保护提示',
      content: '使用此功能前，请先阅读并同意《用户服务协议》和《隐私政策》',
      confirmText: '去查看',
      cancelText: '暂不同意',
    }).then(({ confirm }) => {
      if (confirm) void Taro.navigateTo({ url: Routes.Login });
      else answerPrivacyAuthorization(null);
    });
  });
}

/** A mounted dialog registers here; it is called when a request arrives. Returns the unregister function. */
export function onPrivacyAuthorizationRequest(show: () => void): () => void {
  dialogs.add(show);
  return () => dialogs.delete(show);
}

export function hasPendingPrivacyRequest(): boolean {
  return pending.length > 0;
}

/**
 * The user's answer to every waiting request: the id of the agree button they tapped, or null for a refusal
 * (the held API then fails with "privacy permission is not authorized", which pages treat as a refusal).
 */
export function answerPrivacyAuthorization(agreeButtonId: string | null): void {
  if (agreeButtonId) recordConsent(true);
  const waiting = pending.splice(0, pending.length);
  for (const resolve of waiting) {
    resolve(agreeButtonId ? { event: 'agree', buttonId: agreeButtonId } : { event: 'disagree' });
  }
}

import Taro from '@tarojs/taro';
import type { TokenPair } from '@smartunion/contracts';

const STORAGE_KEY = 'su.tokens';

function isTokenPair(value: unknown): value is TokenPair {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.accessToken === 'string' && typeof v.refreshToken === 'string';
}

export function loadTokens(): TokenPair | null {
  try {
    const stored: unknown = Taro.getStorageSync(STORAGE_KEY);
    return isTokenPair(stored) ? stored : null;
  } catch {
    return null;
  }
}

/** Keeps only the TokenPair fields, so a LoginResponse's extras are not persisted. */
export function saveTokens(tokens: TokenPair): void {
  const pair: TokenPair = {
    tokenType: tokens.tokenType,
    accessToken: tokens.accessToken,
    accessTokenExpiresAt: tokens.accessTokenExpiresAt,
    refreshToken: tokens.refreshToken,
    refreshTokenExpiresAt: tokens.refreshTokenExpiresAt,
  };
  Taro.setStorageSync(STORAGE_KEY, pair);
}

export function clearTokens(): void {
  Taro.removeStorageSync(STORAGE_KEY);
}

import Taro from '@tarojs/taro';
import { JOIN_CODE_PARAM } from '@smartunion/contracts';

import { IS_H5 } from './env';
import { Routes } from './routes';

const CODE_IN_URL = new RegExp(`[?&]${JOIN_CODE_PARAM}=([^&#]+)`);
/** A bare token: base64url parts joined by dots, nothing a URL or a sentence would contain. */
const BARE_TOKEN = /^[A-Za-z0-9_.~-]{10,2000}$/;

/**
 * The join-code token in what was scanned or pasted: the join page URL the union's QR encodes (its `code`
 * parameter, also inside a hash route), or the token itself. Null when it is neither.
 */
export function extractJoinCode(scanned: string): string | null {
  const text = scanned.trim();
  const match = CODE_IN_URL.exec(text);
  if (match) {
    try {
      return decodeURIComponent(match[1]);
    } catch {
      return null;
    }
  }
  return BARE_TOKEN.test(text) ? text : null;
}

/** Mini-programs scan with the camera; the H5 page is opened from the QR by the phone's own camera. */
export const CAN_SCAN = !IS_H5;

/** Opens the camera and returns the raw text of the code; null when the user backs out. */
export async function scanText(): Promise<string | null> {
  try {
    const { result } = await Taro.scanCode({ onlyFromCamera: false, scanType: ['qrCode'] });
    return result;
  } catch {
    return null;
  }
}

/** The join page for a code. */
export function joinPageUrl(code: string): string {
  return `${Routes.MembershipJoin}?${JOIN_CODE_PARAM}=${encodeURIComponent(code)}`;
}

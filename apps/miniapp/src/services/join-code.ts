import Taro from '@tarojs/taro';
import { JOIN_CODE_PARAM } from '@smartunion/contracts';

import { IS_H5 } from './env';
import { Routes } from './routes';

const codeInUrl = (param: string): RegExp => new RegExp(`[?&]${param}=([^&#]+)`);
/** A bare token: base64url parts joined by dots, nothing a URL or a sentence would contain. */
const BARE_TOKEN = /^[A-Za-z0-9_.~-]{10,2000}$/;

/**
 * The token in what was scanned or pasted: the page URL a QR encodes (its `param` parameter, also inside a hash
 * route), or the token itself. Null when it is neither. Join codes and station door codes alike.
 */
export function extractCode(scanned: string, param: string): string | null {
  const text = scanned.trim();
  const match = codeInUrl(param).exec(text);
  if (match) {
    try {
      return decodeURIComponent(match[1]);
    } catch {
      return null;
    }
  }
  return BARE_TOKEN.test(text) ? text : null;
}

/** The join-code token in a scanned union QR (see {@link extractCode}). */
export function extractJoinCode(scanned: string): string | null {
  return extractCode(scanned, JOIN_CODE_PARAM);
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

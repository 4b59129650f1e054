import { JOIN_CODE_PARAM } from '@smartunion/contracts';

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

// Scanning lives in ./scan (the H5 camera scanner included); re-exported for the pages that import it from here.
export { CAN_SCAN, scanText } from './scan';

/** The join page for a code. */
export function joinPageUrl(code: string): string {
  return `${Routes.MembershipJoin}?${JOIN_CODE_PARAM}=${encodeURIComponent(code)}`;
}

import { createSign, createVerify } from 'node:crypto';

import { businessDateTime } from '@smartunion/contracts';

/** Alipay's string to sign: parameters sorted by key, `k=v` joined by `&`, raw values, sign and empties left out. */
export function alipaySignContent(params: Record<string, string | undefined>): string {
  return Object.keys(params)
    .filter((k) => k !== 'sign' && params[k] !== undefined && params[k] !== '')
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join('&');
}

export function rsa2Sign(content: string, privateKeyPem: string): string {
  return createSign('RSA-SHA256').update(content, 'utf8').sign(privateKeyPem, 'base64');
}

export function rsa2Verify(content: string, signature: string, publicKeyPem: string): boolean {
  try {
    return createVerify('RSA-SHA256').update(content, 'utf8').verify(publicKeyPem, signature, 'base64');
  } catch {
    return false;
  }
}

/**
 * The exact text of the top-level `"<node>": {…}` value in a raw response body, which is what Alipay signs.
 * Re-serialising parsed JSON would change spacing, escapes (Alipay writes `\/`) or key order and break
 * verification, so the object is cut out of the raw text by a small string-aware scan of the top level.
 */
export function extractResponseNode(raw: string, node: string): string | null {
  let depth = 0;
  let valueStart = -1;
  let pendingKey: string | null = null;
  for (let i = 0; i < raw.length; i += 1) {
    const c = raw[i];
    if (c === '"') {
      const end = stringEnd(raw, i);
      if (end < 0) return null;
      // A string right after `{` or `,` at depth 1 is a top-level key.
      if (depth === 1 && valueStart < 0) pendingKey = raw.slice(i + 1, end);
      i = end;
    } else if (c === ':' && depth === 1 && pendingKey === node) {
      valueStart = i + 1;
    } else if (c === '{' || c === '[') {
      depth += 1;
      if (depth === 2 && valueStart >= 0) {
        if (c !== '{' || raw.slice(valueStart, i).trim() !== '') return null;
        valueStart = i;
      }
    } else if (c === '}' || c === ']') {
      depth -= 1;
      if (depth === 1 && valueStart >= 0 && pendingKey === node) return raw.slice(valueStart, i + 1);
      if (depth <= 0) return null;
    } else if (c === ',' && depth === 1) {
      if (valueStart >= 0) return null; // the node's value was not an object
      pendingKey = null;
    }
  }
  return null;
}

/** Index of the quote closing the JSON string opened at `start`, or -1. */
function stringEnd(raw: string, start: number): number {
  for (let j = start + 1; j < raw.length; j += 1) {
    if (raw[j] === '\\') j += 1;
    else if (raw[j] === '"') return j;
  }
  return -1;
}

/** "yyyy-MM-dd HH:mm:ss" in Asia/Shanghai (UTC+8, no daylight saving), as the gateway requires. */
export function shanghaiTimestamp(now = new Date()): string {
  return businessDateTime(now, true);
}

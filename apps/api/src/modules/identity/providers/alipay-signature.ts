import { createSign, createVerify } from 'node:crypto';

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
 * The exact text of `"<node>": {…}`'s value in a raw response body, which is what Alipay signs. Re-serialising
 * parsed JSON would change spacing, escapes or key order and break verification, so the object is cut out of
 * the raw text by matching braces (string-aware).
 */
export function extractResponseNode(raw: string, node: string): string | null {
  const key = `"${node}"`;
  const at = raw.indexOf(key);
  if (at < 0) return null;
  let i = raw.indexOf(':', at + key.length);
  if (i < 0) return null;
  i += 1;
  while (i < raw.length && /\s/.test(raw[i])) i += 1;
  if (raw[i] !== '{') return null;
  let depth = 0;
  let inString = false;
  for (let j = i; j < raw.length; j += 1) {
    const c = raw[j];
    if (inString) {
      if (c === '\\') j += 1;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth += 1;
    else if (c === '}') {
      depth -= 1;
      if (depth === 0) return raw.slice(i, j + 1);
    }
  }
  return null;
}

/** "yyyy-MM-dd HH:mm:ss" in Asia/Shanghai (UTC+8, no daylight saving), as the gateway requires. */
export function shanghaiTimestamp(now = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().replace('T', ' ').slice(0, 19);
}

import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';

import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';

/** What a token is for; each purpose signs with its own derived key, so one kind can never pass as another. */
export type TokenPurpose =
  'join-code' | 'member-card' | 'station-door' | 'coupon' | 'welfare-pickup' | 'download';

export type TokenCheck<T> =
  { ok: true; payload: T; issuedAt: number } | { ok: false; reason: 'malformed' | 'signature' | 'expired' };

const SIGNATURE_BYTES = 16;

/**
 * Compact signed tokens for QR codes (short enough for a dense-free code): base64url(JSON payload) "." base64url
 * (truncated HMAC-SHA256). Issued-at and optional expiry travel inside the payload. Stateless: revocation, where
 * needed, is the caller's look-up (a join code's row).
 */
@Injectable()
export class SignedTokens {
  private readonly keys = new Map<TokenPurpose, Buffer>();

  constructor(@Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'auth'>) {}

  sign<T extends object>(purpose: TokenPurpose, payload: T, ttlSeconds?: number, now = Date.now()): string {
    const iat = Math.floor(now / 1000);
    const body = { ...payload, iat, ...(ttlSeconds ? { exp: iat + ttlSeconds } : {}) };
    const encoded = Buffer.from(JSON.stringify(body)).toString('base64url');
    return `${encoded}.${this.mac(purpose, encoded).toString('base64url')}`;
  }

  verify<T>(purpose: TokenPurpose, token: string, now = Date.now()): TokenCheck<T> {
    const parts = token.trim().split('.');
    if (parts.length !== 2 || !parts[0] || !parts[1]) return { ok: false, reason: 'malformed' };
    const given = Buffer.from(parts[1], 'base64url');
    const expected = this.mac(purpose, parts[0]);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return { ok: false, reason: 'signature' };
    }
    let body: T & { iat?: unknown; exp?: unknown };
    try {
      body = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8')) as T & {
        iat?: unknown;
        exp?: unknown;
      };
    } catch {
      return { ok: false, reason: 'malformed' };
    }
    if (typeof body !== 'object' || body === null || typeof body.iat !== 'number') {
      return { ok: false, reason: 'malformed' };
    }
    if (typeof body.exp === 'number' && body.exp * 1000 <= now) return { ok: false, reason: 'expired' };
    return { ok: true, payload: body, issuedAt: body.iat * 1000 };
  }

  private mac(purpose: TokenPurpose, data: string): Buffer {
    let key = this.keys.get(purpose);
    if (!key) {
      key = Buffer.from(hkdfSync('sha256', this.config.auth.jwtSecret, 'smartunion-qr', purpose, 32));
      this.keys.set(purpose, key);
    }
    return createHmac('sha256', key).update(data).digest().subarray(0, SIGNATURE_BYTES);
  }
}

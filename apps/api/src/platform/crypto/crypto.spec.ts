import { randomBytes } from 'node:crypto';

import { PiiCipher } from './pii-cipher';
import { SignedTokens } from './signed-token';

describe('PiiCipher', () => {
  const cipher = new PiiCipher({ pii: { encryptionKey: randomBytes(32), hmacKey: randomBytes(32) } });

  it('round-trips and never repeats a ciphertext', () => {
    const a = cipher.encrypt('11010519491231002X');
    const b = cipher.encrypt('11010519491231002X');
    expect(a.equals(b)).toBe(false);
    expect(a.toString('latin1')).not.toContain('11010519491231002X');
    expect(cipher.decrypt(a)).toBe('11010519491231002X');
  });

  it('refuses a tampered ciphertext or another key', () => {
    const blob = cipher.encrypt('11010519491231002X');
    blob[blob.length - 1] ^= 1;
    expect(() => cipher.decrypt(blob)).toThrow();
    const other = new PiiCipher({ pii: { encryptionKey: randomBytes(32), hmacKey: randomBytes(32) } });
    expect(() => other.decrypt(cipher.encrypt('x'))).toThrow();
  });

  it('hashes deterministically, keyed', () => {
    expect(cipher.hash('a').equals(cipher.hash('a'))).toBe(true);
    const other = new PiiCipher({ pii: { encryptionKey: randomBytes(32), hmacKey: randomBytes(32) } });
    expect(other.hash('a').equals(cipher.hash('a'))).toBe(false);
  });
});

describe('SignedTokens', () => {
  const tokens = new SignedTokens({ auth: { jwtSecret: 's'.repeat(40) } } as never);

  it('verifies its own tokens and returns the payload', () => {
    const t = tokens.sign('join-code', { c: '42' });
    const check = tokens.verify<{ c: string }>('join-code', t);
    expect(check).toMatchObject({ ok: true, payload: { c: '42' } });
  });

  it('refuses another purpose, a changed payload, garbage and expiry', () => {
    const t = tokens.sign('member-card', { m: '7' }, 60, 1_000_000);
    expect(tokens.verify('join-code', t, 1_000_000)).toEqual({ ok: false, reason: 'signature' });
    const [, sig] = t.split('.');
    const forged = `${Buffer.from(JSON.stringify({ m: '8', iat: 1000, exp: 1060 })).toString('base64url')}.${sig}`;
    expect(tokens.verify('member-card', forged, 1_000_000)).toEqual({ ok: false, reason: 'signature' });
    expect(tokens.verify('member-card', 'nonsense', 1_000_000)).toEqual({ ok: false, reason: 'malformed' });
    expect(tokens.verify('member-card', t, 1_000_000 + 59_000).ok).toBe(true);
    expect(tokens.verify('member-card', t, 1_000_000 + 60_000)).toEqual({ ok: false, reason: 'expired' });
  });
});

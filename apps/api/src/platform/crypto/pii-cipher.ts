import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';

import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';

/** First byte of every ciphertext: which key encrypted it, so keys can be rotated without rewriting rows. */
const KEY_VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Personal data at rest: AES-256-GCM for values we must read back (ID numbers), and a keyed HMAC for values we
 * only compare (uniqueness, look-up), so the database never holds an ID number in clear nor a hash that a
 * dictionary of all ID numbers could reverse.
 */
@Injectable()
export class PiiCipher {
  private readonly encryptionKey: Buffer;
  private readonly hmacKey: Buffer;

  constructor(@Inject(APP_CONFIG) config: Pick<AppConfig, 'pii'>) {
    this.encryptionKey = config.pii.encryptionKey;
    this.hmacKey = config.pii.hmacKey;
    if (this.encryptionKey.length !== 32) throw new Error('PII encryption key must be 32 bytes');
  }

  /** version ‖ iv ‖ tag ‖ ciphertext. A fresh IV each time: equal inputs give different ciphertexts. */
  encrypt(plain: string): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.encryptionKey, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from([KEY_VERSION]), iv, cipher.getAuthTag(), body]);
  }

  /** Throws if the value was tampered with or encrypted under another key. */
  decrypt(blob: Buffer): string {
    if (blob[0] !== KEY_VERSION) throw new Error(`Unknown PII key version ${blob[0]}`);
    const iv = blob.subarray(1, 1 + IV_BYTES);
    const tag = blob.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', this.encryptionKey, iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([
      decipher.update(blob.subarray(1 + IV_BYTES + TAG_BYTES)),
      decipher.final(),
    ]).toString('utf8');
  }

  /** Deterministic keyed digest for equality look-ups. Callers normalise first (e.g. upper-case X). */
  hash(plain: string): Buffer {
    return createHmac('sha256', this.hmacKey).update(plain, 'utf8').digest();
  }
}

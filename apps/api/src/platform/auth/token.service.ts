import { createSecretKey, type KeyObject } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';
import type { Role } from '@smartunion/contracts';
import { sign } from 'jsonwebtoken';

import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';

export const ACCESS_TOKEN_ALGORITHM = 'HS256';
export const ACCESS_TOKEN_AUDIENCE = 'smartunion-api';

/**
 * Signs access tokens. The key is a KeyObject built once: jsonwebtoken re-derives a key from a plain string
 * secret on every call, which caps verification at a few thousand tokens a second.
 */
@Injectable()
export class TokenService {
  readonly key: KeyObject;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.key = createSecretKey(Buffer.from(config.auth.jwtSecret, 'utf8'));
  }

  signAccessToken(userId: string, roles: Role[]): { token: string; expiresAt: Date } {
    const ttl = this.config.auth.accessTtlSeconds;
    const token = sign({ roles, typ: 'access' }, this.key, {
      algorithm: ACCESS_TOKEN_ALGORITHM,
      subject: userId,
      issuer: this.config.auth.jwtIssuer,
      audience: ACCESS_TOKEN_AUDIENCE,
      expiresIn: ttl,
    });
    return { token, expiresAt: new Date(Date.now() + ttl * 1000) };
  }
}

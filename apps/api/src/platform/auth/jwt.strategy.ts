import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ROLES, type Role } from '@smartunion/contracts';
import type { FastifyRequest } from 'fastify';
import { Strategy } from 'passport-jwt';

import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import type { AccessTokenClaims, AuthUser } from './auth-user';
import { bearerTokenOf } from './bearer';
import { ACCESS_TOKEN_ALGORITHM, ACCESS_TOKEN_AUDIENCE, TokenService } from './token.service';

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(@Inject(APP_CONFIG) config: AppConfig, tokens: TokenService) {
    super({
      jwtFromRequest: (request: FastifyRequest) => bearerTokenOf(request.headers.authorization),
      // jsonwebtoken accepts a KeyObject (see TokenService); @types/passport-jwt only knows string | Buffer.
      secretOrKey: tokens.key as unknown as Buffer,
      algorithms: [ACCESS_TOKEN_ALGORITHM],
      issuer: config.auth.jwtIssuer,
      audience: ACCESS_TOKEN_AUDIENCE,
      ignoreExpiration: false,
    });
  }

  validate(claims: AccessTokenClaims): AuthUser | false {
    if (claims.typ !== 'access' || typeof claims.sub !== 'string') return false;
    const roles = Array.isArray(claims.roles) ? claims.roles.filter((r): r is Role => ROLES.includes(r)) : [];
    return { userId: claims.sub, roles };
  }
}

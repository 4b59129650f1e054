import { createHash, randomBytes, randomUUID } from 'node:crypto';

import { Inject, Injectable, Logger } from '@nestjs/common';
import { ErrorCode, type LoginRequest, type LoginResponse, type TokenPair } from '@smartunion/contracts';

import type { AppConfig } from '../../platform/config/app-config';
import { APP_CONFIG } from '../../platform/config/config.module';
import { TokenService } from '../../platform/auth/token.service';
import { RateLimiter } from '../../platform/redis/rate-limiter';
import { IdentityError } from './identity.errors';
import { LOGIN_PROVIDERS, type LoginProviders } from './login-providers';
import { LoginProviderError } from './providers/login-provider.port';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import type { UserEntity } from './user.entity';
import { UsersRepository } from './users.repository';

const DAY_MS = 24 * 3600 * 1000;

export const hashRefreshToken = (token: string): Buffer =>
  createHash('sha256').update(token, 'utf8').digest();

/** Login with WeChat, Alipay or (development only) a demo key; access tokens and rotating refresh tokens. */
@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGIN_PROVIDERS) private readonly providers: LoginProviders,
    private readonly users: UsersRepository,
    private readonly refreshTokens: RefreshTokensRepository,
    private readonly tokens: TokenService,
    private readonly rateLimiter: RateLimiter,
  ) {}

  async login(request: LoginRequest, clientIp: string): Promise<LoginResponse> {
    await this.rateLimiter.hit({
      key: `login:ip:${clientIp}`,
      limit: this.config.auth.loginRateLimitPerMinute,
      windowMs: 60_000,
    });
    const { user, created } = await this.resolveUser(request);
    if (user.status !== 'active') throw new IdentityError(ErrorCode.UserDisabled, 'This account is disabled');
    const pair = await this.issuePair(user.id, randomUUID());
    return { ...pair, isNewUser: created };
  }

  private async resolveUser(request: LoginRequest): Promise<{ user: UserEntity; created: boolean }> {
    switch (request.provider) {
      case 'dev': {
        if (!this.config.auth.devLogin || this.config.env === 'production') {
          throw new IdentityError(ErrorCode.LoginProviderDisabled, 'The dev login provider is not enabled');
        }
        const user = await this.users.findByDemoKey(request.code);
        if (!user) throw new IdentityError(ErrorCode.LoginFailed, 'Unknown demo user');
        return { user, created: false };
      }
      case 'wechat':
      case 'alipay': {
        const provider = this.providers[request.provider];
        if (!provider) {
          throw new IdentityError(
            ErrorCode.LoginProviderDisabled,
            `Login with ${request.provider} is not configured`,
          );
        }
        try {
          const identity = await provider.client.exchangeCode(request.code);
          const name = request.provider === 'wechat' ? '微信用户' : '支付宝用户';
          return await this.users.findOrCreateByIdentity(
            {
              provider: request.provider,
              appId: provider.appId,
              subject: identity.subject,
              unionId: identity.unionId,
            },
            `${name}${identity.subject.slice(-4)}`,
          );
        } catch (e) {
          if (e instanceof LoginProviderError) {
            const context = { provider: request.provider, details: e.details };
            if (e.details.misconfigured)
              this.logger.error(context, 'Login provider refuses our configuration');
            else if (e.code === ErrorCode.LoginProviderUnavailable) this.logger.warn(context, e.message);
            // Clients get the provider's code for support; its free text stays in our logs.
            throw new IdentityError(e.code, e.message, {
              provider: e.details.provider,
              providerCode: e.details.providerCode,
            });
          }
          throw e;
        }
      }
    }
  }

  /**
   * Rotates a refresh token. Presenting a token that was already rotated means it leaked (or a client bug):
   * the whole family is revoked, so neither the thief nor the owner can continue without logging in again.
   */
  async refresh(refreshToken: string): Promise<TokenPair> {
    const hash = hashRefreshToken(refreshToken);
    const rotated = await this.refreshTokens.transaction(async (m) => {
      const spent = await this.refreshTokens.consume(hash, m);
      if (!spent) return null;
      const user = await this.users.findById(spent.userId);
      // Throwing rolls the consumption back: a disabled account is refused, not reported as token reuse.
      if (!user || user.status !== 'active') {
        throw new IdentityError(ErrorCode.UserDisabled, 'This account is disabled');
      }
      return this.issuePair(spent.userId, spent.familyId, m);
    });
    if (rotated) return rotated;

    const known = await this.refreshTokens.findByHash(hash);
    if (known?.usedAt && !known.revokedAt) {
      const revoked = await this.refreshTokens.revokeFamily(known.familyId);
      this.logger.warn(
        { userId: known.userId, familyId: known.familyId, revoked },
        'Refresh token reuse detected',
      );
      throw new IdentityError(
        ErrorCode.RefreshTokenReused,
        'Refresh token was already used; please log in again',
      );
    }
    throw new IdentityError(ErrorCode.RefreshTokenInvalid, 'Refresh token is invalid or expired');
  }

  /** Ends the login the refresh token belongs to. Unknown tokens are ignored: logout is idempotent. */
  async logout(refreshToken: string): Promise<void> {
    const known = await this.refreshTokens.findByHash(hashRefreshToken(refreshToken));
    if (known) await this.refreshTokens.revokeFamily(known.familyId);
  }

  async purgeExpiredRefreshTokens(now = new Date()): Promise<number> {
    // Keep a day of grace so a just-expired token is still recognised (and not reported as unknown) in logs.
    return this.refreshTokens.purgeExpired(new Date(now.getTime() - DAY_MS));
  }

  private async issuePair(
    userId: string,
    familyId: string,
    manager?: Parameters<RefreshTokensRepository['insert']>[1],
  ): Promise<TokenPair> {
    const roles = await this.users.roleNamesOf(userId);
    const access = this.tokens.signAccessToken(userId, roles);
    const refreshToken = randomBytes(32).toString('base64url');
    const refreshExpiresAt = new Date(Date.now() + this.config.auth.refreshTtlDays * DAY_MS);
    await this.refreshTokens.insert(
      { userId, familyId, hash: hashRefreshToken(refreshToken), expiresAt: refreshExpiresAt },
      manager,
    );
    return {
      tokenType: 'Bearer',
      accessToken: access.token,
      accessTokenExpiresAt: access.expiresAt.toISOString(),
      refreshToken,
      refreshTokenExpiresAt: refreshExpiresAt.toISOString(),
    };
  }
}

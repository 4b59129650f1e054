import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  type BindPhoneRequest,
  ErrorCode,
  maskMobile,
  MOBILE_PATTERN,
  type PhoneBindingResponse,
} from '@smartunion/contracts';

import { invalid } from '../../platform/errors/common-errors';
import { IdentityError } from './identity.errors';
import { LOGIN_PROVIDERS, type LoginProviders } from './login-providers';
import { LoginProviderError, type VerifiedPhone } from './providers/login-provider.port';
import { UsersRepository } from './users.repository';

/** A user's mobile number, as the platform they logged in with vouches for it (WeChat's getPhoneNumber). */
@Injectable()
export class PhoneService {
  private readonly logger = new Logger(PhoneService.name);

  constructor(
    @Inject(LOGIN_PROVIDERS) private readonly providers: LoginProviders,
    private readonly users: UsersRepository,
  ) {}

  /** Exchanges the button's code at the platform and keeps the number on the user. Repeating it is harmless. */
  async bind(userId: string, request: BindPhoneRequest): Promise<PhoneBindingResponse> {
    const source = this.providers[request.provider]?.phone;
    if (!source) {
      throw new IdentityError(
        ErrorCode.LoginProviderDisabled,
        `Phone numbers from ${request.provider} are not configured`,
      );
    }
    const phone = await this.exchange(request, () => source.phoneNumber(request.code));
    // Members' records hold mainland mobiles only (membership's own check): a foreign number cannot be used.
    if (phone.countryCode !== '86' || !MOBILE_PATTERN.test(phone.mobile)) {
      throw invalid('mobile', 'mainland China mobile numbers only');
    }
    const verifiedAt = await this.users.setVerifiedMobile(userId, phone.mobile);
    if (!verifiedAt)
      throw new IdentityError(ErrorCode.Unauthenticated, 'The user of this token no longer exists');
    return { mobile: maskMobile(phone.mobile), verifiedAt: verifiedAt.toISOString() };
  }

  private async exchange(
    request: BindPhoneRequest,
    call: () => Promise<VerifiedPhone>,
  ): Promise<VerifiedPhone> {
    try {
      return await call();
    } catch (e) {
      if (!(e instanceof LoginProviderError)) throw e;
      const context = { provider: request.provider, details: e.details };
      if (e.details.misconfigured)
        this.logger.error(context, 'Phone number provider refuses our configuration');
      else if (e.code === ErrorCode.LoginProviderUnavailable) this.logger.warn(context, e.message);
      // Clients get the provider's code for support; its free text stays in our logs.
      throw new IdentityError(e.code, e.message, {
        provider: e.details.provider,
        providerCode: e.details.providerCode,
      });
    }
  }
}

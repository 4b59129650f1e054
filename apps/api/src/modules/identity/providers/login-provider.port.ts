import { ErrorCode } from '@smartunion/contracts';

import { DomainError } from '../../../platform/errors/domain-error';

/** Who the provider says the user is. `subject` is unique per provider app (openid / Alipay open_id). */
export interface ExternalIdentity {
  provider: 'wechat' | 'alipay';
  subject: string;
  unionId?: string;
}

/** Exchanges a mini-program login code for the user's identity at WeChat or Alipay. */
export interface LoginProviderClient {
  readonly provider: 'wechat' | 'alipay';
  exchangeCode(code: string): Promise<ExternalIdentity>;
}

export interface ProviderErrorDetails {
  provider: 'wechat' | 'alipay';
  providerCode?: string;
  providerMessage?: string;
  /** True when the fault is our configuration (bad app id, secret or key): operators must act. */
  misconfigured?: boolean;
}

/**
 * LOGIN_FAILED: the user's code is bad, expired, used or the user is blocked — they should log in again.
 * LOGIN_PROVIDER_UNAVAILABLE: the provider is down, slow, rate-limits us, answered something untrustworthy, or
 * we are misconfigured — not the user's fault.
 */
export class LoginProviderError extends DomainError {
  constructor(
    code: typeof ErrorCode.LoginFailed | typeof ErrorCode.LoginProviderUnavailable,
    message: string,
    override readonly details: ProviderErrorDetails,
  ) {
    super(code, message, details);
  }

  static failed(
    details: ProviderErrorDetails,
    message = 'The login code was rejected; please log in again',
  ): LoginProviderError {
    return new LoginProviderError(ErrorCode.LoginFailed, message, details);
  }

  static unavailable(
    details: ProviderErrorDetails,
    message = 'The login service is unavailable; please try again',
  ): LoginProviderError {
    return new LoginProviderError(ErrorCode.LoginProviderUnavailable, message, details);
  }
}

/** fetch with a timeout; network failures and timeouts become LOGIN_PROVIDER_UNAVAILABLE. */
export async function fetchText(
  provider: 'wechat' | 'alipay',
  url: string,
  init: RequestInit,
  timeoutMs: number,
): Promise<{ status: number; text: string }> {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const res = await fetch(url, { ...init, signal });
    return { status: res.status, text: await res.text() };
  } catch (e) {
    // The signal knows whether it fired; error names differ between runtimes and realms.
    const timedOut = signal.aborted;
    throw LoginProviderError.unavailable({
      provider,
      providerMessage: timedOut
        ? `no answer within ${timeoutMs} ms`
        : `network error: ${(e as Error).message}`,
    });
  }
}

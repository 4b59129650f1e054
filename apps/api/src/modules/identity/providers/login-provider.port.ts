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

/** A mobile number the platform vouches for: mainland digits only (purePhoneNumber with country code 86). */
export interface VerifiedPhone {
  mobile: string;
  countryCode: string;
}

/** Exchanges the code of a getPhoneNumber button for the number, at the platform. */
export interface PhoneNumberClient {
  phoneNumber(code: string): Promise<VerifiedPhone>;
}

export interface ProviderErrorDetails {
  provider: 'wechat' | 'alipay';
  /** WeChat errcode, or Alipay `code/sub_code`. */
  providerCode?: string;
  /** The provider's own text (redacted, truncated) or what was wrong with its answer. */
  providerMessage?: string;
  /** True when the fault is our configuration (bad app id, secret or key): operators must act. */
  misconfigured?: boolean;
}

export type LoginProviderErrorCode =
  | typeof ErrorCode.LoginFailed
  | typeof ErrorCode.LoginProviderUnavailable
  | typeof ErrorCode.PhoneCodeInvalid;

/**
 * LOGIN_FAILED: the user's code is bad, expired, used or the user is blocked — they should log in again.
 * LOGIN_PROVIDER_UNAVAILABLE: the provider is down, slow, rate-limits us, answered something untrustworthy, or
 * we are misconfigured — not the user's fault.
 */
export class LoginProviderError extends DomainError {
  constructor(
    override readonly code: LoginProviderErrorCode,
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

  /** The getPhoneNumber code is bad, expired or used: the user taps the button again. */
  static phoneCodeRejected(details: ProviderErrorDetails): LoginProviderError {
    return new LoginProviderError(
      ErrorCode.PhoneCodeInvalid,
      'The phone number code was rejected; please try again',
      details,
    );
  }

  static unavailable(
    details: ProviderErrorDetails,
    message = 'The login service is unavailable; please try again',
  ): LoginProviderError {
    return new LoginProviderError(ErrorCode.LoginProviderUnavailable, message, details);
  }
}

const MAX_PROVIDER_MESSAGE = 200;
/** Real codes and secrets are ~32 characters; cutting shorter strings would only mangle ordinary words. */
const MIN_REDACTED_LENGTH = 8;

/**
 * Provider text is echoed into logs and error bodies; some of it quotes our request back (Alipay's
 * invalid-signature sub_msg repeats the whole signed string, user's code included), so every value we sent
 * that must stay private is cut out, and the text is bounded.
 */
export function redact(text: string | undefined, secrets: readonly string[]): string | undefined {
  if (text === undefined) return undefined;
  let out = text;
  for (const s of secrets) {
    if (s.length >= MIN_REDACTED_LENGTH) out = out.split(s).join('***');
  }
  return out.length > MAX_PROVIDER_MESSAGE ? `${out.slice(0, MAX_PROVIDER_MESSAGE)}…` : out;
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
    if (signal.aborted) {
      throw LoginProviderError.unavailable({ provider, providerMessage: `no answer within ${timeoutMs} ms` });
    }
    // Only the low-level cause code (ECONNREFUSED, ENOTFOUND…): fetch's messages may quote the URL, and
    // WeChat's URL carries our secret and the user's code.
    throw LoginProviderError.unavailable({ provider, providerMessage: `network error: ${networkCause(e)}` });
  }
}

/** Duck-typed: fetch's errors come from another realm under jest, so `instanceof Error` is unreliable. */
function networkCause(e: unknown): string {
  const cause = field(e, 'cause');
  const code = field(cause, 'code');
  if (typeof code === 'string') return code;
  const name = field(e, 'name');
  return typeof name === 'string' ? name : 'unknown';
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

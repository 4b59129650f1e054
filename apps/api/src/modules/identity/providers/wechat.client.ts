import {
  fetchText,
  type ExternalIdentity,
  type LoginProviderClient,
  LoginProviderError,
  type PhoneNumberClient,
  redact,
  type VerifiedPhone,
} from './login-provider.port';

export interface WechatClientOptions {
  baseUrl: string;
  appId: string;
  appSecret: string;
  timeoutMs: number;
}

/** Any of WeChat's JSON answers: every field unchecked until read. */
type WechatReply = Record<string, unknown>;

/** errcodes the user's code (or the user) causes: they log in again. 40226 is a risk-control block. */
const USER_ERRORS = new Set([40029, 40163, 40226]);
/** errcodes of our own configuration: invalid appid/secret/credential, appid or secret missing. */
const CONFIG_ERRORS = new Set([40001, 40013, 40125, 41002, 41004]);
/** errcodes of an access token WeChat no longer takes (invalid, expired): fetch a fresh one and try once more. */
const STALE_TOKEN_ERRORS = new Set([40001, 40014, 42001]);
/** A token is renewed this long before WeChat says it expires, so a request never carries a dying one. */
const TOKEN_MARGIN_MS = 5 * 60_000;

/**
 * WeChat mini-program login: `GET /sns/jscode2session` (auth.code2Session). The session_key it returns is
 * never kept, logged or returned: we only need the openid. Also the number of the getPhoneNumber button.
 */
export class WechatLoginClient implements LoginProviderClient, PhoneNumberClient {
  readonly provider = 'wechat' as const;
  private token: { value: string; renewAt: number } | null = null;
  /** The token fetch in flight: concurrent requests share it. */
  private tokenFetch: Promise<string> | null = null;

  constructor(private readonly options: WechatClientOptions) {}

  private url(path: string, query?: URLSearchParams): string {
    // Appended rather than resolved with new URL(), which would drop a path prefix of a proxying base URL.
    const base = `${this.options.baseUrl.replace(/\/+$/, '')}${path}`;
    return query ? `${base}?${query.toString()}` : base;
  }

  async exchangeCode(code: string): Promise<ExternalIdentity> {
    const query = new URLSearchParams({
      appid: this.options.appId,
      secret: this.options.appSecret,
      js_code: code,
      grant_type: 'authorization_code',
    });
    const url = this.url('/sns/jscode2session', query);
    const { status, text } = await fetchText('wechat', url, { method: 'GET' }, this.options.timeoutMs);

    const reply = parseObject(text);
    if (!reply) {
      throw LoginProviderError.unavailable({
        provider: 'wechat',
        providerMessage: `HTTP ${status}, not a JSON object`,
      });
    }
    // errcode is documented as a number; tolerate a numeric string rather than mistake it for success.
    const errcode = reply.errcode === undefined ? 0 : Number(reply.errcode);
    if (errcode !== 0) {
      const details = {
        provider: 'wechat' as const,
        providerCode: String(reply.errcode),
        providerMessage: redact(typeof reply.errmsg === 'string' ? reply.errmsg : undefined, [
          code,
          this.options.appSecret,
        ]),
      };
      if (USER_ERRORS.has(errcode)) throw LoginProviderError.failed(details);
      throw LoginProviderError.unavailable({ ...details, misconfigured: CONFIG_ERRORS.has(errcode) });
    }
    if (typeof reply.openid !== 'string' || reply.openid.length === 0) {
      throw LoginProviderError.unavailable({
        provider: 'wechat',
        providerMessage: `HTTP ${status}, reply without openid`,
      });
    }
    const unionId = typeof reply.unionid === 'string' && reply.unionid ? reply.unionid : undefined;
    return unionId
      ? { provider: 'wechat', subject: reply.openid, unionId }
      : { provider: 'wechat', subject: reply.openid };
  }

  /**
   * The mobile number behind a getPhoneNumber button's code: `POST /wxa/business/getuserphonenumber`
   * (phonenumber.getPhoneNumber), with the app's access token. A token WeChat no longer takes is renewed once.
   */
  async phoneNumber(code: string): Promise<VerifiedPhone> {
    let reply = await this.requestPhone(code, await this.accessToken(false));
    if (STALE_TOKEN_ERRORS.has(errcodeOf(reply))) {
      this.token = null;
      reply = await this.requestPhone(code, await this.accessToken(true));
    }
    const errcode = errcodeOf(reply);
    if (errcode !== 0) {
      const details = this.errorDetails(reply, [code]);
      // 40029: the code is invalid, expired (5 minutes) or already used.
      if (errcode === 40029) throw LoginProviderError.phoneCodeRejected(details);
      throw LoginProviderError.unavailable({
        ...details,
        misconfigured: CONFIG_ERRORS.has(errcode) || STALE_TOKEN_ERRORS.has(errcode),
      });
    }
    const info = asObject(reply.phone_info);
    const watermark = asObject(info?.watermark);
    const mobile = info?.purePhoneNumber;
    const countryCode = info?.countryCode;
    if (typeof mobile !== 'string' || typeof countryCode !== 'string') {
      throw LoginProviderError.unavailable({
        provider: 'wechat',
        providerMessage: 'reply without phone_info',
      });
    }
    // The watermark names the app the number was issued to: another app's answer is not to be trusted.
    if (watermark?.appid !== this.options.appId) {
      throw LoginProviderError.unavailable({
        provider: 'wechat',
        providerMessage: 'phone_info watermark names another app',
      });
    }
    return { mobile, countryCode };
  }

  private async requestPhone(code: string, accessToken: string): Promise<WechatReply> {
    const url = this.url(
      '/wxa/business/getuserphonenumber',
      new URLSearchParams({ access_token: accessToken }),
    );
    const { status, text } = await fetchText(
      'wechat',
      url,
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) },
      this.options.timeoutMs,
    );
    const reply = parseObject(text);
    if (!reply) {
      throw LoginProviderError.unavailable({
        provider: 'wechat',
        providerMessage: `HTTP ${status}, not a JSON object`,
      });
    }
    return reply;
  }

  /**
   * The app's access token from `POST /cgi-bin/stable_token`, kept until shortly before it expires. The stable
   * token (unlike /cgi-bin/token) does not void the token other API processes hold; `forceRefresh` asks for a new
   * one after WeChat refused ours.
   */
  private accessToken(forceRefresh: boolean): Promise<string> {
    if (!forceRefresh && this.token && this.token.renewAt > Date.now())
      return Promise.resolve(this.token.value);
    this.tokenFetch ??= this.fetchToken(forceRefresh).finally(() => {
      this.tokenFetch = null;
    });
    return this.tokenFetch;
  }

  private async fetchToken(forceRefresh: boolean): Promise<string> {
    const { status, text } = await fetchText(
      'wechat',
      this.url('/cgi-bin/stable_token'),
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          grant_type: 'client_credential',
          appid: this.options.appId,
          secret: this.options.appSecret,
          force_refresh: forceRefresh,
        }),
      },
      this.options.timeoutMs,
    );
    const reply = parseObject(text);
    if (!reply) {
      throw LoginProviderError.unavailable({
        provider: 'wechat',
        providerMessage: `HTTP ${status}, not a JSON object`,
      });
    }
    const errcode = errcodeOf(reply);
    if (errcode !== 0) {
      throw LoginProviderError.unavailable({
        ...this.errorDetails(reply, []),
        misconfigured: CONFIG_ERRORS.has(errcode),
      });
    }
    const value = reply.access_token;
    const expiresIn = Number(reply.expires_in);
    if (typeof value !== 'string' || value.length === 0 || !(expiresIn > 0)) {
      throw LoginProviderError.unavailable({
        provider: 'wechat',
        providerMessage: 'reply without access_token',
      });
    }
    this.token = { value, renewAt: Date.now() + Math.max(0, expiresIn * 1000 - TOKEN_MARGIN_MS) };
    return value;
  }

  private errorDetails(reply: WechatReply, secrets: readonly string[]) {
    return {
      provider: 'wechat' as const,
      providerCode: String(reply.errcode),
      providerMessage: redact(typeof reply.errmsg === 'string' ? reply.errmsg : undefined, [
        ...secrets,
        this.options.appSecret,
        ...(this.token ? [this.token.value] : []),
      ]),
    };
  }
}

/** errcode is documented as a number; a numeric string is tolerated rather than mistaken for success. */
function errcodeOf(reply: WechatReply): number {
  return reply.errcode === undefined ? 0 : Number(reply.errcode);
}

function asObject(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

/** WeChat sometimes labels JSON as text/plain: the text is parsed whatever the content type. */
function parseObject(text: string): WechatReply | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as WechatReply)
      : null;
  } catch {
    return null;
  }
}

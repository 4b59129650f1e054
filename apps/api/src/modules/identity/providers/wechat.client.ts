import {
  fetchText,
  type ExternalIdentity,
  type LoginProviderClient,
  LoginProviderError,
  redact,
} from './login-provider.port';

export interface WechatClientOptions {
  baseUrl: string;
  appId: string;
  appSecret: string;
  timeoutMs: number;
}

interface Code2SessionReply {
  openid?: unknown;
  unionid?: unknown;
  session_key?: unknown;
  errcode?: unknown;
  errmsg?: unknown;
}

/** errcodes the user's code (or the user) causes: they log in again. 40226 is a risk-control block. */
const USER_ERRORS = new Set([40029, 40163, 40226]);
/** errcodes of our own configuration: invalid appid/secret/credential, appid or secret missing. */
const CONFIG_ERRORS = new Set([40001, 40013, 40125, 41002, 41004]);

/**
 * WeChat mini-program login: `GET /sns/jscode2session` (auth.code2Session). The session_key it returns is
 * never kept, logged or returned: we only need the openid.
 */
export class WechatLoginClient implements LoginProviderClient {
  readonly provider = 'wechat' as const;

  constructor(private readonly options: WechatClientOptions) {}

  async exchangeCode(code: string): Promise<ExternalIdentity> {
    const query = new URLSearchParams({
      appid: this.options.appId,
      secret: this.options.appSecret,
      js_code: code,
      grant_type: 'authorization_code',
    });
    // Appended rather than resolved with new URL(), which would drop a path prefix of a proxying base URL.
    const url = `${this.options.baseUrl.replace(/\/+$/, '')}/sns/jscode2session?${query.toString()}`;
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
}

/** WeChat sometimes labels JSON as text/plain: the text is parsed whatever the content type. */
function parseObject(text: string): Code2SessionReply | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : null;
  } catch {
    return null;
  }
}

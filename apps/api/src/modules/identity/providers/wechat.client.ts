import {
  fetchText,
  type ExternalIdentity,
  type LoginProviderClient,
  LoginProviderError,
} from './login-provider.port';

export interface WechatClientOptions {
  baseUrl: string;
  appId: string;
  appSecret: string;
  timeoutMs: number;
}

interface Code2SessionReply {
  openid?: string;
  unionid?: string;
  session_key?: string;
  errcode?: number;
  errmsg?: string;
}

/** errcodes the user's code causes: log in again. */
const USER_ERRORS = new Set([40029, 40163, 40226]);
/** errcodes of our own configuration. */
const CONFIG_ERRORS = new Set([40013, 40125, 41002, 41004, 40001]);

/**
 * WeChat mini-program login: `GET /sns/jscode2session` (auth.code2Session). The session_key it returns is
 * never kept, logged or returned: we only need the openid.
 */
export class WechatLoginClient implements LoginProviderClient {
  readonly provider = 'wechat' as const;

  constructor(private readonly options: WechatClientOptions) {}

  async exchangeCode(code: string): Promise<ExternalIdentity> {
    const url = new URL('/sns/jscode2session', this.options.baseUrl);
    url.search = new URLSearchParams({
      appid: this.options.appId,
      secret: this.options.appSecret,
      js_code: code,
      grant_type: 'authorization_code',
    }).toString();
    const { status, text } = await fetchText(
      'wechat',
      url.toString(),
      { method: 'GET' },
      this.options.timeoutMs,
    );
    let reply: Code2SessionReply;
    try {
      // WeChat sometimes labels JSON as text/plain: parse the text whatever the content type.
      reply = JSON.parse(text) as Code2SessionReply;
    } catch {
      throw LoginProviderError.unavailable({
        provider: 'wechat',
        providerMessage: `HTTP ${status}, not JSON`,
      });
    }
    if (typeof reply !== 'object' || reply === null) {
      throw LoginProviderError.unavailable({
        provider: 'wechat',
        providerMessage: `HTTP ${status}, unexpected body`,
      });
    }
    const errcode = reply.errcode ?? 0;
    if (errcode !== 0) {
      const details = {
        provider: 'wechat' as const,
        providerCode: String(errcode),
        providerMessage: reply.errmsg,
      };
      if (USER_ERRORS.has(errcode)) throw LoginProviderError.failed(details);
      throw LoginProviderError.unavailable({ ...details, misconfigured: CONFIG_ERRORS.has(errcode) });
    }
    if (typeof reply.openid !== 'string' || reply.openid.length === 0) {
      throw LoginProviderError.unavailable({ provider: 'wechat', providerMessage: 'reply without openid' });
    }
    return {
      provider: 'wechat',
      subject: reply.openid,
      unionId: typeof reply.unionid === 'string' && reply.unionid ? reply.unionid : undefined,
    };
  }
}

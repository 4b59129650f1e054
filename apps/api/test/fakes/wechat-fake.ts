import { type FakeServer, sleep, startFake } from './http-fake';

export interface WechatFakeOptions {
  appId: string;
  appSecret: string;
  /** How long `slow` codes wait before answering. */
  slowMs?: number;
}

export interface WechatFake extends FakeServer {
  /** Access tokens issued by /cgi-bin/stable_token so far. */
  readonly tokensIssued: number;
  /** Voids every token issued so far, as when it expires: the next phone request answers 42001. */
  expireTokens(): void;
}

/**
 * Fake of WeChat's `GET /sns/jscode2session`, driven by the code: `ok-<openid>` succeeds (unionid `u-<openid>`),
 * `used` 40163, `invalid` 40029, `risky` 40226, `busy` -1, `quota` 45011, `slow` answers late, `garbage` is not
 * JSON, `no-openid` a session_key without an openid. A wrong appid answers 40013, a wrong secret 40125 — as
 * WeChat does.
 *
 * Also the phone number of a getPhoneNumber code: `POST /cgi-bin/stable_token` (JSON appid, secret, grant_type)
 * issues tokens, `POST /wxa/business/getuserphonenumber?access_token=` answers 40001 for an unknown token and
 * 42001 for an expired one, and by the code: `phone-<digits>` a mainland number, `phone-intl` a US one,
 * `phone-busy` -1, `phone-foreign-app` a watermark of another app, anything else 40029.
 */
export async function startWechatFake(opts: WechatFakeOptions): Promise<WechatFake> {
  const tokens = new Map<string, 'valid' | 'expired'>();
  const fake = await startFake(async (req, body, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    // WeChat answers JSON labelled text/plain.
    res.setHeader('content-type', 'text/plain');
    const send = (reply: object): unknown => res.end(JSON.stringify(reply));
    if (req.method === 'POST' && url.pathname === '/cgi-bin/stable_token') {
      const q = parseJson(body);
      if (q.grant_type !== 'client_credential') return send({ errcode: 40002, errmsg: 'invalid grant_type' });
      if (q.appid !== opts.appId) return send({ errcode: 40013, errmsg: 'invalid appid' });
      if (q.secret !== opts.appSecret) return send({ errcode: 40125, errmsg: 'invalid appsecret' });
      const token = `tok-${tokens.size + 1}-${opts.appSecret.length}`;
      tokens.set(token, 'valid');
      return send({ access_token: token, expires_in: 7200 });
    }
    if (req.method === 'POST' && url.pathname === '/wxa/business/getuserphonenumber') {
      const token = tokens.get(url.searchParams.get('access_token') ?? '');
      if (!token) return send({ errcode: 40001, errmsg: 'invalid credential, access_token is invalid' });
      if (token === 'expired') return send({ errcode: 42001, errmsg: 'access_token expired' });
      return send(phoneReply(stringField(parseJson(body), 'code'), opts.appId));
    }
    if (req.method !== 'GET' || url.pathname !== '/sns/jscode2session') {
      res.statusCode = 404;
      return send({ errcode: 404, errmsg: 'not found' });
    }
    const q = url.searchParams;
    if (q.get('grant_type') !== 'authorization_code')
      return send({ errcode: 40002, errmsg: 'invalid grant_type' });
    if (q.get('appid') !== opts.appId) return send({ errcode: 40013, errmsg: 'invalid appid' });
    if (q.get('secret') !== opts.appSecret) return send({ errcode: 40125, errmsg: 'invalid appsecret' });
    const code = q.get('js_code') ?? '';
    if (code.startsWith('ok-')) {
      const openid = code.slice(3);
      return send({ openid, session_key: `sk-${openid}-secret`, unionid: `u-${openid}` });
    }
    switch (code) {
      case 'used':
        return send({ errcode: 40163, errmsg: 'code been used' });
      case 'invalid':
        return send({ errcode: 40029, errmsg: 'invalid code' });
      case 'risky':
        return send({ errcode: 40226, errmsg: 'high risk user' });
      case 'busy':
        return send({ errcode: -1, errmsg: 'system error' });
      case 'quota':
        return send({ errcode: 45011, errmsg: 'api minute-quota reach limit' });
      case 'slow':
        await sleep(opts.slowMs ?? 1000);
        return send({ openid: 'late', session_key: 'late' });
      case 'no-openid':
        return send({ session_key: 'sk-orphan-secret' });
      case 'garbage':
        return res.end('<html>502 Bad Gateway</html>');
      default:
        return send({ errcode: 40029, errmsg: 'invalid code' });
    }
  });
  // A getter, as the fake's `calls`: Object.assign would copy the count of the moment.
  Object.defineProperty(fake, 'tokensIssued', { get: () => tokens.size });
  return Object.assign(fake as typeof fake & { readonly tokensIssued: number }, {
    expireTokens: (): void => {
      for (const token of tokens.keys()) tokens.set(token, 'expired');
    },
  });
}

function phoneReply(code: string, appId: string): object {
  const info = (countryCode: string, pure: string, appid = appId): object => ({
    errcode: 0,
    errmsg: 'ok',
    phone_info: {
      phoneNumber: countryCode === '86' ? pure : `+${countryCode}${pure}`,
      purePhoneNumber: pure,
      countryCode,
      watermark: { timestamp: Math.floor(Date.now() / 1000), appid },
    },
  });
  if (/^phone-\d{11}$/.test(code)) return info('86', code.slice(6));
  switch (code) {
    case 'phone-intl':
      return info('1', '2025550123');
    case 'phone-foreign-app':
      return info('86', '13800000000', 'wx-someone-else');
    case 'phone-busy':
      return { errcode: -1, errmsg: 'system error' };
    default:
      return { errcode: 40029, errmsg: 'invalid code' };
  }
}

function parseJson(body: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(body);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function stringField(value: Record<string, unknown>, key: string): string {
  const field = value[key];
  return typeof field === 'string' ? field : '';
}

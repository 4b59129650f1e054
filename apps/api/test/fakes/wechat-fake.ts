import { type FakeServer, sleep, startFake } from './http-fake';

export interface WechatFakeOptions {
  appId: string;
  appSecret: string;
  /** How long `slow` codes wait before answering. */
  slowMs?: number;
}

/**
 * Fake of WeChat's `GET /sns/jscode2session`, driven by the code: `ok-<openid>` succeeds (unionid `u-<openid>`),
 * `used` 40163, `invalid` 40029, `risky` 40226, `busy` -1, `quota` 45011, `slow` answers late, `garbage` is not
 * JSON, `no-openid` a session_key without an openid. A wrong appid answers 40013, a wrong secret 40125 — as
 * WeChat does.
 */
export function startWechatFake(opts: WechatFakeOptions): Promise<FakeServer> {
  return startFake(async (req, _body, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    // WeChat answers JSON labelled text/plain.
    res.setHeader('content-type', 'text/plain');
    const send = (body: object): unknown => res.end(JSON.stringify(body));
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
}

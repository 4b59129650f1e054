import { generateKeyPairSync } from 'node:crypto';

import {
  alipaySignContent,
  rsa2Sign,
  rsa2Verify,
} from '../../src/modules/identity/providers/alipay-signature';
import { type FakeServer, sleep, startFake } from './http-fake';

export interface AlipayFakeOptions {
  appId: string;
  /** The app's public key: the fake refuses requests not signed by its private key. */
  appPublicKeyPem: string;
  slowMs?: number;
}

export interface AlipayFake extends FakeServer {
  /** Alipay's public key, for the client to verify responses. */
  alipayPublicKeyPem: string;
  gatewayUrl: string;
}

/** An RSA key pair in PEM, e.g. for an app under test. */
export function rsaKeyPair(): { privateKeyPem: string; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** The gateway rejects requests whose timestamp is too far from its own clock (Asia/Shanghai). */
const MAX_CLOCK_SKEW_MS = 10 * 60_000;

/**
 * Writes a flat JSON object the way the gateway does (a space after colons, `/` escaped as `\/`), so a client
 * that re-serialises instead of verifying the raw text fails.
 */
function gatewayJson(obj: Record<string, string | number>): string {
  const fields = Object.entries(obj).map(([k, v]) => `"${k}": ${JSON.stringify(v).replace(/\//g, '\\/')}`);
  return `{${fields.join(',')}}`;
}

/**
 * Fake of Alipay's OpenAPI gateway for `alipay.system.oauth.token`. It checks the request's RSA2 signature
 * against the app's public key (common params may come in the query or the form body, as with the real
 * gateway) and signs its answers with its own key. Codes: `ok-<userid>` succeeds, `invalid` isv.code-invalid,
 * `expired` isv.code-expired, `busy` 20000, `forbidden` 40006, `unsigned` a success without sign, `tampered` a
 * success whose sign does not match, `slow` answers late, `garbage` is not JSON.
 */
export async function startAlipayFake(opts: AlipayFakeOptions): Promise<AlipayFake> {
  const keys = rsaKeyPair();
  const reply = (
    node: string,
    content: Record<string, string | number>,
    sign: 'good' | 'none' | 'bad' = 'good',
  ): string => {
    const text = gatewayJson(content);
    const parts = [`"${node}":${text}`];
    if (sign === 'good') parts.push(`"sign":"${rsa2Sign(text, keys.privateKeyPem)}"`);
    if (sign === 'bad') parts.push(`"sign":"${rsa2Sign(`${text} `, keys.privateKeyPem)}"`);
    return `{${parts.join(',')}}`;
  };
  const error = (code: string, msg: string, subCode: string, subMsg: string): string =>
    reply('error_response', { code, msg, sub_code: subCode, sub_msg: subMsg });

  const fake = await startFake(async (req, body, res) => {
    res.setHeader('content-type', 'text/html;charset=utf-8'); // the gateway really says text/html
    const url = new URL(req.url ?? '/', 'http://fake');
    if (req.method !== 'POST' || url.pathname !== '/gateway.do') {
      res.statusCode = 404;
      return res.end('<html>404 Not Found</html>');
    }
    if (!(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
      return res.end(
        error('40001', 'Missing Required Arguments', 'isv.missing-method', 'form body expected'),
      );
    }
    const params: Record<string, string> = {
      ...Object.fromEntries(url.searchParams),
      ...Object.fromEntries(new URLSearchParams(body)),
    };
    if (
      params.method !== 'alipay.system.oauth.token' ||
      params.sign_type !== 'RSA2' ||
      params.version !== '1.0' ||
      params.charset !== 'utf-8' ||
      (params.format !== undefined && params.format !== 'JSON')
    ) {
      return res.end(error('40002', 'Invalid Arguments', 'isv.invalid-method', 'bad common parameters'));
    }
    if (params.app_id !== opts.appId)
      return res.end(error('40002', 'Invalid Arguments', 'isv.invalid-app-id', '无效的AppID参数'));
    const sentAt = Date.parse(`${(params.timestamp ?? '').replace(' ', 'T')}+08:00`);
    if (
      !/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(params.timestamp ?? '') ||
      Math.abs(Date.now() - sentAt) > MAX_CLOCK_SKEW_MS
    ) {
      return res.end(error('40002', 'Invalid Arguments', 'isv.invalid-timestamp', '非法的时间戳参数'));
    }
    const signContent = alipaySignContent(params);
    if (!params.sign || !rsa2Verify(signContent, params.sign, opts.appPublicKeyPem)) {
      // Like the gateway, quote the string it verified: it contains the user's code.
      const subMsg = `验签出错，网关生成的验签字符串为：${signContent.replace(/&/g, '&amp;')}`;
      return res.end(error('40002', 'Invalid Arguments', 'isv.invalid-signature', subMsg));
    }
    if (params.grant_type !== 'authorization_code') {
      return res.end(error('40002', 'Invalid Arguments', 'isv.grant-type-invalid', '不支持的grantType'));
    }
    const code = params.code ?? '';
    const success = (userId: string): Record<string, string | number> => ({
      user_id: userId,
      open_id: `open-${userId}`,
      access_token: `at-${userId}-secret`,
      expires_in: 1296000,
      refresh_token: `rt-${userId}-secret`,
      re_expires_in: 2592000,
      auth_start: '2026-11-23 09:00:00',
    });
    const ok = (userId: string, sign: 'good' | 'none' | 'bad' = 'good'): string =>
      reply('alipay_system_oauth_token_response', success(userId), sign);
    if (code.startsWith('ok-')) return res.end(ok(code.slice(3)));
    switch (code) {
      case 'invalid':
        return res.end(error('40002', 'Invalid Arguments', 'isv.code-invalid', '授权码code无效'));
      case 'expired':
        return res.end(error('40002', 'Invalid Arguments', 'isv.code-expired', '授权码code已过期'));
      case 'busy':
        return res.end(error('20000', 'Service Currently Unavailable', 'isp.unknow-error', '系统繁忙'));
      case 'forbidden':
        return res.end(
          error('40006', 'Insufficient Permissions', 'isv.insufficient-isv-permissions', 'ISV权限不足'),
        );
      case 'unsigned':
        return res.end(ok('u1', 'none'));
      case 'tampered':
        return res.end(ok('u2', 'bad'));
      case 'slow':
        await sleep(opts.slowMs ?? 1000);
        return res.end(ok('late'));
      case 'garbage':
        res.statusCode = 502;
        return res.end('<html>502 Bad Gateway</html>');
      default:
        return res.end(error('40002', 'Invalid Arguments', 'isv.code-invalid', '授权码code无效'));
    }
  });
  return Object.assign(fake, {
    alipayPublicKeyPem: keys.publicKeyPem,
    gatewayUrl: `${fake.baseUrl}/gateway.do`,
  });
}

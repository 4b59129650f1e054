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

/**
 * Fake of Alipay's OpenAPI gateway for `alipay.system.oauth.token`. It checks the request's RSA2 signature
 * against the app's public key and signs its answers with its own key. Codes: `ok-<userid>` succeeds,
 * `invalid` isv.code-invalid, `expired` isv.code-expired, `busy` 20000, `unsigned` a success without sign,
 * `tampered` a success whose sign does not match, `slow` answers late.
 */
export async function startAlipayFake(opts: AlipayFakeOptions): Promise<AlipayFake> {
  const keys = rsaKeyPair();
  const reply = (node: string, content: object, sign: 'good' | 'none' | 'bad' = 'good'): string => {
    // Alipay's own spacing; the client must verify against this exact text.
    const text = JSON.stringify(content);
    const parts = [`"${node}":${text}`];
    if (sign === 'good') parts.push(`"sign":"${rsa2Sign(text, keys.privateKeyPem)}"`);
    if (sign === 'bad') parts.push(`"sign":"${rsa2Sign(`${text} `, keys.privateKeyPem)}"`);
    return `{${parts.join(',')}}`;
  };
  const error = (code: string, msg: string, subCode: string, subMsg: string): string =>
    reply('error_response', { code, msg, sub_code: subCode, sub_msg: subMsg });

  const fake = await startFake(async (req, body, res) => {
    res.setHeader('content-type', 'text/html;charset=utf-8'); // the gateway really says text/html
    if (req.method !== 'POST' || !req.url?.startsWith('/gateway.do')) {
      res.statusCode = 404;
      return res.end('not found');
    }
    const params = Object.fromEntries(new URLSearchParams(body));
    if (
      params.method !== 'alipay.system.oauth.token' ||
      params.sign_type !== 'RSA2' ||
      params.version !== '1.0'
    ) {
      return res.end(error('40002', 'Invalid Arguments', 'isv.invalid-method', 'bad method or sign type'));
    }
    if (params.app_id !== opts.appId)
      return res.end(error('40002', 'Invalid Arguments', 'isv.invalid-app-id', 'unknown app'));
    if (!/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(params.timestamp ?? '')) {
      return res.end(error('40002', 'Invalid Arguments', 'isv.invalid-timestamp', 'bad timestamp'));
    }
    if (!params.sign || !rsa2Verify(alipaySignContent(params), params.sign, opts.appPublicKeyPem)) {
      return res.end(error('40002', 'Invalid Arguments', 'isv.invalid-signature', '验签出错'));
    }
    const code = params.code ?? '';
    const success = (userId: string): object => ({
      user_id: userId,
      open_id: `open-${userId}`,
      access_token: `at-${userId}-secret`,
      expires_in: 1296000,
      refresh_token: `rt-${userId}-secret`,
      re_expires_in: 2592000,
    });
    if (code.startsWith('ok-'))
      return res.end(reply('alipay_system_oauth_token_response', success(code.slice(3))));
    switch (code) {
      case 'invalid':
        return res.end(error('40002', 'Invalid Arguments', 'isv.code-invalid', '授权码code无效'));
      case 'expired':
        return res.end(error('40002', 'Invalid Arguments', 'isv.code-expired', '授权码code已过期'));
      case 'busy':
        return res.end(error('20000', 'Service Currently Unavailable', 'isp.unknow-error', '系统繁忙'));
      case 'unsigned':
        return res.end(reply('alipay_system_oauth_token_response', success('u1'), 'none'));
      case 'tampered':
        return res.end(reply('alipay_system_oauth_token_response', success('u2'), 'bad'));
      case 'slow':
        await sleep(opts.slowMs ?? 1000);
        return res.end(reply('alipay_system_oauth_token_response', success('late')));
      default:
        return res.end(error('40002', 'Invalid Arguments', 'isv.code-invalid', '授权码code无效'));
    }
  });
  return Object.assign(fake, {
    alipayPublicKeyPem: keys.publicKeyPem,
    gatewayUrl: `${fake.baseUrl}/gateway.do`,
  });
}

import {
  alipaySignContent,
  extractResponseNode,
  rsa2Sign,
  rsa2Verify,
  shanghaiTimestamp,
} from './alipay-signature';
import {
  fetchText,
  type ExternalIdentity,
  type LoginProviderClient,
  LoginProviderError,
} from './login-provider.port';

export interface AlipayClientOptions {
  gatewayUrl: string;
  appId: string;
  appPrivateKeyPem: string;
  alipayPublicKeyPem: string;
  timeoutMs: number;
}

const METHOD = 'alipay.system.oauth.token';
const SUCCESS_NODE = 'alipay_system_oauth_token_response';
const ERROR_NODE = 'error_response';

interface TokenNode {
  user_id?: string;
  open_id?: string;
  access_token?: string;
  code?: string;
  msg?: string;
  sub_code?: string;
  sub_msg?: string;
}

/** sub_codes caused by the user's auth code: they log in again. */
const USER_SUB_CODES = /code-invalid|code-expired|code-used|invalid-auth-code|auth-code-(invalid|expired)/i;
/** sub_codes caused by our configuration. */
const CONFIG_SUB_CODES =
  /invalid-signature|invalid-app-id|missing-signature|invalid-app-auth-token|insufficient-isv-permissions/i;

/**
 * Alipay mini-program login: `alipay.system.oauth.token` on the OpenAPI gateway with an RSA2-signed request;
 * the answer is trusted only when its signature verifies with Alipay's public key.
 */
export class AlipayLoginClient implements LoginProviderClient {
  readonly provider = 'alipay' as const;

  constructor(private readonly options: AlipayClientOptions) {}

  async exchangeCode(code: string): Promise<ExternalIdentity> {
    const params: Record<string, string> = {
      app_id: this.options.appId,
      method: METHOD,
      format: 'JSON',
      charset: 'utf-8',
      sign_type: 'RSA2',
      timestamp: shanghaiTimestamp(),
      version: '1.0',
      grant_type: 'authorization_code',
      code,
    };
    params.sign = rsa2Sign(alipaySignContent(params), this.options.appPrivateKeyPem);

    const { status, text } = await fetchText(
      'alipay',
      this.options.gatewayUrl,
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8' },
        body: new URLSearchParams(params).toString(),
      },
      this.options.timeoutMs,
    );

    let body: Record<string, unknown>;
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      throw LoginProviderError.unavailable({
        provider: 'alipay',
        providerMessage: `HTTP ${status}, not JSON`,
      });
    }
    const nodeName = SUCCESS_NODE in body ? SUCCESS_NODE : ERROR_NODE in body ? ERROR_NODE : null;
    const nodeText = nodeName ? extractResponseNode(text, nodeName) : null;
    if (!nodeName || !nodeText) {
      throw LoginProviderError.unavailable({
        provider: 'alipay',
        providerMessage: `HTTP ${status}, unexpected body`,
      });
    }
    const signature = typeof body.sign === 'string' ? body.sign : undefined;
    const verified =
      signature !== undefined && rsa2Verify(nodeText, signature, this.options.alipayPublicKeyPem);
    const node = body[nodeName] as TokenNode;

    const isError = nodeName === ERROR_NODE || (node.code !== undefined && node.code !== '10000');
    if (isError) {
      // An unsigned error can only make a login fail, never succeed, so it is believed; a badly signed one is not.
      if (signature !== undefined && !verified) {
        throw LoginProviderError.unavailable({
          provider: 'alipay',
          providerMessage: 'error response with a bad signature',
        });
      }
      const details = {
        provider: 'alipay' as const,
        providerCode: [node.code, node.sub_code].filter(Boolean).join('/'),
        providerMessage: node.sub_msg ?? node.msg,
      };
      if (node.sub_code && USER_SUB_CODES.test(node.sub_code)) throw LoginProviderError.failed(details);
      const misconfigured =
        Boolean(node.sub_code && CONFIG_SUB_CODES.test(node.sub_code)) || node.code === '40006';
      throw LoginProviderError.unavailable({ ...details, misconfigured });
    }
    if (!verified) {
      throw LoginProviderError.unavailable({
        provider: 'alipay',
        providerMessage: signature ? 'response signature does not verify' : 'response is not signed',
      });
    }
    const subject = node.open_id || node.user_id;
    if (!subject)
      throw LoginProviderError.unavailable({
        provider: 'alipay',
        providerMessage: 'reply without open_id/user_id',
      });
    return { provider: 'alipay', subject };
  }
}

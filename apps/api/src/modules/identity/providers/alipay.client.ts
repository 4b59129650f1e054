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
  redact,
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

/** The fields we read; Alipay sends every value as a string. */
interface TokenNode {
  user_id?: unknown;
  open_id?: unknown;
  code?: unknown;
  msg?: unknown;
  sub_code?: unknown;
  sub_msg?: unknown;
}

/** sub_codes caused by the user's auth code (wrong, used, expired): they log in again. */
const USER_SUB_CODES = /code-invalid|code-expired|code-used|invalid-auth-code|auth-code-(invalid|expired)/i;
/** sub_codes caused by our configuration: the key pair, the app id, the app's permissions. */
const CONFIG_SUB_CODES =
  /invalid-signature|missing-signature|invalid-app-id|missing-app-id|invalid-app-auth-token|insufficient-isv-permissions|invalid-method|invalid-timestamp/i;
/** 20001 token permissions, 40001 missing arguments, 40006 insufficient permissions: never the user's doing. */
const CONFIG_CODES = new Set(['20001', '40001', '40006']);

/**
 * Alipay mini-program login: `alipay.system.oauth.token` on the OpenAPI v1 gateway with an RSA2-signed request;
 * a success is trusted only when its signature verifies with Alipay's public key.
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
    const unavailable = (providerMessage: string): LoginProviderError =>
      LoginProviderError.unavailable({ provider: 'alipay', providerMessage });

    const body = parseObject(text);
    if (!body) throw unavailable(`HTTP ${status}, not a JSON object`);
    const nodeName = SUCCESS_NODE in body ? SUCCESS_NODE : ERROR_NODE in body ? ERROR_NODE : null;
    // The signature covers the node's exact text in the body, so it is cut from the raw text, never re-serialised.
    const nodeText = nodeName ? extractResponseNode(text, nodeName) : null;
    const node = nodeName ? body[nodeName] : undefined;
    if (!nodeName || !nodeText || typeof node !== 'object' || node === null) {
      throw unavailable(`HTTP ${status}, no ${SUCCESS_NODE} or ${ERROR_NODE} object`);
    }
    const fields = node as TokenNode;
    const signature = typeof body.sign === 'string' && body.sign ? body.sign : undefined;
    const verified =
      signature !== undefined && rsa2Verify(nodeText, signature, this.options.alipayPublicKeyPem);

    // Business errors may also come inside the method's own node with a code other than 10000.
    const isError = nodeName === ERROR_NODE || (fields.code !== undefined && fields.code !== '10000');
    if (isError) {
      // The gateway leaves some errors unsigned; believing one can only fail a login, never let anyone in.
      // A badly signed one, though, is not Alipay talking.
      if (signature !== undefined && !verified) throw unavailable('error response with a bad signature');
      const apiCode = str(fields.code);
      const subCode = str(fields.sub_code);
      const details = {
        provider: 'alipay' as const,
        providerCode: [apiCode, subCode].filter(Boolean).join('/'),
        providerMessage: redact(str(fields.sub_msg) ?? str(fields.msg), [code]),
      };
      const userCaused =
        (apiCode === '40002' || apiCode === '40004') && subCode !== undefined && USER_SUB_CODES.test(subCode);
      if (userCaused) throw LoginProviderError.failed(details);
      const misconfigured =
        (apiCode !== undefined && CONFIG_CODES.has(apiCode)) ||
        (subCode !== undefined && CONFIG_SUB_CODES.test(subCode));
      throw LoginProviderError.unavailable({ ...details, misconfigured });
    }

    if (!verified) {
      throw unavailable(signature ? 'response signature does not verify' : 'response is not signed');
    }
    // open_id replaces user_id for apps created since 2023; older apps still get user_id only.
    const subject = str(fields.open_id) || str(fields.user_id);
    if (!subject) throw unavailable('reply without open_id or user_id');
    return { provider: 'alipay', subject };
  }
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}

function parseObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

import {
  type ApiErrorBody,
  ErrorCode,
  type LoginResponse,
  type MeResponse,
  type PhoneBindingResponse,
} from '@smartunion/contracts';

import { type AlipayFake, rsaKeyPair, startAlipayFake } from './fakes/alipay-fake';
import { startWechatFake, type WechatFake } from './fakes/wechat-fake';
import { uniqueTag } from './support/fixtures';
import { createTestApp, type TestApp } from './support/test-app';

/** WeChat and Alipay logins through the real HTTP API, the providers being local fakes of their contracts. */
describe('login with WeChat and Alipay', () => {
  const appKeys = rsaKeyPair();
  let wechat: WechatFake;
  let alipay: AlipayFake;
  let t: TestApp;
  const tag = uniqueTag();

  beforeAll(async () => {
    wechat = await startWechatFake({ appId: 'wx-e2e', appSecret: 'e2e-secret' });
    alipay = await startAlipayFake({ appId: '2021000000000099', appPublicKeyPem: appKeys.publicKeyPem });
    t = await createTestApp({
      auth: {
        providerTimeoutMs: 1000,
        wechat: { baseUrl: wechat.baseUrl, appId: 'wx-e2e', appSecret: 'e2e-secret' },
        alipay: {
          gatewayUrl: alipay.gatewayUrl,
          appId: '2021000000000099',
          appPrivateKeyPem: appKeys.privateKeyPem,
          alipayPublicKeyPem: alipay.alipayPublicKeyPem,
        },
      },
    });
  });
  afterAll(async () => {
    await t.close();
    await wechat.close();
    await alipay.close();
  });

  const login = (provider: 'wechat' | 'alipay', code: string): ReturnType<TestApp['call']> =>
    t.call<LoginResponse | ApiErrorBody>('POST', '/api/v1/auth/login', undefined, { provider, code });

  it.each([
    ['wechat', `ok-o${tag}`],
    ['alipay', `ok-2088${tag}`],
  ] as const)('%s: the first login creates the user, the next finds the same one', async (provider, code) => {
    const first = await login(provider, code);
    expect(first.status).toBe(200);
    expect((first.body as LoginResponse).isNewUser).toBe(true);
    const me = await t.call<MeResponse>('GET', '/api/v1/me', (first.body as LoginResponse).accessToken);
    expect(me.body.roles).toEqual([]);
    expect(me.body.memberOrg).toBeNull();

    const again = await login(provider, code);
    expect((again.body as LoginResponse).isNewUser).toBe(false);
    const meAgain = await t.call<MeResponse>('GET', '/api/v1/me', (again.body as LoginResponse).accessToken);
    expect(meAgain.body.id).toBe(me.body.id);
  });

  it('gives LOGIN_FAILED (401) for a bad code and LOGIN_PROVIDER_UNAVAILABLE (503) when the provider is down', async () => {
    const used = await login('wechat', 'used');
    expect([used.status, (used.body as ApiErrorBody).code]).toEqual([401, ErrorCode.LoginFailed]);
    const expired = await login('alipay', 'invalid');
    expect([expired.status, (expired.body as ApiErrorBody).code]).toEqual([401, ErrorCode.LoginFailed]);
    const busy = await login('wechat', 'busy');
    expect([busy.status, (busy.body as ApiErrorBody).code]).toEqual([
      503,
      ErrorCode.LoginProviderUnavailable,
    ]);
    const tampered = await login('alipay', 'tampered');
    expect([tampered.status, (tampered.body as ApiErrorBody).code]).toEqual([
      503,
      ErrorCode.LoginProviderUnavailable,
    ]);
    // Clients learn which provider and code failed, never the provider's free text or our secrets.
    expect((busy.body as ApiErrorBody).details).toEqual({ provider: 'wechat', providerCode: '-1' });
    expect(JSON.stringify(busy.body)).not.toContain('e2e-secret');
  });

  it('creates one user when the same first login arrives twice at once', async () => {
    const code = `ok-race${tag}`;
    const results = await Promise.all([login('wechat', code), login('wechat', code), login('wechat', code)]);
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    const ids = await Promise.all(
      results.map((r) =>
        t.call<MeResponse>('GET', '/api/v1/me', (r.body as LoginResponse).accessToken).then((m) => m.body.id),
      ),
    );
    expect(new Set(ids).size).toBe(1);
    const rows: { n: string }[] = await t.db.query(
      `SELECT count(*) AS n FROM user_identities WHERE provider = 'wechat' AND subject = $1`,
      [`race${tag}`],
    );
    expect(rows[0].n).toBe('1');
    // The losers' half-made users were rolled back: no user without an identity.
    const orphans: { n: string }[] = await t.db.query(
      `SELECT count(*) AS n FROM users u
        WHERE u.demo_key IS NULL AND NOT EXISTS (SELECT 1 FROM user_identities i WHERE i.user_id = u.id)`,
    );
    expect(orphans[0].n).toBe('0');
  });

  describe('the mobile number of the getPhoneNumber button', () => {
    let token: string;
    let userId: string;
    beforeAll(async () => {
      const first = await login('wechat', `ok-phone${tag}`);
      token = (first.body as LoginResponse).accessToken;
      userId = (await t.call<MeResponse>('GET', '/api/v1/me', token)).body.id;
    });
    const bind = (code: string, provider = 'wechat', signedIn = true) =>
      t.call<PhoneBindingResponse | ApiErrorBody>('POST', '/api/v1/me/phone', signedIn ? token : undefined, {
        provider,
        code,
      });
    const stored = async (): Promise<{ mobile: string | null; mobile_verified_at: Date | null }> => {
      const rows: { mobile: string | null; mobile_verified_at: Date | null }[] = await t.db.query(
        `SELECT mobile, mobile_verified_at FROM users WHERE id = $1`,
        [userId],
      );
      return rows[0];
    };

    it('asks WeChat for the number with the app token and keeps it on the user, answering it masked', async () => {
      const answer = await bind('phone-13812345678');
      expect(answer.status).toBe(200);
      expect((answer.body as PhoneBindingResponse).mobile).toBe('138****5678');
      expect(Date.parse((answer.body as PhoneBindingResponse).verifiedAt)).not.toBeNaN();
      const row = await stored();
      expect(row.mobile).toBe('13812345678');
      expect(row.mobile_verified_at).not.toBeNull();

      // A second number replaces the first, with the token WeChat gave before.
      const issued = wechat.tokensIssued;
      const again = await bind('phone-13998765432');
      expect(again.status).toBe(200);
      expect((await stored()).mobile).toBe('13998765432');
      expect(wechat.tokensIssued).toBe(issued);
    });

    it('fetches a new token once when WeChat says the kept one expired', async () => {
      wechat.expireTokens();
      const issued = wechat.tokensIssued;
      const answer = await bind('phone-13700001111');
      expect(answer.status).toBe(200);
      expect(wechat.tokensIssued).toBe(issued + 1);
      expect((await stored()).mobile).toBe('13700001111');
    });

    it('refuses a used code, a foreign number, another app’s answer and a busy WeChat, keeping the number', async () => {
      const used = await bind('phone-used');
      expect([used.status, (used.body as ApiErrorBody).code]).toEqual([400, ErrorCode.PhoneCodeInvalid]);
      expect((used.body as ApiErrorBody).details).toEqual({ provider: 'wechat', providerCode: '40029' });
      const intl = await bind('phone-intl');
      expect([intl.status, (intl.body as ApiErrorBody).code]).toEqual([400, ErrorCode.ValidationFailed]);
      const foreignApp = await bind('phone-foreign-app');
      expect([foreignApp.status, (foreignApp.body as ApiErrorBody).code]).toEqual([
        503,
        ErrorCode.LoginProviderUnavailable,
      ]);
      const busy = await bind('phone-busy');
      expect([busy.status, (busy.body as ApiErrorBody).code]).toEqual([
        503,
        ErrorCode.LoginProviderUnavailable,
      ]);
      expect(JSON.stringify(busy.body)).not.toMatch(/tok-|e2e-secret/);
      expect((await stored()).mobile).toBe('13700001111');
    });

    it('needs a login, and a provider that vouches for numbers', async () => {
      expect((await bind('phone-13812345678', 'wechat', false)).status).toBe(401);
      const alipayPhone = await bind('phone-13812345678', 'alipay');
      expect([alipayPhone.status, (alipayPhone.body as ApiErrorBody).code]).toEqual([
        400,
        ErrorCode.ValidationFailed,
      ]);
    });
  });
});

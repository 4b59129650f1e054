import { ErrorCode } from '@smartunion/contracts';

import { closedPort } from '../../../../test/fakes/http-fake';
import { startWechatFake, type WechatFake } from '../../../../test/fakes/wechat-fake';
import { rejection } from '../../../../test/support/errors';
import { LoginProviderError } from './login-provider.port';
import { WechatLoginClient } from './wechat.client';

const APP = { appId: 'wx-test', appSecret: 'right-secret-0123' };

describe('WechatLoginClient against a fake of jscode2session', () => {
  let fake: WechatFake;
  let client: WechatLoginClient;
  const clientWith = (overrides: Partial<ConstructorParameters<typeof WechatLoginClient>[0]>) =>
    new WechatLoginClient({ baseUrl: fake.baseUrl, ...APP, timeoutMs: 300, ...overrides });

  beforeAll(async () => {
    fake = await startWechatFake({ ...APP, slowMs: 600 });
    client = clientWith({});
  });
  afterAll(() => fake.close());

  const failure = (p: Promise<unknown>): Promise<LoginProviderError> => rejection(p, LoginProviderError);
  /** Everything an error could carry into a log line or a response body. */
  const exposed = (e: LoginProviderError): string =>
    JSON.stringify({ m: e.message, d: e.details, s: e.stack });

  it('returns the openid and unionid, never the session key', async () => {
    const before = fake.calls;
    const identity = await client.exchangeCode('ok-o6_abc');
    expect(identity).toEqual({ provider: 'wechat', subject: 'o6_abc', unionId: 'u-o6_abc' });
    expect(JSON.stringify(identity)).not.toContain('sk-');
    expect(fake.calls - before).toBe(1);
  });

  it.each([
    ['invalid', '40029'],
    ['used', '40163'],
    ['risky', '40226'],
  ])('maps the user-caused error %s to LOGIN_FAILED', async (code, providerCode) => {
    const e = await failure(client.exchangeCode(code));
    expect(e.code).toBe(ErrorCode.LoginFailed);
    expect(e.details).toMatchObject({ provider: 'wechat', providerCode });
    expect(e.message).toMatch(/^[\x20-\x7e]+$/); // plain English, no provider text
  });

  it.each([
    ['busy', '-1'],
    ['quota', '45011'],
  ])('maps the provider-side error %s to LOGIN_PROVIDER_UNAVAILABLE', async (code, providerCode) => {
    const e = await failure(client.exchangeCode(code));
    expect(e.code).toBe(ErrorCode.LoginProviderUnavailable);
    expect(e.details).toMatchObject({ providerCode, misconfigured: false });
  });

  it.each([
    ['a wrong secret', { appSecret: 'wrong-secret-9876' }, '40125'],
    ['a wrong appid', { appId: 'wx-other' }, '40013'],
  ])(
    'flags %s as our misconfiguration, without echoing the secret',
    async (_what, overrides, providerCode) => {
      const e = await failure(clientWith(overrides).exchangeCode('ok-x'));
      expect(e.code).toBe(ErrorCode.LoginProviderUnavailable);
      expect(e.details).toMatchObject({ provider: 'wechat', providerCode, misconfigured: true });
      expect(exposed(e)).not.toMatch(/secret-/);
    },
  );

  it('gives up after the timeout', async () => {
    const started = Date.now();
    const e = await failure(client.exchangeCode('slow'));
    expect(e.code).toBe(ErrorCode.LoginProviderUnavailable);
    expect(e.details.providerMessage).toMatch(/no answer within 300 ms/);
    expect(Date.now() - started).toBeLessThan(590);
  });

  it('treats a non-JSON answer and an unreachable host as unavailable, without leaking the URL', async () => {
    await expect(client.exchangeCode('garbage')).rejects.toMatchObject({
      code: ErrorCode.LoginProviderUnavailable,
      details: { providerMessage: 'HTTP 200, not a JSON object' },
    });
    const e = await failure(
      clientWith({ baseUrl: `http://127.0.0.1:${await closedPort()}` }).exchangeCode('ok-user-code-1234'),
    );
    expect(e.code).toBe(ErrorCode.LoginProviderUnavailable);
    expect(e.details.providerMessage).toBe('network error: ECONNREFUSED');
    expect(exposed(e)).not.toMatch(/right-secret|user-code/);
  });

  it('never returns or leaks the session key of a reply without openid', async () => {
    const e = await failure(client.exchangeCode('no-openid'));
    expect(e.code).toBe(ErrorCode.LoginProviderUnavailable);
    expect(exposed(e)).not.toContain('sk-');
  });

  it('sends the code URL-encoded and keeps a path prefix of the base URL', async () => {
    await expect(client.exchangeCode('ok-a&secret=x')).resolves.toMatchObject({ subject: 'a&secret=x' });
    // A prefix is kept, so the fake (which serves only /sns/jscode2session) answers 404 → unavailable.
    await expect(
      clientWith({ baseUrl: `${fake.baseUrl}/proxy/` }).exchangeCode('ok-a'),
    ).rejects.toMatchObject({
      code: ErrorCode.LoginProviderUnavailable,
      details: { providerCode: '404' },
    });
  });

  describe('phoneNumber (getuserphonenumber with a stable access token)', () => {
    it('shares one token among concurrent requests and keeps it for the next', async () => {
      const phoneClient = clientWith({});
      const issued = fake.tokensIssued;
      const numbers = await Promise.all([
        phoneClient.phoneNumber('phone-13800000001'),
        phoneClient.phoneNumber('phone-13800000002'),
      ]);
      expect(numbers).toEqual([
        { mobile: '13800000001', countryCode: '86' },
        { mobile: '13800000002', countryCode: '86' },
      ]);
      await phoneClient.phoneNumber('phone-13800000003');
      expect(fake.tokensIssued - issued).toBe(1);
    });

    it('maps a used code to PHONE_CODE_INVALID and a wrong secret to our misconfiguration, leaking neither', async () => {
      const used = await failure(clientWith({}).phoneNumber('phone-used-code-123'));
      expect(used.code).toBe(ErrorCode.PhoneCodeInvalid);
      expect(used.details).toMatchObject({ provider: 'wechat', providerCode: '40029' });
      const wrong = await failure(
        clientWith({ appSecret: 'wrong-secret-9876' }).phoneNumber('phone-13800000001'),
      );
      expect(wrong.code).toBe(ErrorCode.LoginProviderUnavailable);
      expect(wrong.details).toMatchObject({ providerCode: '40125', misconfigured: true });
      expect(exposed(wrong)).not.toMatch(/secret-|tok-/);
    });

    it('distrusts an answer watermarked for another app', async () => {
      const e = await failure(clientWith({}).phoneNumber('phone-foreign-app'));
      expect(e.code).toBe(ErrorCode.LoginProviderUnavailable);
      expect(e.details.providerMessage).toBe('phone_info watermark names another app');
    });
  });
});

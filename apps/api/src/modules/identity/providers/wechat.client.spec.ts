import { ErrorCode } from '@smartunion/contracts';

import type { FakeServer } from '../../../../test/fakes/http-fake';
import { startWechatFake } from '../../../../test/fakes/wechat-fake';
import { rejection } from '../../../../test/support/errors';
import { LoginProviderError } from './login-provider.port';
import { WechatLoginClient } from './wechat.client';

describe('WechatLoginClient against a fake of jscode2session', () => {
  let fake: FakeServer;
  let client: WechatLoginClient;

  beforeAll(async () => {
    fake = await startWechatFake({ appId: 'wx-test', appSecret: 'right-secret', slowMs: 600 });
    client = new WechatLoginClient({
      baseUrl: fake.baseUrl,
      appId: 'wx-test',
      appSecret: 'right-secret',
      timeoutMs: 300,
    });
  });
  afterAll(() => fake.close());

  const failure = (p: Promise<unknown>): Promise<LoginProviderError> => rejection(p, LoginProviderError);

  it('returns the openid and unionid, never the session key', async () => {
    const identity = await client.exchangeCode('ok-o6_abc');
    expect(identity).toEqual({ provider: 'wechat', subject: 'o6_abc', unionId: 'u-o6_abc' });
    expect(JSON.stringify(identity)).not.toContain('sk-');
  });

  it.each([
    ['invalid', '40029'],
    ['used', '40163'],
    ['risky', '40226'],
  ])('maps the user-caused error %s to LOGIN_FAILED', async (code, providerCode) => {
    const e = await failure(client.exchangeCode(code));
    expect(e.code).toBe(ErrorCode.LoginFailed);
    expect(e.details).toMatchObject({ provider: 'wechat', providerCode });
  });

  it.each([
    ['busy', '-1'],
    ['quota', '45011'],
  ])('maps the provider-side error %s to LOGIN_PROVIDER_UNAVAILABLE', async (code, providerCode) => {
    const e = await failure(client.exchangeCode(code));
    expect(e.code).toBe(ErrorCode.LoginProviderUnavailable);
    expect(e.details).toMatchObject({ providerCode, misconfigured: false });
  });

  it('flags our own misconfiguration', async () => {
    const wrong = new WechatLoginClient({
      baseUrl: fake.baseUrl,
      appId: 'wx-test',
      appSecret: 'wrong',
      timeoutMs: 300,
    });
    const e = await failure(wrong.exchangeCode('ok-x'));
    expect(e.code).toBe(ErrorCode.LoginProviderUnavailable);
    expect(e.details).toMatchObject({ providerCode: '40125', misconfigured: true });
    expect(JSON.stringify(e.details)).not.toContain('wrong');
  });

  it('gives up after the timeout', async () => {
    const started = Date.now();
    const e = await failure(client.exchangeCode('slow'));
    expect(e.code).toBe(ErrorCode.LoginProviderUnavailable);
    expect(e.details.providerMessage).toMatch(/no answer within 300 ms/);
    expect(Date.now() - started).toBeLessThan(590);
  });

  it('treats a non-JSON answer and an unreachable host as unavailable', async () => {
    await expect(client.exchangeCode('garbage')).rejects.toMatchObject({
      code: ErrorCode.LoginProviderUnavailable,
    });
    const down = new WechatLoginClient({
      baseUrl: 'http://127.0.0.1:9',
      appId: 'a',
      appSecret: 'b',
      timeoutMs: 300,
    });
    await expect(down.exchangeCode('ok-x')).rejects.toMatchObject({
      code: ErrorCode.LoginProviderUnavailable,
    });
  });

  it('sends the code URL-encoded', async () => {
    await expect(client.exchangeCode('ok-a&secret=x')).resolves.toMatchObject({ subject: 'a&secret=x' });
  });
});

import { ErrorCode } from '@smartunion/contracts';

import { type AlipayFake, rsaKeyPair, startAlipayFake } from '../../../../test/fakes/alipay-fake';
import { extractResponseNode, shanghaiTimestamp } from './alipay-signature';
import { AlipayLoginClient } from './alipay.client';
import { rejection } from '../../../../test/support/errors';
import { LoginProviderError } from './login-provider.port';

describe('AlipayLoginClient against a fake of the OpenAPI gateway', () => {
  const app = rsaKeyPair();
  let fake: AlipayFake;
  let client: AlipayLoginClient;

  beforeAll(async () => {
    fake = await startAlipayFake({
      appId: '2021000000000001',
      appPublicKeyPem: app.publicKeyPem,
      slowMs: 600,
    });
    client = new AlipayLoginClient({
      gatewayUrl: fake.gatewayUrl,
      appId: '2021000000000001',
      appPrivateKeyPem: app.privateKeyPem,
      alipayPublicKeyPem: fake.alipayPublicKeyPem,
      timeoutMs: 300,
    });
  });
  afterAll(() => fake.close());

  const failure = (p: Promise<unknown>): Promise<LoginProviderError> => rejection(p, LoginProviderError);

  it('signs the request, verifies the answer and returns the open_id', async () => {
    const identity = await client.exchangeCode('ok-2088102');
    expect(identity).toEqual({ provider: 'alipay', subject: 'open-2088102' });
  });

  it('is refused by the gateway when signed with another key, which is our misconfiguration', async () => {
    const other = rsaKeyPair();
    const badKey = new AlipayLoginClient({
      gatewayUrl: fake.gatewayUrl,
      appId: '2021000000000001',
      appPrivateKeyPem: other.privateKeyPem,
      alipayPublicKeyPem: fake.alipayPublicKeyPem,
      timeoutMs: 300,
    });
    const e = await failure(badKey.exchangeCode('ok-1'));
    expect(e.code).toBe(ErrorCode.LoginProviderUnavailable);
    expect(e.details).toMatchObject({ providerCode: '40002/isv.invalid-signature', misconfigured: true });
  });

  it.each(['invalid', 'expired'])('maps the user-caused %s code to LOGIN_FAILED', async (code) => {
    const e = await failure(client.exchangeCode(code));
    expect(e.code).toBe(ErrorCode.LoginFailed);
    expect(e.details.providerCode).toMatch(/^40002\/isv\.code-/);
  });

  it('maps a busy gateway to LOGIN_PROVIDER_UNAVAILABLE', async () => {
    const e = await failure(client.exchangeCode('busy'));
    expect([e.code, e.details.providerCode]).toEqual([
      ErrorCode.LoginProviderUnavailable,
      '20000/isp.unknow-error',
    ]);
  });

  it('never trusts an unsigned or tampered success', async () => {
    for (const code of ['unsigned', 'tampered']) {
      const e = await failure(client.exchangeCode(code));
      expect(e.code).toBe(ErrorCode.LoginProviderUnavailable);
      expect(e.details.providerMessage).toMatch(/not signed|does not verify/);
    }
  });

  it('refuses answers signed by someone other than Alipay', async () => {
    const impostor = new AlipayLoginClient({
      gatewayUrl: fake.gatewayUrl,
      appId: '2021000000000001',
      appPrivateKeyPem: app.privateKeyPem,
      alipayPublicKeyPem: rsaKeyPair().publicKeyPem,
      timeoutMs: 300,
    });
    await expect(impostor.exchangeCode('ok-1')).rejects.toMatchObject({
      code: ErrorCode.LoginProviderUnavailable,
    });
  });

  it('gives up after the timeout and keeps tokens out of errors', async () => {
    const e = await failure(client.exchangeCode('slow'));
    expect(e.code).toBe(ErrorCode.LoginProviderUnavailable);
    expect(JSON.stringify(e.details)).not.toMatch(/at-|rt-/);
  });
});

describe('Alipay signature helpers', () => {
  it('cuts the signed node out of the raw text, braces inside strings included', () => {
    const raw = '{"alipay_x_response": {"a":"}{\\"","b":{"c":1}} ,"sign":"s"}';
    expect(extractResponseNode(raw, 'alipay_x_response')).toBe('{"a":"}{\\"","b":{"c":1}}');
    expect(extractResponseNode(raw, 'missing')).toBeNull();
  });

  it('formats timestamps in Asia/Shanghai whatever the process timezone', () => {
    expect(shanghaiTimestamp(new Date('2026-11-23T17:30:05Z'))).toBe('2026-11-24 01:30:05');
  });
});

import { ErrorCode } from '@smartunion/contracts';

import { type AlipayFake, rsaKeyPair, startAlipayFake } from '../../../../test/fakes/alipay-fake';
import { closedPort } from '../../../../test/fakes/http-fake';
import { rejection } from '../../../../test/support/errors';
import { alipaySignContent, extractResponseNode, shanghaiTimestamp } from './alipay-signature';
import { AlipayLoginClient } from './alipay.client';
import { LoginProviderError } from './login-provider.port';

const APP_ID = '2021000000000001';

describe('AlipayLoginClient against a fake of the OpenAPI gateway', () => {
  const app = rsaKeyPair();
  let fake: AlipayFake;
  let client: AlipayLoginClient;
  const clientWith = (overrides: Partial<ConstructorParameters<typeof AlipayLoginClient>[0]>) =>
    new AlipayLoginClient({
      gatewayUrl: fake.gatewayUrl,
      appId: APP_ID,
      appPrivateKeyPem: app.privateKeyPem,
      alipayPublicKeyPem: fake.alipayPublicKeyPem,
      timeoutMs: 300,
      ...overrides,
    });

  beforeAll(async () => {
    fake = await startAlipayFake({ appId: APP_ID, appPublicKeyPem: app.publicKeyPem, slowMs: 600 });
    client = clientWith({});
  });
  afterAll(() => fake.close());

  const failure = (p: Promise<unknown>): Promise<LoginProviderError> => rejection(p, LoginProviderError);
  /** Everything an error could carry into a log line or a response body. */
  const exposed = (e: LoginProviderError): string =>
    JSON.stringify({ m: e.message, d: e.details, s: e.stack });

  it('signs the request with a Shanghai timestamp, verifies the raw answer and returns the open_id', async () => {
    // The fake rejects timestamps off its Shanghai clock, and jest runs with TZ=UTC.
    const before = fake.calls;
    const identity = await client.exchangeCode('ok-2088102');
    expect(identity).toEqual({ provider: 'alipay', subject: 'open-2088102' });
    expect(fake.calls - before).toBe(1);
  });

  it('is refused by the gateway when signed with another key, which is our misconfiguration', async () => {
    const e = await failure(
      clientWith({ appPrivateKeyPem: rsaKeyPair().privateKeyPem }).exchangeCode('ok-user-code-1234'),
    );
    expect(e.code).toBe(ErrorCode.LoginProviderUnavailable);
    expect(e.details).toMatchObject({ providerCode: '40002/isv.invalid-signature', misconfigured: true });
    // The gateway quotes the signed string back; the user's code is cut out of it.
    expect(e.details.providerMessage).toContain('code=***');
    expect(exposed(e)).not.toContain('user-code-1234');
  });

  it('is refused for a wrong app id, flagged as misconfiguration', async () => {
    const e = await failure(clientWith({ appId: '2021000000000999' }).exchangeCode('ok-1'));
    expect(e.details).toMatchObject({ providerCode: '40002/isv.invalid-app-id', misconfigured: true });
  });

  it.each([
    ['invalid', '40002/isv.code-invalid'],
    ['expired', '40002/isv.code-expired'],
  ])('maps the user-caused %s code to LOGIN_FAILED', async (code, providerCode) => {
    const e = await failure(client.exchangeCode(code));
    expect(e.code).toBe(ErrorCode.LoginFailed);
    expect(e.details).toMatchObject({ provider: 'alipay', providerCode });
    expect(e.message).toMatch(/^[\x20-\x7e]+$/); // plain English; Alipay's Chinese text stays in details
  });

  it.each([
    ['busy', '20000/isp.unknow-error', false],
    ['forbidden', '40006/isv.insufficient-isv-permissions', true],
  ])('maps %s to LOGIN_PROVIDER_UNAVAILABLE', async (code, providerCode, misconfigured) => {
    const e = await failure(client.exchangeCode(code));
    expect(e.code).toBe(ErrorCode.LoginProviderUnavailable);
    expect(e.details).toMatchObject({ providerCode, misconfigured });
  });

  it.each([
    ['unsigned', 'response is not signed'],
    ['tampered', 'response signature does not verify'],
  ])('never trusts a %s success, and keeps its tokens out of the error', async (code, providerMessage) => {
    const e = await failure(client.exchangeCode(code));
    expect(e.code).toBe(ErrorCode.LoginProviderUnavailable);
    expect(e.details.providerMessage).toBe(providerMessage);
    expect(exposed(e)).not.toMatch(/at-|rt-|open-u/);
  });

  it('refuses answers signed by someone other than Alipay', async () => {
    const impostor = clientWith({ alipayPublicKeyPem: rsaKeyPair().publicKeyPem });
    await expect(impostor.exchangeCode('ok-1')).rejects.toMatchObject({
      code: ErrorCode.LoginProviderUnavailable,
      details: { providerMessage: 'response signature does not verify' },
    });
  });

  it('treats a non-JSON answer and an unreachable gateway as unavailable', async () => {
    await expect(client.exchangeCode('garbage')).rejects.toMatchObject({
      code: ErrorCode.LoginProviderUnavailable,
      details: { providerMessage: 'HTTP 502, not a JSON object' },
    });
    await expect(
      clientWith({ gatewayUrl: `http://127.0.0.1:${await closedPort()}/gateway.do` }).exchangeCode('ok-1'),
    ).rejects.toMatchObject({ code: ErrorCode.LoginProviderUnavailable });
  });

  it('gives up after the timeout', async () => {
    const started = Date.now();
    const e = await failure(client.exchangeCode('slow'));
    expect(e.code).toBe(ErrorCode.LoginProviderUnavailable);
    expect(e.details.providerMessage).toBe('no answer within 300 ms');
    expect(Date.now() - started).toBeLessThan(590);
  });
});

describe('Alipay signature helpers', () => {
  it('builds the sign content from sorted, raw, non-empty params without sign', () => {
    expect(alipaySignContent({ b: '2 3', sign: 'x', a: 'q&r=s', c: '', d: undefined })).toBe('a=q&r=s&b=2 3');
  });

  it('cuts the signed node out of the raw text, braces and quotes inside strings included', () => {
    const raw = '{"alipay_x_response": {"a":"}{\\"","b":{"c":[1,{}]}} ,"sign":"s"}';
    expect(extractResponseNode(raw, 'alipay_x_response')).toBe('{"a":"}{\\"","b":{"c":[1,{}]}}');
    expect(extractResponseNode(raw, 'missing')).toBeNull();
  });

  it('only takes a top-level key whose value is an object', () => {
    const decoy = '{"x":"\\"alipay_x_response\\":{}","alipay_x_response":{"k":"v"},"sign":"s"}';
    expect(extractResponseNode(decoy, 'alipay_x_response')).toBe('{"k":"v"}');
    expect(extractResponseNode('{"w":{"alipay_x_response":{"k":1}}}', 'alipay_x_response')).toBeNull();
    expect(extractResponseNode('{"alipay_x_response":"s","sign":"s"}', 'alipay_x_response')).toBeNull();
    expect(extractResponseNode('{"alipay_x_response":{"k":', 'alipay_x_response')).toBeNull();
  });

  it('formats timestamps in Asia/Shanghai whatever the process timezone', () => {
    expect(shanghaiTimestamp(new Date('2026-11-23T17:30:05Z'))).toBe('2026-11-24 01:30:05');
  });
});

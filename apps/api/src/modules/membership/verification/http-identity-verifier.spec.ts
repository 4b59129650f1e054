import { closedPort, type FakeServer } from '../../../../test/fakes/http-fake';
import { startIdCardFake } from '../../../../test/fakes/idcard-fake';
import { rejection } from '../../../../test/support/errors';
import { HttpIdentityVerifier } from './http-identity-verifier';
import { VerifierUnavailableError } from './identity-verifier.port';

const ID = '11010519491231002X';

describe('HttpIdentityVerifier against a fake of the two-factor check', () => {
  let fake: FakeServer;
  const verifier = (overrides: Partial<ConstructorParameters<typeof HttpIdentityVerifier>[0]> = {}) =>
    new HttpIdentityVerifier({ baseUrl: fake.baseUrl, appCode: 'code-123', timeoutMs: 300, ...overrides });

  beforeAll(async () => {
    fake = await startIdCardFake({ appCode: 'code-123', people: { [ID]: '王建军' }, slowMs: 600 });
  });
  afterAll(() => fake.close());

  it('answers match for the registered name, mismatch for another name or no record', async () => {
    await expect(verifier().verify('王建军', ID)).resolves.toBe('match');
    await expect(verifier().verify('李秀英', ID)).resolves.toBe('mismatch');
    await expect(verifier().verify('王建军', '110105194912310037')).resolves.toBe('mismatch');
  });

  it('treats refused credentials, business errors, timeouts and an unreachable service as unavailable', async () => {
    await rejection(verifier({ appCode: 'wrong' }).verify('王建军', ID), VerifierUnavailableError);
    const business = await rejection(verifier().verify('故障', ID), VerifierUnavailableError);
    expect(business.message).toContain('20310');
    await rejection(verifier().verify('超时', ID), VerifierUnavailableError);
    const port = await closedPort();
    await rejection(
      verifier({ baseUrl: `http://127.0.0.1:${port}` }).verify('王建军', ID),
      VerifierUnavailableError,
    );
  });

  it('never puts the ID number in an error message', async () => {
    const e = await rejection(verifier({ appCode: 'wrong' }).verify('王建军', ID), VerifierUnavailableError);
    expect(e.message).not.toContain(ID);
  });
});

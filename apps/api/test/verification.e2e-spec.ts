import {
  type ApiErrorBody,
  ErrorCode,
  type JoinApplicationResponse,
  type JoinCodeResponse,
  type SubmitJoinApplicationRequest,
} from '@smartunion/contracts';

import { closedPort, type FakeServer } from './fakes/http-fake';
import { startIdCardFake } from './fakes/idcard-fake';
import { buildMiniTree, insertUser, type MiniTree, uniqueTag } from './support/fixtures';
import { syntheticIdNumber } from './support/people';
import { createTestApp, type TestApp } from './support/test-app';

describe('real-name verification through the HTTP adapter (fake identity service)', () => {
  const registered = syntheticIdNumber();
  let fake: FakeServer;
  let up: TestApp;
  let down: TestApp;
  let tree: MiniTree;
  let tag: string;
  let code: string;

  async function apply(app: TestApp, key: string, body: Partial<SubmitJoinApplicationRequest>) {
    await insertUser(app.db, `${key}-${tag}`, key);
    const { accessToken } = await app.login(`${key}-${tag}`);
    const res = await app.call<JoinApplicationResponse>(
      'POST',
      '/api/v1/membership/applications',
      accessToken,
      {
        joinCode: code,
        name: '王建军',
        mobile: '13912345678',
        idNumber: syntheticIdNumber(),
        employer: '顺丰速运',
        occupation: 'courier',
        newEmploymentForm: true,
        ...body,
      },
    );
    return { res, accessToken };
  }

  beforeAll(async () => {
    fake = await startIdCardFake({ appCode: 'app-code', people: { [registered]: '王建军' } });
    up = await createTestApp({
      identityVerifier: { kind: 'http', baseUrl: fake.baseUrl, appCode: 'app-code', timeoutMs: 1000 },
    });
    down = await createTestApp({
      identityVerifier: {
        kind: 'http',
        baseUrl: `http://127.0.0.1:${await closedPort()}`,
        appCode: 'app-code',
        timeoutMs: 500,
      },
    });
    tag = uniqueTag();
    tree = await buildMiniTree(up.db, tag);
    await insertUser(up.db, `cadre-${tag}`, 'cadre', [{ role: 'cadre', orgId: tree.unionXiaodian.id }]);
    const cadre = await up.login(`cadre-${tag}`);
    code = (
      await up.call<JoinCodeResponse>('POST', '/api/v1/membership/join-codes', cadre.accessToken, {
        orgId: tree.unionXiaodian.id,
        label: '门口',
      })
    ).body.token;
  });
  afterAll(async () => {
    await up?.close();
    await down?.close();
    await fake?.close();
  });

  it('stores verified when the service confirms name and number, mismatch when it does not', async () => {
    const ok = await apply(up, 'ok', { idNumber: registered });
    expect([ok.res.status, ok.res.body.verification]).toEqual([201, 'verified']);
    const wrongName = await apply(up, 'wrong', { name: '李四' });
    expect([wrongName.res.status, wrongName.res.body]).toMatchObject([201, { verification: 'mismatch' }]);
  });

  it('files the application unverified when the service is down, and says so on an explicit retry', async () => {
    const before = fake.calls;
    const { res } = await apply(down, 'down', {});
    expect([res.status, res.body.verification]).toEqual([201, 'unverified']);
    expect(fake.calls).toBe(before);
    // Approve it, then the member asks to verify while the service is still down.
    await insertUser(down.db, `cadre2-${tag}`, 'cadre', [{ role: 'cadre', orgId: tree.unionXiaodian.id }]);
    const cadre = await down.login(`cadre2-${tag}`);
    await down.call(
      'POST',
      `/api/v1/membership/review/applications/${res.body.id}/approve`,
      cadre.accessToken,
    );
    const member = await down.login(`down-${tag}`);
    const verify = await down.call<ApiErrorBody>('POST', '/api/v1/membership/me/verify', member.accessToken);
    expect([verify.status, verify.body.code]).toEqual([503, ErrorCode.VerificationUnavailable]);
  });
});

import { createHmac } from 'node:crypto';

import {
  type ApiErrorBody,
  ErrorCode,
  type LoginResponse,
  type MeResponse,
  type TokenPair,
} from '@smartunion/contracts';

import { buildMiniTree, insertUser, type MiniTree, uniqueTag } from './support/fixtures';
import { createTestApp, type TestApp } from './support/test-app';

describe('identity: login, tokens, me', () => {
  let t: TestApp;
  let tree: MiniTree;
  let tag: string;

  beforeAll(async () => {
    t = await createTestApp();
    tag = uniqueTag();
    tree = await buildMiniTree(t.db, tag);
    await insertUser(t.db, `member-${tag}`, '王小骑', [{ role: 'member', orgId: tree.unionXiaodian.id }]);
    await insertUser(t.db, `cadre-${tag}`, '李干部', [
      { role: 'member', orgId: tree.unionXiaodian.id },
      { role: 'cadre', orgId: tree.unionXiaodian.id },
    ]);
  });
  afterAll(() => t.close());

  it('logs a demo user in with the dev provider and describes them at /me', async () => {
    const login = await t.login(`cadre-${tag}`);
    expect(login).toMatchObject({ tokenType: 'Bearer', isNewUser: false });
    expect(new Date(login.accessTokenExpiresAt).getTime() - Date.now()).toBeGreaterThan(14 * 60_000);
    expect(new Date(login.accessTokenExpiresAt).getTime() - Date.now()).toBeLessThanOrEqual(
      15 * 60_000 + 1000,
    );

    const me = await t.call<MeResponse>('GET', '/api/v1/me', login.accessToken);
    expect(me.status).toBe(200);
    expect(me.body.displayName).toBe('李干部');
    expect(me.body.memberOrg).toMatchObject({ id: tree.unionXiaodian.id, type: 'grassroots' });
    expect(me.body.hasWorkbench).toBe(true);
    expect(me.body.roles.map((r) => [r.role, r.org.id])).toEqual([
      ['member', tree.unionXiaodian.id],
      ['cadre', tree.unionXiaodian.id],
    ]);
    expect(me.body.roles[1].permissions).toContain('workbench:access');
  });

  it('gives a plain member no workbench', async () => {
    const login = await t.login(`member-${tag}`);
    const me = await t.call<MeResponse>('GET', '/api/v1/me', login.accessToken);
    expect(me.body.hasWorkbench).toBe(false);
    expect(me.body.roles).toHaveLength(1);
  });

  it('refuses unknown demo keys and missing, forged or expired tokens', async () => {
    const bad = await t.call<ApiErrorBody>('POST', '/api/v1/auth/login', undefined, {
      provider: 'dev',
      code: 'nobody-here',
    });
    expect([bad.status, bad.body.code]).toEqual([401, ErrorCode.LoginFailed]);

    const none = await t.call<ApiErrorBody>('GET', '/api/v1/me');
    expect([none.status, none.body.code]).toEqual([401, ErrorCode.Unauthenticated]);

    const { accessToken } = await t.login(`member-${tag}`);
    const [h, p] = accessToken.split('.');
    const forged = `${h}.${p}.${createHmac('sha256', 'not-our-secret').update(`${h}.${p}`).digest('base64url')}`;
    const forgedRes = await t.call<ApiErrorBody>('GET', '/api/v1/me', forged);
    expect([forgedRes.status, forgedRes.body.code]).toEqual([401, ErrorCode.Unauthenticated]);

    // The header is the scheme and one token, nothing more: text after a valid token is refused, not ignored.
    const trailing = await t.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${accessToken} also-this` },
    });
    expect([trailing.statusCode, trailing.json<ApiErrorBody>().code]).toEqual([
      401,
      ErrorCode.Unauthenticated,
    ]);
    expect((await t.call('GET', '/api/v1/me', accessToken)).status).toBe(200);

    // "alg":"none" must never be accepted: the algorithm is pinned.
    const none64 = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const algNone = await t.call<ApiErrorBody>('GET', '/api/v1/me', `${none64}.${p}.`);
    expect(algNone.status).toBe(401);

    const expiredApp = await createTestApp({ auth: { accessTtlSeconds: 1 } });
    try {
      const short = await expiredApp.login(`member-${tag}`);
      await new Promise((r) => setTimeout(r, 2100));
      const expired = await expiredApp.call<ApiErrorBody>('GET', '/api/v1/me', short.accessToken);
      expect([expired.status, expired.body.code]).toEqual([401, ErrorCode.TokenExpired]);
    } finally {
      await expiredApp.close();
    }
  });

  it('rotates refresh tokens and revokes the whole family when a spent one is reused', async () => {
    const first = await t.login(`member-${tag}`);
    const second = await t.call<TokenPair>('POST', '/api/v1/auth/refresh', undefined, {
      refreshToken: first.refreshToken,
    });
    expect(second.status).toBe(200);
    expect(second.body.refreshToken).not.toBe(first.refreshToken);
    await expect(t.call('GET', '/api/v1/me', second.body.accessToken)).resolves.toMatchObject({
      status: 200,
    });

    // The first token is spent: presenting it again is theft or a bug, so the family dies.
    const reuse = await t.call<ApiErrorBody>('POST', '/api/v1/auth/refresh', undefined, {
      refreshToken: first.refreshToken,
    });
    expect([reuse.status, reuse.body.code]).toEqual([401, ErrorCode.RefreshTokenReused]);
    const afterReuse = await t.call<ApiErrorBody>('POST', '/api/v1/auth/refresh', undefined, {
      refreshToken: second.body.refreshToken,
    });
    expect([afterReuse.status, afterReuse.body.code]).toEqual([401, ErrorCode.RefreshTokenInvalid]);

    // Another login (another family) is untouched.
    const other = await t.login(`member-${tag}`);
    await expect(
      t.call('POST', '/api/v1/auth/refresh', undefined, { refreshToken: other.refreshToken }),
    ).resolves.toMatchObject({ status: 200 });
  });

  it('lets exactly one of two concurrent refreshes with the same token win', async () => {
    const login = await t.login(`member-${tag}`);
    const results = await Promise.all(
      [1, 2].map(() =>
        t.call<TokenPair | ApiErrorBody>('POST', '/api/v1/auth/refresh', undefined, {
          refreshToken: login.refreshToken,
        }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
  });

  it('logs out by revoking the family; logging out twice is harmless', async () => {
    const login = await t.login(`member-${tag}`);
    await expect(
      t.call('POST', '/api/v1/auth/logout', undefined, { refreshToken: login.refreshToken }),
    ).resolves.toMatchObject({ status: 204 });
    await expect(
      t.call('POST', '/api/v1/auth/logout', undefined, { refreshToken: login.refreshToken }),
    ).resolves.toMatchObject({ status: 204 });
    const refresh = await t.call<ApiErrorBody>('POST', '/api/v1/auth/refresh', undefined, {
      refreshToken: login.refreshToken,
    });
    expect([refresh.status, refresh.body.code]).toEqual([401, ErrorCode.RefreshTokenInvalid]);
  });

  it('refuses a disabled user at login and at refresh, without calling it reuse', async () => {
    const id = await insertUser(t.db, `disabled-${tag}`, '停用者');
    const login = await t.login(`disabled-${tag}`);
    await t.db.query(`UPDATE users SET status = 'disabled' WHERE id = $1`, [id]);
    const again = await t.call<ApiErrorBody>('POST', '/api/v1/auth/login', undefined, {
      provider: 'dev',
      code: `disabled-${tag}`,
    });
    expect([again.status, again.body.code]).toEqual([403, ErrorCode.UserDisabled]);
    const refresh = await t.call<ApiErrorBody>('POST', '/api/v1/auth/refresh', undefined, {
      refreshToken: login.refreshToken,
    });
    expect([refresh.status, refresh.body.code]).toEqual([403, ErrorCode.UserDisabled]);
  });

  it('stores refresh tokens only as digests', async () => {
    const login = await t.login(`member-${tag}`);
    const rows: { n: string }[] = await t.db.query(
      `SELECT count(*) AS n FROM refresh_tokens WHERE encode(token_hash, 'escape') LIKE $1`,
      [`%${login.refreshToken}%`],
    );
    expect(rows[0].n).toBe('0');
  });

  it('refuses the dev provider when it is not enabled', async () => {
    const prod = await createTestApp({ auth: { devLogin: false } });
    try {
      const res = await prod.call<ApiErrorBody>('POST', '/api/v1/auth/login', undefined, {
        provider: 'dev',
        code: `member-${tag}`,
      });
      expect([res.status, res.body.code]).toEqual([400, ErrorCode.LoginProviderDisabled]);
      const wechat = await prod.call<ApiErrorBody>('POST', '/api/v1/auth/login', undefined, {
        provider: 'wechat',
        code: 'abc',
      });
      expect([wechat.status, wechat.body.code]).toEqual([400, ErrorCode.LoginProviderDisabled]);
    } finally {
      await prod.close();
    }
  });

  it('rate-limits logins per client IP across requests (state in Redis)', async () => {
    const limited = await createTestApp({ auth: { loginRateLimitPerMinute: 3 } });
    try {
      const ip = `10.${tag.charCodeAt(0) % 250}.${tag.charCodeAt(1) % 250}.7`;
      const attempt = (): Promise<number> =>
        limited
          .inject({
            method: 'POST',
            url: '/api/v1/auth/login',
            remoteAddress: ip,
            payload: { provider: 'dev', code: `member-${tag}` },
          })
          .then((r) => r.statusCode);
      expect([await attempt(), await attempt(), await attempt()]).toEqual([200, 200, 200]);
      const blocked = await limited.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        remoteAddress: ip,
        payload: { provider: 'dev', code: `member-${tag}` },
      });
      expect(blocked.statusCode).toBe(429);
      expect(blocked.json<ApiErrorBody>().code).toBe(ErrorCode.RateLimited);
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
      // A second API instance shares the counter: the limit is not per process.
      const sibling = await createTestApp({ auth: { loginRateLimitPerMinute: 3 } });
      try {
        const res = await sibling.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          remoteAddress: ip,
          payload: { provider: 'dev', code: `member-${tag}` },
        });
        expect(res.statusCode).toBe(429);
      } finally {
        await sibling.close();
      }
    } finally {
      await limited.close();
    }
  });

  it('issues tokens whose roles follow the database', async () => {
    const login: LoginResponse = await t.login(`cadre-${tag}`);
    const payload = JSON.parse(Buffer.from(login.accessToken.split('.')[1], 'base64url').toString()) as {
      roles: string[];
      sub: string;
      iss: string;
      aud: string;
    };
    expect(payload.roles.sort()).toEqual(['cadre', 'member']);
    expect(payload.iss).toBe('smartunion');
    expect(payload.aud).toBe('smartunion-api');
  });
});

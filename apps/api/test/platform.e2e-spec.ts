import { type ApiErrorBody, ErrorCode } from '@smartunion/contracts';

import { buildMiniTree, insertUser, uniqueTag } from './support/fixtures';
import { createTestApp, type TestApp } from './support/test-app';

describe('HTTP platform', () => {
  let t: TestApp;
  let token: string;

  beforeAll(async () => {
    t = await createTestApp({ http: { bodyLimitBytes: 4096 } });
    const tag = uniqueTag();
    const tree = await buildMiniTree(t.db, tag);
    await insertUser(t.db, `platform-staff-${tag}`, '平台测试员', [
      { role: 'province_staff', orgId: tree.province.id },
    ]);
    token = (await t.login(`platform-staff-${tag}`)).accessToken;
  });
  afterAll(() => t.close());

  it('answers liveness without touching dependencies, and readiness after checking them', async () => {
    await expect(t.call('GET', '/healthz')).resolves.toMatchObject({ status: 200, body: { status: 'ok' } });
    const ready = await t.call<{ status: string; info: Record<string, { status: string }> }>(
      'GET',
      '/readyz',
    );
    expect(ready.status).toBe(200);
    expect(ready.body.info).toMatchObject({ database: { status: 'up' }, redis: { status: 'up' } });
  });

  it('exposes Prometheus metrics including request durations by route template', async () => {
    await t.call('GET', '/healthz');
    const res = await t.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.body).toContain('process_cpu_user_seconds_total');
    expect(res.body).toMatch(
      /http_request_duration_seconds_count\{method="GET",route="\/healthz",status="200"\} \d+/,
    );
  });

  it('serves the OpenAPI document and its UI', async () => {
    const doc = await t.call<{ openapi: string; paths: Record<string, unknown> }>('GET', '/api/docs-json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/auth/login', '/api/v1/me', '/api/v1/orgs', '/api/v1/orgs/{id}/move']),
    );
    const ui = await t.inject({ method: 'GET', url: '/api/docs' });
    expect(ui.statusCode).toBe(200);
    expect(ui.body).toContain('swagger');
  });

  it('echoes a safe x-request-id and makes one up otherwise', async () => {
    const given = await t.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-request-id': 'trace-abc-12345' },
    });
    expect(given.headers['x-request-id']).toBe('trace-abc-12345');
    const made = await t.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-request-id': 'bad id<script>' },
    });
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  describe('bad input is a 4xx JSON error, never a 500', () => {
    const expectError = (
      res: { status: number; body: unknown },
      status: number,
      code: ErrorCode,
    ): ApiErrorBody => {
      expect(res.status).toBe(status);
      const body = res.body as ApiErrorBody;
      expect(body.code).toBe(code);
      expect(typeof body.message).toBe('string');
      return body;
    };

    it('unknown route', async () => {
      expectError(await t.call('GET', '/api/v1/nope'), 404, ErrorCode.RouteNotFound);
    });

    it('unknown field', async () => {
      const body = expectError(
        await t.call('POST', '/api/v1/auth/login', undefined, { provider: 'dev', code: 'x', admin: true }),
        400,
        ErrorCode.ValidationFailed,
      );
      expect(body.details).toEqual([{ field: 'admin', reasons: ['property admin should not exist'] }]);
    });

    it('wrong type and bad enum', async () => {
      const body = expectError(
        await t.call('POST', '/api/v1/auth/login', undefined, { provider: 'qq', code: 42 }),
        400,
        ErrorCode.ValidationFailed,
      );
      expect((body.details as { field: string }[]).map((d) => d.field).sort()).toEqual(['code', 'provider']);
    });

    it('malformed JSON', async () => {
      const res = await t.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'content-type': 'application/json' },
        payload: '{"provider": "dev", "code":',
      });
      expectError({ status: res.statusCode, body: res.json() }, 400, ErrorCode.MalformedJson);
    });

    it('empty JSON body', async () => {
      const res = await t.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'content-type': 'application/json' },
        payload: '',
      });
      expect(res.statusCode).toBe(400);
      expect([ErrorCode.MalformedJson, ErrorCode.ValidationFailed]).toContain(res.json<ApiErrorBody>().code);
    });

    it('a JSON array or null where an object is expected', async () => {
      for (const payload of ['[]', 'null', '"text"']) {
        const res = await t.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          headers: { 'content-type': 'application/json' },
          payload,
        });
        expect(res.statusCode).toBe(400);
        expect(res.json<ApiErrorBody>().code).toBe(ErrorCode.ValidationFailed);
      }
    });

    it('unsupported media type', async () => {
      const res = await t.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'content-type': 'application/xml' },
        payload: '<login/>',
      });
      expectError({ status: res.statusCode, body: res.json() }, 415, ErrorCode.UnsupportedMediaType);
    });

    it('body over the limit', async () => {
      const res = await t.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ provider: 'dev', code: 'x'.repeat(10_000) }),
      });
      expectError({ status: res.statusCode, body: res.json() }, 413, ErrorCode.PayloadTooLarge);
    });

    it('a non-numeric or out-of-range id in the path', async () => {
      for (const id of ['abc', '-1', '0', '99999999999999999999', '1;DROP']) {
        expectError(await t.call('GET', `/api/v1/orgs/${id}`, token), 400, ErrorCode.ValidationFailed);
      }
    });

    it('query parameters of the wrong type', async () => {
      expectError(await t.call('GET', '/api/v1/orgs?page=two', token), 400, ErrorCode.ValidationFailed);
      expectError(
        await t.call('GET', '/api/v1/orgs?pageSize=100000', token),
        400,
        ErrorCode.ValidationFailed,
      );
      expectError(await t.call('GET', '/api/v1/orgs?type=planet', token), 400, ErrorCode.ValidationFailed);
    });
  });
});

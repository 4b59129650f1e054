import { type ApiErrorBody, type NoticeListResponse } from '@smartunion/contracts';

import { NoticesService } from '../src/modules/notices/notices.service';
import { insertUser, uniqueTag } from './support/fixtures';
import { createTestApp, type TestApp } from './support/test-app';

describe('notices: the caller’s own in-app messages', () => {
  let t: TestApp;
  let notices: NoticesService;
  const token: Record<string, string> = {};
  const userId: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    notices = t.app.get(NoticesService);
    const tag = uniqueTag();
    for (const key of ['alice', 'bob']) {
      userId[key] = await insertUser(t.db, `${key}-${tag}`, key);
      token[key] = (await t.login(`${key}-${tag}`)).accessToken;
    }
  });
  afterAll(() => t.close());

  const list = (who: string, query = ''): Promise<{ status: number; body: NoticeListResponse }> =>
    t.call<NoticeListResponse>('GET', `/api/v1/notices${query}`, token[who]);

  it('lists newest first with the unread count, and a retried send with the same key adds nothing', async () => {
    await expect(list('alice')).resolves.toMatchObject({ status: 200, body: { total: 0, unread: 0 } });
    for (const n of [1, 2, 3]) {
      await notices.send({
        userId: userId.alice,
        kind: 'test.n',
        title: `第${n}条`,
        body: `内容${n}`,
        dedupeKey: `k${n}`,
      });
    }
    await notices.send({
      userId: userId.alice,
      kind: 'test.n',
      title: '重复',
      body: '重复',
      dedupeKey: 'k2',
    });
    const all = await list('alice');
    expect(all.body).toMatchObject({ total: 3, unread: 3 });
    expect(all.body.items.map((n) => n.title)).toEqual(['第3条', '第2条', '第1条']);
    const page = await list('alice', '?page=2&pageSize=2');
    expect(page.body.items.map((n) => n.title)).toEqual(['第1条']);
  });

  it('marks one read, then all; another user can neither read nor mark them', async () => {
    const first = (await list('alice')).body.items[0];
    const foreign = await t.call<ApiErrorBody>('POST', `/api/v1/notices/${first.id}/read`, token.bob);
    expect(foreign.status).toBe(404);
    await expect(list('bob')).resolves.toMatchObject({ body: { total: 0 } });

    await expect(t.call('POST', `/api/v1/notices/${first.id}/read`, token.alice)).resolves.toMatchObject({
      status: 204,
    });
    // Marking a read notice again is harmless.
    await expect(t.call('POST', `/api/v1/notices/${first.id}/read`, token.alice)).resolves.toMatchObject({
      status: 204,
    });
    await expect(list('alice')).resolves.toMatchObject({ body: { unread: 2 } });
    await t.call('POST', '/api/v1/notices/read-all', token.alice);
    const after = await list('alice');
    expect(after.body.unread).toBe(0);
    expect(after.body.items.every((n) => n.readAt !== null)).toBe(true);
  });

  it('refuses bad ids and anonymous callers', async () => {
    await expect(t.call('POST', '/api/v1/notices/abc/read', token.alice)).resolves.toMatchObject({
      status: 400,
    });
    await expect(t.call('GET', '/api/v1/notices')).resolves.toMatchObject({ status: 401 });
  });
});

import type { INestApplicationContext } from '@nestjs/common';
import {
  type ApiErrorBody,
  type CreateWelfareCampaignRequest,
  ErrorCode,
  type MyWelfareResponse,
  type WelfareAlreadyPickedUpDetails,
  type WelfareCampaignListResponse,
  type WelfareCampaignResponse,
  type WelfarePickupCodeResponse,
  type WelfarePickupResponse,
  type WelfarePickupStationsResponse,
  type WelfareProgressResponse,
} from '@smartunion/contracts';
import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';

import type { AllocationResult } from '../src/modules/benefits/welfare/allocation.service';
import {
  WelfareAllocateJob,
  type WelfareAllocateJobData,
} from '../src/modules/benefits/welfare/welfare-allocate.job';
import { SignedTokens } from '../src/platform/crypto/signed-token';
import { CounterCodes } from '../src/platform/redis/counter-codes';
import { REDIS } from '../src/platform/redis/redis.constants';
import { uniqueTag } from './support/fixtures';
import { createTestApp, type TestApp } from './support/test-app';
import {
  addMember,
  buildWelfareWorld,
  startWelfareWorker,
  type WelfareWorld,
} from './support/welfare-fixtures';

const DAY = 86_400_000;
const at = (days: number): string => new Date(Date.now() + days * DAY).toISOString();
const BASE = '/api/v1/benefits/welfare';

describe('welfare campaigns: allocation, pick-up at a station, progress per city (real PostgreSQL + Redis)', () => {
  let t: TestApp;
  let w: WelfareWorld;
  let worker: INestApplicationContext;
  const member: Record<string, string> = {};

  const allocate = (campaignId?: string): Promise<AllocationResult[]> =>
    worker
      .get(WelfareAllocateJob)
      .process({ data: campaignId ? { campaignId } : {} } as Job<WelfareAllocateJobData>);

  const allocated = async (campaignId: string): Promise<string[]> => {
    const rows: { id: string }[] = await t.db.query(
      `SELECT member_id::text AS id FROM welfare_allocations WHERE campaign_id = $1 ORDER BY member_id`,
      [campaignId],
    );
    return rows.map((r) => r.id);
  };

  const draft = (over: Partial<CreateWelfareCampaignRequest> = {}): CreateWelfareCampaignRequest => ({
    orgId: w.tree.taiyuan.id,
    title: `夏季智送清凉${w.tag}`,
    goods: '藿香正气水 2 盒、绿豆汤 1 箱、防晒冰袖 1 副',
    quantityPerMember: 2,
    occupations: ['delivery_rider', 'courier', 'sanitation'],
    verifiedOnly: true,
    stationIds: [w.station.s1, w.station.s2],
    startsAt: at(-1),
    endsAt: at(30),
    ...over,
  });

  const createPublished = async (
    token: string,
    over: Partial<CreateWelfareCampaignRequest>,
  ): Promise<string> => {
    const created = await t.call<WelfareCampaignResponse>('POST', `${BASE}/campaigns`, token, draft(over));
    expect(created.status).toBe(201);
    const published = await t.call('POST', `${BASE}/campaigns/${created.body.id}/publish`, token);
    expect(published.status).toBe(200);
    await allocate(created.body.id);
    return created.body.id;
  };

  const code = (user: string, allocationId: string): Promise<{ status: number; body: unknown }> =>
    t.call<WelfarePickupCodeResponse>('GET', `${BASE}/mine/${allocationId}/code`, w.token[user]);

  const pickUp = (user: string, codeText: string, stationId: string) =>
    t.call<WelfarePickupResponse & ApiErrorBody>('POST', `${BASE}/pickups`, w.token[user], {
      code: codeText,
      stationId,
    });

  const mine = async (user: string): Promise<MyWelfareResponse> =>
    (await t.call<MyWelfareResponse>('GET', `${BASE}/mine`, w.token[user])).body;

  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWelfareWorld(t, uniqueTag());
    worker = await startWelfareWorker(t);
    const { unionXiaodian: xd, unionYingze: yz, unionPingcheng: pc } = w.tree;
    member.rider = await addMember(t, w, { orgId: xd.id, occupation: 'delivery_rider', user: 'rider' });
    member.xdCourier = await addMember(t, w, { orgId: xd.id, occupation: 'courier' });
    member.xdSanitation = await addMember(t, w, { orgId: xd.id, occupation: 'sanitation' });
    member.xdUnverified = await addMember(t, w, {
      orgId: xd.id,
      occupation: 'delivery_rider',
      verified: false,
    });
    member.xdDriver = await addMember(t, w, { orgId: xd.id, occupation: 'ride_hailing_driver' });
    member.xdLeft = await addMember(t, w, { orgId: xd.id, occupation: 'delivery_rider', left: true });
    member.courier = await addMember(t, w, { orgId: yz.id, occupation: 'courier', user: 'courier' });
    member.yzRider = await addMember(t, w, { orgId: yz.id, occupation: 'delivery_rider' });
    member.dtRider = await addMember(t, w, { orgId: pc.id, occupation: 'delivery_rider' });
  });

  afterAll(async () => {
    await worker?.close();
    await t?.close();
  });

  it('refuses bad input with 400 and a field list', async () => {
    const bad: Partial<Record<keyof CreateWelfareCampaignRequest, unknown>>[] = [
      { occupations: [] },
      { occupations: ['astronaut'] },
      { quantityPerMember: 0 },
      { quantityPerMember: 1.5 },
      { stationIds: [] },
      { stationIds: ['abc'] },
      { title: 'x' },
      { startsAt: 'tomorrow' },
      { endsAt: at(-2) },
      { orgId: undefined },
    ];
    for (const over of bad) {
      const res = await t.call<ApiErrorBody>('POST', `${BASE}/campaigns`, w.token.taiyuan, {
        ...draft(),
        ...over,
      });
      expect([res.status, res.body.code, over]).toEqual([400, ErrorCode.ValidationFailed, over]);
    }
    const res = await t.call<ApiErrorBody>('POST', `${BASE}/pickups`, w.token.master, { code: 'x' });
    expect([res.status, res.body.code]).toEqual([400, ErrorCode.ValidationFailed]);
    expect((await t.call('GET', `${BASE}/campaigns/x1`, w.token.taiyuan)).status).toBe(400);
    expect((await t.call('GET', `${BASE}/campaigns/999999999999`, w.token.taiyuan)).status).toBe(404);
  });

  it('refuses staff outside the scope, members, and stations outside the scope or the region', async () => {
    const post = (token: string, over: Partial<CreateWelfareCampaignRequest> = {}) =>
      t.call<ApiErrorBody>('POST', `${BASE}/campaigns`, token, draft(over));
    expect((await post(w.token.pingcheng)).status).toBe(403);
    expect((await post(w.token.xiaodian)).status).toBe(403); // the city is above a county's scope
    expect((await post(w.token.rider)).status).toBe(403);
    expect((await post(w.token.taiyuan, { stationIds: [w.station.sd] })).body.code).toBe(
      ErrorCode.OutOfScope,
    );
    const outside = await post(w.token.province, { stationIds: [w.station.sd] });
    expect([outside.status, outside.body.code]).toEqual([400, ErrorCode.ValidationFailed]);
    const region = await post(w.token.province, { regionOrgIds: [w.tree.pingcheng.id] });
    expect([region.status, region.body.code]).toEqual([400, ErrorCode.ValidationFailed]);
  });

  describe('a city campaign for riders, couriers and sanitation workers (verified only)', () => {
    let id: string;
    let shareOf: Record<string, string>;

    it('is drafted and edited, published idempotently, then locked', async () => {
      const created = await t.call<WelfareCampaignResponse>(
        'POST',
        `${BASE}/campaigns`,
        w.token.taiyuan,
        draft(),
      );
      expect(created.status).toBe(201);
      id = created.body.id;
      expect(created.body).toMatchObject({ status: 'draft', open: false, allotted: 0, unit: '份' });
      const edited = await t.call<WelfareCampaignResponse>(
        'PATCH',
        `${BASE}/campaigns/${id}`,
        w.token.taiyuan,
        {
          description: '高温天气，工会送清凉',
        },
      );
      expect(edited.body.description).toBe('高温天气，工会送清凉');
      const badPatch = await t.call('PATCH', `${BASE}/campaigns/${id}`, w.token.taiyuan, {
        quantityPerMember: -1,
      });
      expect(badPatch.status).toBe(400);
      expect((await t.call('GET', `${BASE}/campaigns/${id}`, w.token.pingcheng)).status).toBe(403);
      expect((await t.call('GET', `${BASE}/campaigns/${id}`, w.token.xiaodian)).status).toBe(200);
      expect((await t.call('POST', `${BASE}/campaigns/${id}/publish`, w.token.xiaodian)).status).toBe(403);

      const first = await t.call<WelfareCampaignResponse>(
        'POST',
        `${BASE}/campaigns/${id}/publish`,
        w.token.taiyuan,
      );
      const again = await t.call<WelfareCampaignResponse>(
        'POST',
        `${BASE}/campaigns/${id}/publish`,
        w.token.taiyuan,
      );
      expect([first.status, again.status, again.body.status, again.body.open]).toEqual([
        200,
        200,
        'published',
        true,
      ]);
      expect(again.body.publishedAt).toBe(first.body.publishedAt);
      const locked = await t.call<ApiErrorBody>('PATCH', `${BASE}/campaigns/${id}`, w.token.taiyuan, {
        title: '改名',
      });
      expect([locked.status, locked.body.code]).toEqual([409, ErrorCode.CampaignLocked]);
      const list = await t.call<WelfareCampaignListResponse>('GET', `${BASE}/campaigns`, w.token.pingcheng);
      expect(list.body.items.map((c) => c.id)).not.toContain(id);
    });

    it('allots exactly the eligible members; a re-run adds nothing; a later joiner comes in daily', async () => {
      await allocate(id);
      const eligible = [member.rider, member.xdCourier, member.xdSanitation, member.courier, member.yzRider];
      expect(await allocated(id)).toEqual([...eligible].sort((a, b) => Number(a) - Number(b)));
      expect((await allocate(id))[0]).toMatchObject({ allotted: 0, ran: true });
      expect(await allocated(id)).toHaveLength(5);

      member.late = await addMember(t, w, { orgId: w.tree.unionYingze.id, occupation: 'sanitation' });
      const daily = await allocate();
      expect(daily.find((r) => r.campaignId === id)).toMatchObject({ allotted: 1 });
      expect(await allocated(id)).toContain(member.late);
      const campaign = await t.call<WelfareCampaignResponse>(
        'GET',
        `${BASE}/campaigns/${id}`,
        w.token.taiyuan,
      );
      expect([campaign.body.allotted, campaign.body.pickedUp]).toEqual([6, 0]);
      expect(campaign.body.allocatedAt).not.toBeNull();

      const rows: { member_id: string; id: string; quantity: number; org_id: string }[] = await t.db.query(
        `SELECT member_id::text, id::text, quantity, org_id::text FROM welfare_allocations WHERE campaign_id = $1`,
        [id],
      );
      shareOf = Object.fromEntries(rows.map((r) => [r.member_id, r.id]));
      expect(rows.every((r) => r.quantity === 2)).toBe(true);
    });

    it('shows the member the campaign, goods, stations and a short-lived QR', async () => {
      const items = (await mine('rider')).items.filter((i) => i.campaign.id === id);
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({ status: 'allotted', open: true, quantity: 2, pickedUpAt: null });
      expect(items[0].stations.map((s) => s.id).sort()).toEqual([w.station.s1, w.station.s2].sort());
      expect(items[0].stations[0].address).toContain('小店区');
      const qr = await code('rider', items[0].allocationId);
      expect(qr.status).toBe(200);
      const body = qr.body as WelfarePickupCodeResponse;
      expect(body.qrDataUrl).toMatch(/^data:image\/png;base64,/);
      expect(Date.parse(body.qrExpiresAt) - Date.now()).toBeLessThanOrEqual(120_000);
      // Someone else's share, and a non-member.
      expect((await code('courier', items[0].allocationId)).status).toBe(404);
      expect((await t.call('GET', `${BASE}/mine`, w.token.nobody)).status).toBe(403);
    });

    it('refuses forged, foreign-purpose and expired codes', async () => {
      const share = shareOf[member.rider];
      const valid = ((await code('rider', share)).body as WelfarePickupCodeResponse).qrToken;
      const [payload, mac] = valid.split('.');
      const other = Buffer.from(JSON.stringify({ a: shareOf[member.courier], iat: 1 })).toString('base64url');
      const tokens = t.app.get(SignedTokens);
      const cases: [string, ErrorCode][] = [
        [`${other}.${mac}`, ErrorCode.WelfareCodeInvalid],
        // One signature character changed to another (never to itself), so the code is always forged.
        [
          `${payload}.${mac.slice(0, 4)}${mac[4] === 'A' ? 'B' : 'A'}${mac.slice(5)}`,
          ErrorCode.WelfareCodeInvalid,
        ],
        ['not-a-code', ErrorCode.WelfareCodeInvalid],
        [tokens.sign('member-card', { a: share }, 120), ErrorCode.WelfareCodeInvalid],
        [
          tokens.sign('welfare-pickup', { a: share }, 120, Date.now() - 600_000),
          ErrorCode.WelfareCodeExpired,
        ],
      ];
      for (const [forged, expected] of cases) {
        const res = await pickUp('master', forged, w.station.s1);
        expect([res.status, res.body.code]).toEqual([422, expected]);
      }
    });

    it('refuses a station that is not a pick-up point, and callers without the station', async () => {
      const qr = ((await code('courier', shareOf[member.courier])).body as WelfarePickupCodeResponse).qrToken;
      const wrong = await pickUp('yzMaster', qr, w.station.s3); // masters s3, not a point of this campaign
      expect([wrong.status, wrong.body.code]).toEqual([422, ErrorCode.WelfareWrongStation]);
      expect((await pickUp('yzMaster', qr, w.station.s1)).status).toBe(403); // neither master nor in scope
      expect((await pickUp('pingcheng', qr, w.station.s1)).status).toBe(403);
      expect((await pickUp('rider', qr, w.station.s1)).status).toBe(403); // members hold no welfare:pickup
      expect((await pickUp('master', qr, '999999999999')).status).toBe(404);
      const [{ n }]: { n: number }[] = await t.db.query(
        `SELECT count(*)::int AS n FROM audit_events WHERE action = 'welfare.pickup_refused' AND target_id = $1`,
        [shareOf[member.courier]],
      );
      expect(n).toBe(1);
    });

    it('writes a share off once when two desks scan it at the same moment', async () => {
      const share = shareOf[member.rider];
      const qr = ((await code('rider', share)).body as WelfarePickupCodeResponse).qrToken;
      const results = await Promise.all([
        pickUp('master', qr, w.station.s1),
        pickUp('taiyuan', qr, w.station.s2),
        pickUp('master', qr, w.station.s1),
      ]);
      const ok = results.filter((r) => r.status === 200);
      expect(ok).toHaveLength(1);
      expect(results.filter((r) => r.status === 409).map((r) => r.body.code)).toEqual([
        ErrorCode.WelfareAlreadyPickedUp,
        ErrorCode.WelfareAlreadyPickedUp,
      ]);
      expect(ok[0].body).toMatchObject({ allocationId: share, quantity: 2 });
      expect(ok[0].body.memberName).toContain('*');
      const again = await pickUp('master', qr, w.station.s1);
      expect((again.body.details as WelfareAlreadyPickedUpDetails).station?.id).toBe(ok[0].body.station.id);
      const item = (await mine('rider')).items.find((i) => i.allocationId === share);
      expect(item).toMatchObject({ status: 'picked_up', open: false, pickedUpStation: ok[0].body.station });
      expect((await code('rider', share)).status).toBe(409);
      const [{ n }]: { n: number }[] = await t.db.query(
        `SELECT count(*)::int AS n FROM audit_events WHERE action = 'welfare.picked_up' AND target_id = $1`,
        [share],
      );
      expect(n).toBe(1);
      // The station master's desk lists their station with this campaign.
      const desk = await t.call<WelfarePickupStationsResponse>(
        'GET',
        `${BASE}/pickup-stations`,
        w.token.master,
      );
      expect(desk.body.items.find((s) => s.id === w.station.s1)?.campaigns.map((c) => c.id)).toContain(id);
    });

    it('reports progress per county, per station and in total, limited to the caller’s scope', async () => {
      const qr = ((await code('courier', shareOf[member.courier])).body as WelfarePickupCodeResponse).qrToken;
      expect((await pickUp('taiyuan', qr, w.station.s2)).status).toBe(200);

      const city = await t.call<WelfareProgressResponse>(
        'GET',
        `${BASE}/campaigns/${id}/progress`,
        w.token.taiyuan,
      );
      expect(city.body.totals).toEqual({
        allotted: 6,
        pickedUp: 2,
        allottedQuantity: 12,
        pickedUpQuantity: 4,
      });
      expect(city.body.groups.map((g) => [g.org.id, g.allotted, g.pickedUp])).toEqual([
        [w.tree.xiaodian.id, 3, 1],
        [w.tree.yingze.id, 3, 1],
      ]);
      expect(city.body.stations.map((s) => [s.station.id, s.pickedUp, s.pickedUpQuantity])).toEqual([
        [w.station.s1, 1, 2],
        [w.station.s2, 1, 2],
      ]);
      // A county's staff see their county only; another city's staff nothing at all.
      const county = await t.call<WelfareProgressResponse>(
        'GET',
        `${BASE}/campaigns/${id}/progress`,
        w.token.xiaodian,
      );
      expect(county.body.groups.map((g) => g.org.id)).toEqual([w.tree.xiaodian.id]);
      expect(county.body.totals.allotted).toBe(3);
      expect((await t.call('GET', `${BASE}/campaigns/${id}/progress`, w.token.pingcheng)).status).toBe(403);
    });

    it('stops pick-ups once closed', async () => {
      const qr = ((await code('rider', shareOf[member.rider])).body as ApiErrorBody).code;
      expect(qr).toBe(ErrorCode.WelfareAlreadyPickedUp);
      const [share] = (await mine('courier')).items.filter((i) => i.campaign.id === id);
      expect(share.status).toBe('picked_up');
      const yz = shareOf[member.yzRider];
      const token = t.app.get(SignedTokens).sign('welfare-pickup', { a: yz }, 120);
      const closed = await t.call<WelfareCampaignResponse>(
        'POST',
        `${BASE}/campaigns/${id}/close`,
        w.token.taiyuan,
      );
      expect([closed.body.status, closed.body.open]).toEqual(['closed', false]);
      const refused = await pickUp('master', token, w.station.s1);
      expect([refused.status, refused.body.code]).toEqual([409, ErrorCode.CampaignNotOpen]);
      const republish = await t.call<ApiErrorBody>(
        'POST',
        `${BASE}/campaigns/${id}/publish`,
        w.token.taiyuan,
      );
      expect([republish.status, republish.body.code]).toEqual([409, ErrorCode.CampaignLocked]);
      expect((await allocate(id))[0].ran).toBe(false);
    });
  });

  it('groups a province campaign per city, and narrows a campaign to its regions', async () => {
    const province = await createPublished(w.token.province, {
      orgId: w.tree.province.id,
      occupations: ['delivery_rider'],
      verifiedOnly: false,
      stationIds: [w.station.s1, w.station.sd],
    });
    const all = await t.call<WelfareProgressResponse>(
      'GET',
      `${BASE}/campaigns/${province}/progress`,
      w.token.province,
    );
    // Riders: 小店 verified and unverified, 迎泽 one (太原 3), 平城 one (大同 1); the one who left is not.
    expect(all.body.groups.map((g) => [g.org.id, g.allotted])).toEqual([
      [w.tree.taiyuan.id, 3],
      [w.tree.datong.id, 1],
    ]);
    const cityView = await t.call<WelfareProgressResponse>(
      'GET',
      `${BASE}/campaigns/${province}/progress`,
      w.token.taiyuan,
    );
    expect(cityView.body.groups.map((g) => g.org.id)).toEqual([w.tree.taiyuan.id]);

    const narrow = await createPublished(w.token.taiyuan, {
      title: `迎泽专场${w.tag}`,
      regionOrgIds: [w.tree.yingze.id],
    });
    expect(await allocated(narrow)).toEqual([member.courier, member.yzRider, member.late]);
  });

  it('issues no code before the window opens', async () => {
    const later = await createPublished(w.token.taiyuan, { title: `秋季送温暖${w.tag}`, startsAt: at(5) });
    const item = (await mine('rider')).items.find((i) => i.campaign.id === later);
    expect(item).toMatchObject({ status: 'allotted', open: false });
    const res = await t.call<ApiErrorBody>('GET', `${BASE}/mine/${item?.allocationId}/code`, w.token.rider);
    expect([res.status, res.body.code]).toEqual([409, ErrorCode.CampaignNotOpen]);
  });
  it('hands out by the typed counter code beside the QR, within the desk’s scope, once', async () => {
    const campaign = await createPublished(w.token.taiyuan, { title: `冬季送温暖${w.tag}` });
    const share = (await mine('rider')).items.find((i) => i.campaign.id === campaign);
    const qr = (await code('rider', share?.allocationId ?? '')).body as WelfarePickupCodeResponse;
    expect(qr.shortCode).toMatch(/^\d{8}$/);
    // The code lapses at the very instant its QR token does.
    await expect(t.app.get<Redis>(REDIS).pexpiretime(`cc:${qr.shortCode}`)).resolves.toBe(
      Date.parse(qr.qrExpiresAt),
    );
    const typed = `${qr.shortCode.slice(0, 4)} ${qr.shortCode.slice(4)}`;

    // Scope holds for typed codes as for scanned ones: neither master nor in scope, another city, a member.
    expect((await pickUp('yzMaster', typed, w.station.s1)).status).toBe(403);
    expect((await pickUp('pingcheng', typed, w.station.s1)).status).toBe(403);
    expect((await pickUp('rider', typed, w.station.s1)).status).toBe(403);

    const ok = await pickUp('master', typed, w.station.s1);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ allocationId: share?.allocationId, station: { id: w.station.s1 } });
    for (const [who, text, station] of [
      ['master', qr.shortCode, w.station.s1],
      ['taiyuan', typed, w.station.s2],
      ['taiyuan', qr.qrToken, w.station.s2],
    ] as const) {
      const again = await pickUp(who, text, station);
      expect([again.status, again.body.code]).toEqual([409, ErrorCode.WelfareAlreadyPickedUp]);
      expect(again.body.details).toEqual({ pickedUpAt: ok.body.pickedUpAt, station: ok.body.station });
    }

    // Digits no live pick-up code holds, and a coupon's counter code at the station's desk.
    const coupon = await t.app.get(CounterCodes).issue('coupon', 'x.y', Date.now() + 60_000, w.userId.rider);
    for (const text of [qr.shortCode === '00000000' ? '00000001' : '00000000', coupon]) {
      const res = await pickUp('master', text, w.station.s1);
      expect([res.status, res.body.code]).toEqual([422, ErrorCode.WelfareCodeInvalid]);
    }
  });
});

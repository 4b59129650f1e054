import type { INestApplicationContext } from '@nestjs/common';
import {
  addDays,
  businessDay,
  businessInstant,
  dayRange,
  DEMO_USER_KEYS,
  Permission,
} from '@smartunion/contracts';

import { WelfareAllocationService } from '../../modules/benefits/welfare/allocation.service';
import { WelfareCampaignsService } from '../../modules/benefits/welfare/campaigns.service';
import { WelfarePickupsService } from '../../modules/benefits/welfare/pickups.service';
import { UsersService } from '../../modules/identity/users.service';
import { OrgsService } from '../../modules/orgs/orgs.service';
import { StationsService } from '../../modules/stations/stations.service';
import { OrgScope } from '../../platform/scope/org-scope';
import { ScopeService } from '../../platform/scope/scope.service';
import { DEMO_USERS } from './shanxi.data';

export interface WelfareSeedSummary {
  campaignCreated: boolean;
  /** Shares allotted by this run (0 on a re-run). */
  allotted: number;
  pickedUp: number;
}

const TITLE = '2026年夏季“智送清凉”';

/** The 小店区 stations handing out the goods; the first is the demo station master's. */
const PICKUP_STATIONS = [
  '亲贤街户外劳动者服务站',
  '坞城路工会驿站',
  '长风街骑手驿站',
  '真武路快递小哥驿站',
  '许坦东街环卫驿站',
];

/**
 * The window opens on 1 June 2026 and runs to the end of September, or for 120 days from the seed day if
 * that is later, so the demo pick-up works whenever the demo runs (a seeded campaign is never changed again).
 */
function window(now = Date.now()): { startsAt: string; endsAt: string } {
  const opens = Date.parse(businessInstant('2026-06-01'));
  const season = Date.parse(businessInstant('2026-09-30', '23:59:59'));
  // 00:00 yesterday and 23:59:59 in 120 days (business days).
  const today = businessDay(now);
  const startsAt = Math.min(opens, dayRange(addDays(today, -1)).from);
  const endsAt = Math.max(season, dayRange(addDays(today, 120)).to - 1000);
  return { startsAt: new Date(startsAt).toISOString(), endsAt: new Date(endsAt).toISOString() };
}

async function demoUserId(app: INestApplicationContext, key: string): Promise<string> {
  const demo = DEMO_USERS.find((u) => u.key === key);
  if (!demo) throw new Error(`welfare seed: no demo user ${key}`);
  return (await app.get(UsersService).upsertDemoUser(demo.key, demo.displayName)).id;
}

/**
 * A published 智送清凉 campaign of 太原市总工会 for delivery riders, couriers and sanitation workers, picked up
 * at five 小店区 stations, allotted by the same allocation code the job runs; the demo cadre's share is already
 * picked up at the demo master's station. Idempotent: the campaign is keyed by (org, title), publishing and
 * allocation add nothing the second time, and the pick-up happens only while the share is still allotted.
 */
export async function seedWelfare(
  app: INestApplicationContext,
  orgIds: Map<string, string>,
): Promise<WelfareSeedSummary> {
  const campaigns = app.get(WelfareCampaignsService);
  const pickups = app.get(WelfarePickupsService);
  const orgs = app.get(OrgsService);

  const taiyuanId = orgIds.get('SX-140100');
  const xiaodianId = orgIds.get('SX-140105');
  const taiyuan = taiyuanId ? await orgs.findRef(taiyuanId) : null;
  if (!taiyuan || !xiaodianId) throw new Error('welfare seed: 太原/小店 orgs missing');
  const root = [{ orgId: taiyuan.id, path: taiyuan.path }];

  const stations = await app
    .get(StationsService)
    .list(OrgScope.system(root, Permission.StationRead), { orgId: xiaodianId, pageSize: 100 });
  const stationIds = PICKUP_STATIONS.map((name) => {
    const station = stations.items.find((s) => s.name === name);
    if (!station) throw new Error(`welfare seed: no station ${name}`);
    return station.id;
  });

  const scope = OrgScope.system(root, Permission.BenefitsManage);
  let id = await campaigns.findIdByOrgTitle(taiyuan.id, TITLE);
  const campaignCreated = !id;
  if (!id) {
    const created = await campaigns.create(scope, {
      orgId: taiyuan.id,
      title: TITLE,
      goods: '藿香正气水 2 盒、绿豆汤 6 罐、防暑降温毛巾 1 条、防晒冰袖 1 副',
      unit: '份',
      description:
        '高温时节，太原市总工会为全市外卖骑手、快递员和环卫工人送上清凉礼包，每人 1 份。' +
        '凭“我的福利”中的领取码到指定驿站领取，请在活动结束前领取。',
      quantityPerMember: 1,
      occupations: ['delivery_rider', 'courier', 'sanitation'],
      verifiedOnly: true,
      stationIds,
      ...window(),
    });
    id = created.id;
  }
  await campaigns.publish(scope, id);
  const { allotted } = await app.get(WelfareAllocationService).allocate(id);

  // The demo cadre has already collected theirs at the demo master's desk.
  const cadre = await demoUserId(app, DEMO_USER_KEYS.cadre);
  const master = await demoUserId(app, DEMO_USER_KEYS.stationMaster);
  const share = (await pickups.mine(cadre)).items.find((i) => i.campaign.id === id);
  let pickedUp = 0;
  if (share?.open) {
    const code = await pickups.code(cadre, share.allocationId);
    const masterScope = await app.get(ScopeService).resolve(master, Permission.WelfarePickup);
    await pickups.pickUp(masterScope, { code: code.qrToken, stationId: stationIds[0] });
    pickedUp = 1;
  }
  return { campaignCreated, allotted, pickedUp };
}

import type { INestApplicationContext } from '@nestjs/common';
import {
  addDays,
  businessDay,
  type CreateMallItemRequest,
  DEFAULT_EARN_RULES,
  DEMO_USER_KEYS,
  EARN_REASONS,
  Permission,
} from '@smartunion/contracts';

import { UsersService } from '../../modules/identity/users.service';
import { MembersService } from '../../modules/membership/members.service';
import { OrgsService } from '../../modules/orgs/orgs.service';
import { EarnRulesService } from '../../modules/points/earn-rules.service';
import { MallItemsService } from '../../modules/points/mall-items.service';
import { MallOrdersService } from '../../modules/points/mall-orders.service';
import { type AwardRequest, PointsService } from '../../modules/points/points.service';
import { OrgScope } from '../../platform/scope/org-scope';
import { DEMO_USERS } from './shanxi.data';

export interface PointsSeedSummary {
  rulesSet: number;
  itemsCreated: number;
  signIns: number;
  awards: number;
  orders: number;
}

type SeedItem = Omit<CreateMallItemRequest, 'orgId'>;

/** Things riders and couriers actually use, offered by the city federation and the 小店区 federation. */
const ITEMS: readonly (readonly [orgCode: string, item: SeedItem])[] = [
  [
    'SX-140100',
    {
      name: '不锈钢保温杯',
      description: '500ml 双层真空，可放电动车杯架，冬天一杯热水能保温 12 小时',
      costPoints: 120,
      stock: 200,
      perMemberLimit: 1,
      pickup: '太原市总工会职工服务中心一楼（工作日 9:00–17:00）',
    },
  ],
  [
    'SX-140100',
    {
      name: '骑行分体雨衣',
      description: '加厚反光条款，上衣裤子分开穿，适合外卖和快递骑手',
      costPoints: 150,
      stock: 150,
      perMemberLimit: 1,
      pickup: '太原市总工会职工服务中心一楼（工作日 9:00–17:00）',
    },
  ],
  [
    'SX-140105',
    {
      name: '20000mAh 充电宝',
      description: '双口快充，给手机和蓝牙耳机续航一整天',
      costPoints: 300,
      stock: 80,
      perMemberLimit: 1,
      pickup: '小店区亲贤街户外劳动者服务站（站长处领取，8:00–20:00）',
    },
  ],
  [
    'SX-140105',
    {
      name: '防晒冰袖',
      description: '夏季骑行防晒，冰丝面料，一副两只',
      costPoints: 30,
      stock: 500,
      perMemberLimit: 2,
      pickup: '小店区亲贤街户外劳动者服务站（站长处领取，8:00–20:00）',
    },
  ],
  [
    'SX-140105',
    {
      name: '头盔清洁除味喷雾',
      description: '250ml，骑手头盔内衬清洁除味',
      costPoints: 20,
      stock: 300,
      perMemberLimit: 3,
      pickup: '小店区亲贤街户外劳动者服务站（站长处领取，8:00–20:00）',
    },
  ],
];

/** Demo members' points: days signed before today (streaks run up to yesterday) and what they earned. */
const HISTORY: readonly { key: string; signedDays: number; awards: Omit<AwardRequest, 'memberId'>[] }[] = [
  {
    key: DEMO_USER_KEYS.member,
    signedDays: 5,
    awards: [
      {
        reason: 'course',
        sourceType: 'course',
        sourceId: 'demo-1',
        idempotencyKey: 'seed:course-1',
        note: '完成课程《新就业形态劳动者权益保障》',
      },
      {
        reason: 'quiz',
        sourceType: 'quiz',
        sourceId: 'demo-1',
        idempotencyKey: 'seed:quiz-1',
        note: '答题挑战：安全骑行知识',
      },
      {
        reason: 'volunteer',
        sourceType: 'volunteer',
        sourceId: 'demo-1',
        idempotencyKey: 'seed:vol-1',
        note: '参加“骑手守护城市”交通志愿服务',
      },
      {
        reason: 'activity',
        sourceType: 'activity',
        sourceId: 'demo-1',
        idempotencyKey: 'seed:act-1',
        note: '参加工会驿站开放日',
      },
      {
        reason: 'reading',
        sourceType: 'article',
        sourceId: 'demo-1',
        idempotencyKey: 'seed:read-1',
        note: '阅读《夏季高温作业防暑指南》',
      },
      {
        reason: 'reading',
        sourceType: 'article',
        sourceId: 'demo-2',
        idempotencyKey: 'seed:read-2',
        note: '阅读《劳动合同签订要点》',
      },
    ],
  },
  {
    key: 'demo-member-3',
    signedDays: 2,
    awards: [
      {
        reason: 'course',
        sourceType: 'course',
        sourceId: 'demo-1',
        idempotencyKey: 'seed:course-1',
        note: '完成课程《新就业形态劳动者权益保障》',
      },
      {
        reason: 'volunteer',
        sourceType: 'volunteer',
        sourceId: 'demo-2',
        idempotencyKey: 'seed:vol-2',
        note: '参加社区助老志愿服务',
      },
      {
        reason: 'volunteer',
        sourceType: 'volunteer',
        sourceId: 'demo-3',
        idempotencyKey: 'seed:vol-3',
        note: '参加防汛志愿服务',
      },
      {
        reason: 'volunteer',
        sourceType: 'volunteer',
        sourceId: 'demo-4',
        idempotencyKey: 'seed:vol-4',
        note: '参加无偿献血志愿服务',
      },
      {
        reason: 'activity',
        sourceType: 'activity',
        sourceId: 'demo-1',
        idempotencyKey: 'seed:act-1',
        note: '参加工会驿站开放日',
      },
    ],
  },
  {
    key: 'demo-member-2',
    signedDays: 3,
    awards: [
      {
        reason: 'quiz',
        sourceType: 'quiz',
        sourceId: 'demo-1',
        idempotencyKey: 'seed:quiz-1',
        note: '答题挑战：安全骑行知识',
      },
    ],
  },
];

/** A stable requestId, so a re-run finds demo-member-3's order instead of redeeming again. */
const DEMO_ORDER_REQUEST = '6f1c2b0e-5d4a-4c3b-9a8e-7d6c5b4a3f21';

/**
 * Points demo data, idempotent: the province's earn rules (the defaults, set explicitly so staff see and edit
 * them), mall items at 太原市总工会 and 小店区总工会, and demo members' sign-in streaks and earnings — all
 * through the ledger itself with stable keys, so a second run adds nothing.
 */
export async function seedPoints(
  app: INestApplicationContext,
  orgIds: Map<string, string>,
): Promise<PointsSeedSummary> {
  const rules = app.get(EarnRulesService);
  const items = app.get(MallItemsService);
  const orders = app.get(MallOrdersService);
  const points = app.get(PointsService);
  const members = app.get(MembersService);
  const users = app.get(UsersService);
  const provinceId = orgIds.get('SX');
  if (!provinceId) throw new Error('points seed: no province org');
  const province = await app.get(OrgsService).findRef(provinceId);
  if (!province) throw new Error('points seed: province org missing');
  const manage = OrgScope.system([{ orgId: province.id, path: province.path }], Permission.PointsManage);

  let rulesSet = 0;
  const current = await rules.list(manage, province.id);
  for (const reason of EARN_REASONS) {
    if (current.rules.find((r) => r.reason === reason)?.own) continue;
    await rules.put(manage, { orgId: province.id, reason, ...DEFAULT_EARN_RULES[reason] });
    rulesSet += 1;
  }

  let itemsCreated = 0;
  const itemIds = new Map<string, string>();
  for (const [orgCode, item] of ITEMS) {
    const orgId = orgIds.get(orgCode);
    if (!orgId) throw new Error(`points seed: no org ${orgCode}`);
    const found = await items.findByName(orgId, item.name);
    const id = found?.id ?? (await items.create(manage, { ...item, orgId })).id;
    if (!found) itemsCreated += 1;
    itemIds.set(item.name, id);
  }

  let signIns = 0;
  let awards = 0;
  const today = businessDay();
  for (const history of HISTORY) {
    const demo = DEMO_USERS.find((u) => u.key === history.key);
    if (!demo) throw new Error(`points seed: no demo user ${history.key}`);
    const user = await users.upsertDemoUser(demo.key, demo.displayName);
    const member = await members.findActiveByUser(user.id);
    if (!member) throw new Error(`points seed: ${history.key} is not a member`);
    // Only a member who never signed in gets the streak: on a later day a re-run must not add days.
    if (!(await points.hasSignIns(member.id))) {
      for (let back = history.signedDays; back >= 1; back -= 1) {
        await points.signInFor(member.id, addDays(today, -back));
        signIns += 1;
      }
    }
    for (const award of history.awards) {
      const result = await points.award({
        ...award,
        memberId: member.id,
        idempotencyKey: `${award.idempotencyKey}:${member.id}`,
      });
      if (result.status !== 'replayed') awards += 1;
    }
  }

  // One order awaiting pickup at the city federation, for the workbench to show.
  const demo3 = DEMO_USERS.find((u) => u.key === 'demo-member-3');
  const cup = itemIds.get('不锈钢保温杯');
  let ordersMade = 0;
  if (demo3 && cup) {
    const user = await users.upsertDemoUser(demo3.key, demo3.displayName);
    const redeemed = await orders.redeem(user.id, cup, 1, DEMO_ORDER_REQUEST);
    if (!redeemed.replayed) ordersMade += 1;
  }
  return { rulesSet, itemsCreated, signIns, awards, orders: ordersMade };
}

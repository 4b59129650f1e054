import type { INestApplicationContext } from '@nestjs/common';
import { DEMO_USER_KEYS, type Occupation } from '@smartunion/contracts';

import { ClaimsService } from '../../modules/benefits/claims.service';
import { CouponTemplatesService } from '../../modules/benefits/coupon-templates.service';
import { MerchantsService } from '../../modules/benefits/merchants.service';
import type { TemplateValue } from '../../modules/benefits/coupon-templates.repository';
import { UsersService } from '../../modules/identity/users.service';
import { DEMO_USERS } from './shanxi.data';

export interface BenefitsSeedSummary {
  merchants: number;
  stores: number;
  templates: number;
  created: number;
  demoMerchantBound: boolean;
  demoCouponClaimed: boolean;
}

/** The org that signs up the demo merchants and owns their coupons: 太原市总工会. */
const TAIYUAN_CODE = 'SX-140100';

/** One demo store: name, address, WGS-84 longitude and latitude (小店区 and 迎泽区). */
type SeedStore = readonly [name: string, address: string, lng: number, lat: number, phone: string];

interface SeedTemplate extends TemplateValue {
  title: string;
  description: string;
  perMemberLimit: number;
  totalStock: number;
  occupations: Occupation[];
  verifiedOnly: boolean;
  claimable: boolean;
  validDaysAfterClaim: number | null;
}

interface SeedMerchant {
  name: string;
  contactName: string;
  contactPhone: string;
  stores: readonly SeedStore[];
  templates: readonly SeedTemplate[];
}

const value = (v: Partial<TemplateValue> & Pick<TemplateValue, 'kind'>): TemplateValue => ({
  amountOffCents: null,
  discountPercent: null,
  itemName: null,
  minSpendCents: 0,
  ...v,
});

const OPEN: Pick<SeedTemplate, 'occupations' | 'verifiedOnly' | 'claimable' | 'validDaysAfterClaim'> = {
  occupations: [],
  verifiedOnly: false,
  claimable: true,
  validDaysAfterClaim: null,
};

/** Invented partner businesses; the first one is the demo merchant 周福来's. */
const MERCHANTS: readonly SeedMerchant[] = [
  {
    name: '晋味坊刀削面馆',
    contactName: '周福来',
    contactPhone: '0351-7012345',
    stores: [
      ['晋味坊刀削面（亲贤街店）', '太原市小店区亲贤北街 66 号', 112.5642, 37.8205, '0351-7012345'],
      ['晋味坊刀削面（柳巷店）', '太原市迎泽区柳巷南路 20 号', 112.5673, 37.8648, '0351-4023456'],
    ],
    templates: [
      {
        ...OPEN,
        ...value({ kind: 'amount_off', amountOffCents: 500 }),
        title: '会员专享 刀削面立减5元',
        description: '堂食外带均可，每单限用一张',
        perMemberLimit: 1,
        totalStock: 5000,
      },
      {
        ...OPEN,
        ...value({ kind: 'amount_off', amountOffCents: 800, minSpendCents: 3000 }),
        title: '工会午餐券 满30减8',
        description: '工作日午市可用，领取后 30 天内有效',
        perMemberLimit: 2,
        totalStock: 2000,
        validDaysAfterClaim: 30,
      },
    ],
  },
  {
    name: '惠民生活超市',
    contactName: '赵春梅',
    contactPhone: '13803511234',
    stores: [
      ['惠民生活超市（坞城路店）', '太原市小店区坞城路 150 号', 112.5725, 37.7938, '0351-7123456'],
      ['惠民生活超市（双塔西街店）', '太原市迎泽区双塔西街 60 号', 112.5752, 37.8462, '0351-4123456'],
    ],
    templates: [
      {
        ...OPEN,
        ...value({ kind: 'discount', discountPercent: 90, minSpendCents: 5000 }),
        title: '实名会员 日用品满50享9折',
        description: '限实名认证会员领取，烟酒及特价商品除外',
        perMemberLimit: 1,
        totalStock: 3000,
        verifiedOnly: true,
      },
    ],
  },
  {
    name: '快修侠手机维修充电',
    contactName: '孙立新',
    contactPhone: '13934567890',
    stores: [['快修侠（长风街店）', '太原市小店区长风街 110 号', 112.5519, 37.8112, '13934567890']],
    templates: [
      {
        ...OPEN,
        ...value({ kind: 'free_item', itemName: '电动车电池快充一次' }),
        title: '骑手专享 免费快充一次',
        description: '外卖骑手凭券到店免费快充，含手机贴膜检测',
        perMemberLimit: 1,
        totalStock: 1000,
        occupations: ['delivery_rider'],
      },
    ],
  },
  {
    name: '洁途汽车洗护',
    contactName: '钱国栋',
    contactPhone: '0351-5678901',
    stores: [
      ['洁途汽车洗护（许坦东街店）', '太原市小店区许坦东街 30 号', 112.5899, 37.7848, '0351-5678901'],
      ['洁途汽车洗护（郝庄店）', '太原市迎泽区郝庄正街 12 号', 112.6003, 37.8488, '0351-5678902'],
    ],
    templates: [
      {
        ...OPEN,
        ...value({ kind: 'amount_off', amountOffCents: 1500 }),
        title: '司机专享 洗车立减15元',
        description: '网约车、货车司机专享，普洗精洗均可用',
        perMemberLimit: 1,
        totalStock: 800,
        occupations: ['ride_hailing_driver', 'truck_driver'],
      },
      {
        ...OPEN,
        ...value({ kind: 'discount', discountPercent: 50 }),
        title: '限时秒杀 精洗套餐5折',
        description: '仅通过限时秒杀发放',
        perMemberLimit: 1,
        totalStock: 500,
        claimable: false,
      },
    ],
  },
];

/** The demo member's claimed coupon; a fixed idempotency key makes a second run answer the same coupon. */
const DEMO_CLAIM_REQUEST_ID = '5eed0c1a-0000-4000-8000-000000000001';
const DAY_MS = 86_400_000;

/**
 * Benefits demo data, idempotent: partner merchants of 太原市总工会 with stores in 小店区 and 迎泽区, the demo
 * merchant bound to the first, their coupon templates (open to all, riders only, drivers only, verified only,
 * flash only), and one claimed coupon for the demo member.
 */
export async function seedBenefits(
  app: INestApplicationContext,
  orgIds: Map<string, string>,
): Promise<BenefitsSeedSummary> {
  const merchants = app.get(MerchantsService);
  const templates = app.get(CouponTemplatesService);
  const claims = app.get(ClaimsService);
  const users = app.get(UsersService);
  const orgId = orgIds.get(TAIYUAN_CODE);
  if (!orgId) throw new Error(`no org ${TAIYUAN_CODE}`);

  const summary: BenefitsSeedSummary = {
    merchants: 0,
    stores: 0,
    templates: 0,
    created: 0,
    demoMerchantBound: false,
    demoCouponClaimed: false,
  };
  const now = Date.now();
  let firstTemplateId: string | null = null;
  for (const [i, m] of MERCHANTS.entries()) {
    const merchant = await merchants.ensureMerchant({
      orgId,
      name: m.name,
      creditCode: null,
      contactName: m.contactName,
      contactPhone: m.contactPhone,
      status: 'active',
    });
    summary.merchants += 1;
    summary.created += merchant.created ? 1 : 0;
    for (const [name, address, lng, lat, phone] of m.stores) {
      const store = await merchants.ensureStore(merchant.id, {
        name,
        address,
        location: { lat, lng },
        phone,
        status: 'active',
      });
      summary.stores += 1;
      summary.created += store.created ? 1 : 0;
    }
    if (i === 0) {
      const demo = DEMO_USERS.find((u) => u.key === DEMO_USER_KEYS.merchant);
      if (!demo) throw new Error('no demo merchant user');
      const user = await users.upsertDemoUser(demo.key, demo.displayName);
      summary.demoMerchantBound = await merchants.ensureUser(merchant.id, orgId, user.id);
    }
    for (const t of m.templates) {
      const template = await templates.ensureTemplate({
        ...t,
        merchantId: merchant.id,
        orgId,
        validFrom: new Date(now - DAY_MS),
        validTo: new Date(now + 180 * DAY_MS),
        status: 'active',
      });
      firstTemplateId ??= template.id;
      summary.templates += 1;
      summary.created += template.created ? 1 : 0;
    }
  }

  const demoMember = DEMO_USERS.find((u) => u.key === DEMO_USER_KEYS.member);
  if (demoMember && firstTemplateId) {
    const member = await users.upsertDemoUser(demoMember.key, demoMember.displayName);
    const { created } = await claims.claim(member.id, firstTemplateId, DEMO_CLAIM_REQUEST_ID);
    summary.demoCouponClaimed = created;
  }
  return summary;
}

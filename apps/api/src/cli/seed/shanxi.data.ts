import { DEMO_USER_KEYS, type OrgType, type Role } from '@smartunion/contracts';

/**
 * Demo data of the seed: the union tree of Shanxi province and its demo users. Pure data and pure functions —
 * no I/O, no randomness: every run yields the same tree, codes and names.
 */

/** One org of the demo tree; parents always come before their children. */
export interface SeedOrg {
  code: string;
  name: string;
  type: OrgType;
  areaCode: string;
  parentCode: string | null;
}

export interface SeedDemoUser {
  key: string;
  displayName: string;
  /** As the name reads; a demo member's synthetic ID number carries it. */
  gender: 'male' | 'female';
  roles: { role: Role; orgCode: string }[];
}

/** What kind of workers a grassroots union organises; decides which federation it sits under. */
type Category =
  | 'delivery'
  | 'courier'
  | 'driver'
  | 'sanitation'
  | 'domestic'
  | 'service'
  | 'hospital'
  | 'school'
  | 'mining'
  | 'industry';

/** An industry federation (行业工会联合会) gathers the county's unions of these categories. */
type IndustryKind = 'express' | 'delivery' | 'transport' | 'domestic' | 'mining';

const INDUSTRY: Readonly<Record<IndustryKind, { name: string; gathers: Category }>> = {
  express: { name: '快递行业工会联合会', gathers: 'courier' },
  delivery: { name: '外卖配送行业工会联合会', gathers: 'delivery' },
  transport: { name: '道路货运行业工会联合会', gathers: 'driver' },
  domestic: { name: '家政服务行业工会联合会', gathers: 'domestic' },
  mining: { name: '煤炭焦化行业工会联合会', gathers: 'mining' },
};

/** Categories a street federation (街道总工会) takes in when no industry federation of the county does. */
const STREET_GATHERS: ReadonlySet<Category> = new Set<Category>([
  'delivery',
  'sanitation',
  'domestic',
  'service',
]);

/** Urban districts lean on platform work, mining counties on coal and coke, the others are in between. */
type Profile = 'urban' | 'town' | 'mining';

interface County {
  code: string;
  name: string;
  profile: Profile;
  /** How many grassroots unions the county gets. */
  unions: number;
  /** A real street of the district; it gets a 街道总工会. */
  street?: string;
  industry?: IndustryKind;
}

interface City {
  code: string;
  name: string;
  counties: County[];
}

/** Shanxi's 11 prefecture-level cities and some of their counties/districts, with current GB/T 2260 codes. */
const CITIES: readonly City[] = [
  {
    code: '140100',
    name: '太原市',
    counties: [
      {
        code: '140105',
        name: '小店区',
        profile: 'urban',
        unions: 10,
        street: '坞城街道',
        industry: 'express',
      },
      {
        code: '140106',
        name: '迎泽区',
        profile: 'urban',
        unions: 7,
        street: '柳巷街道',
        industry: 'express',
      },
      { code: '140107', name: '杏花岭区', profile: 'urban', unions: 6, street: '巨轮街道' },
      {
        code: '140109',
        name: '万柏林区',
        profile: 'urban',
        unions: 6,
        street: '千峰街道',
        industry: 'transport',
      },
      { code: '140181', name: '古交市', profile: 'mining', unions: 5, industry: 'mining' },
    ],
  },
  {
    code: '140200',
    name: '大同市',
    counties: [
      { code: '140213', name: '平城区', profile: 'urban', unions: 8, industry: 'express' },
      { code: '140214', name: '云冈区', profile: 'mining', unions: 5 },
      { code: '140215', name: '云州区', profile: 'town', unions: 4 },
      { code: '140225', name: '浑源县', profile: 'town', unions: 4 },
    ],
  },
  {
    code: '140300',
    name: '阳泉市',
    counties: [
      { code: '140302', name: '城区', profile: 'urban', unions: 6, industry: 'express' },
      { code: '140303', name: '矿区', profile: 'mining', unions: 4 },
      { code: '140311', name: '郊区', profile: 'town', unions: 4 },
      { code: '140321', name: '平定县', profile: 'town', unions: 4 },
    ],
  },
  {
    code: '140400',
    name: '长治市',
    counties: [
      { code: '140403', name: '潞州区', profile: 'urban', unions: 7, industry: 'delivery' },
      { code: '140404', name: '上党区', profile: 'town', unions: 4 },
      { code: '140405', name: '屯留区', profile: 'town', unions: 3 },
      { code: '140406', name: '潞城区', profile: 'town', unions: 4 },
      { code: '140423', name: '襄垣县', profile: 'mining', unions: 4 },
    ],
  },
  {
    code: '140500',
    name: '晋城市',
    counties: [
      { code: '140502', name: '城区', profile: 'urban', unions: 6, industry: 'domestic' },
      { code: '140522', name: '阳城县', profile: 'town', unions: 4 },
      { code: '140525', name: '泽州县', profile: 'mining', unions: 4 },
      { code: '140581', name: '高平市', profile: 'mining', unions: 4 },
    ],
  },
  {
    code: '140600',
    name: '朔州市',
    counties: [
      { code: '140602', name: '朔城区', profile: 'urban', unions: 6, industry: 'transport' },
      { code: '140603', name: '平鲁区', profile: 'mining', unions: 4 },
      { code: '140681', name: '怀仁市', profile: 'town', unions: 5 },
    ],
  },
  {
    code: '140700',
    name: '晋中市',
    counties: [
      {
        code: '140702',
        name: '榆次区',
        profile: 'urban',
        unions: 7,
        street: '锦纶街道',
        industry: 'express',
      },
      { code: '140703', name: '太谷区', profile: 'town', unions: 4 },
      { code: '140728', name: '平遥县', profile: 'town', unions: 4 },
      { code: '140781', name: '介休市', profile: 'mining', unions: 4 },
    ],
  },
  {
    code: '140800',
    name: '运城市',
    counties: [
      {
        code: '140802',
        name: '盐湖区',
        profile: 'urban',
        unions: 7,
        street: '中城街道',
        industry: 'delivery',
      },
      { code: '140821', name: '临猗县', profile: 'town', unions: 3 },
      { code: '140881', name: '永济市', profile: 'town', unions: 4 },
      { code: '140882', name: '河津市', profile: 'mining', unions: 4 },
    ],
  },
  {
    code: '140900',
    name: '忻州市',
    counties: [
      { code: '140902', name: '忻府区', profile: 'urban', unions: 6, industry: 'express' },
      { code: '140922', name: '五台县', profile: 'town', unions: 3 },
      { code: '140981', name: '原平市', profile: 'town', unions: 4 },
    ],
  },
  {
    code: '141000',
    name: '临汾市',
    counties: [
      { code: '141002', name: '尧都区', profile: 'urban', unions: 7, industry: 'express' },
      { code: '141024', name: '洪洞县', profile: 'town', unions: 4 },
      { code: '141081', name: '侯马市', profile: 'town', unions: 4 },
      { code: '141082', name: '霍州市', profile: 'mining', unions: 4, industry: 'mining' },
    ],
  },
  {
    code: '141100',
    name: '吕梁市',
    counties: [
      { code: '141102', name: '离石区', profile: 'urban', unions: 6, industry: 'transport' },
      { code: '141125', name: '柳林县', profile: 'mining', unions: 4 },
      { code: '141181', name: '孝义市', profile: 'mining', unions: 5, industry: 'mining' },
      { code: '141182', name: '汾阳市', profile: 'town', unions: 4 },
    ],
  },
];

/** A grassroots union name: `{r}` is the county's region label, `{f}` an invented firm name. */
interface Template {
  id: string;
  name: string;
  category: Category;
}

const T = (id: string, name: string, category: Category): Template => ({ id, name, category });

const TEMPLATES = {
  meituan: T('meituan', '{r}美团外卖骑手站点工会联合会', 'delivery'),
  eleme: T('eleme', '{r}饿了么蜂鸟配送站点工会', 'delivery'),
  instant: T('instant', '{r}同城即时配送骑手工会', 'delivery'),
  sf: T('sf', '顺丰速运{r}营业部工会', 'courier'),
  zto: T('zto', '中通快递{r}网点工会', 'courier'),
  yto: T('yto', '圆通速递{r}网点工会', 'courier'),
  yunda: T('yunda', '韵达快递{r}网点工会', 'courier'),
  jd: T('jd', '京东物流{r}营业部工会', 'courier'),
  sto: T('sto', '申通快递{r}网点工会', 'courier'),
  ridehail: T('ridehail', '{r}网约车司机工会', 'driver'),
  truck: T('truck', '{r}货车司机工会', 'driver'),
  taxi: T('taxi', '{r}出租汽车司机工会', 'driver'),
  freight: T('freight', '{r}同城货运司机工会', 'driver'),
  sanitationCo: T('sanitationCo', '{r}环卫保洁服务有限公司工会', 'sanitation'),
  sanitationCenter: T('sanitationCenter', '{r}环境卫生服务中心工会', 'sanitation'),
  housekeepingCo: T('housekeepingCo', '{r}{f}家政服务有限公司工会', 'domestic'),
  housekeepers: T('housekeepers', '{r}家政服务员联合工会', 'domestic'),
  property: T('property', '{r}{f}物业服务有限公司工会', 'service'),
  supermarket: T('supermarket', '{r}{f}连锁超市有限公司工会', 'service'),
  hospital: T('hospital', '{r}人民医院工会', 'hospital'),
  tcmHospital: T('tcmHospital', '{r}中医医院工会', 'hospital'),
  middleSchool: T('middleSchool', '{r}第一中学校工会', 'school'),
  primarySchool: T('primarySchool', '{r}实验小学工会', 'school'),
  coal: T('coal', '{r}{f}煤业有限公司工会', 'mining'),
  coke: T('coke', '{r}{f}焦化有限公司工会', 'mining'),
  steel: T('steel', '{r}{f}钢铁有限公司工会', 'industry'),
  construction: T('construction', '{r}{f}建筑工程有限公司工会', 'industry'),
  heating: T('heating', '{r}{f}热力有限公司工会', 'industry'),
} as const;

type TemplateId = keyof typeof TEMPLATES;

/** Per profile: templates every county of it gets (in this order), then a pool the rest is drawn from. */
const PROFILES: Readonly<Record<Profile, { always: TemplateId[]; pool: TemplateId[] }>> = {
  urban: {
    always: ['meituan', 'sf', 'ridehail', 'sanitationCo'],
    pool: [
      'eleme',
      'instant',
      'zto',
      'yto',
      'yunda',
      'jd',
      'sto',
      'truck',
      'taxi',
      'freight',
      'housekeepingCo',
      'housekeepers',
      'property',
      'supermarket',
      'hospital',
      'tcmHospital',
      'middleSchool',
      'primarySchool',
      'construction',
      'heating',
    ],
  },
  town: {
    always: ['zto', 'truck'],
    pool: [
      'hospital',
      'meituan',
      'eleme',
      'sf',
      'yto',
      'yunda',
      'jd',
      'ridehail',
      'taxi',
      'sanitationCenter',
      'housekeepingCo',
      'tcmHospital',
      'middleSchool',
      'primarySchool',
      'supermarket',
      'construction',
      'heating',
    ],
  },
  mining: {
    always: ['coal', 'coke', 'truck'],
    pool: [
      'zto',
      'sf',
      'meituan',
      'ridehail',
      'sanitationCenter',
      'housekeepingCo',
      'hospital',
      'middleSchool',
      'steel',
      'construction',
      'heating',
    ],
  },
};

/** Invented firm names (字号); any likeness to a real company is a coincidence. */
const FIRMS: readonly string[] = [
  '鑫源',
  '兴晋',
  '恒泰',
  '宏达',
  '瑞丰',
  '永昌',
  '金晖',
  '华通',
  '昌盛',
  '晋泰',
  '福顺',
  '德润',
  '祥和',
  '聚源',
  '安馨',
  '惠民',
  '汾河',
  '太行',
  '吕梁山',
  '龙城',
];

/** Mulberry32: a tiny seeded PRNG, so the tree is the same on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** City-level district names that repeat across cities (阳泉 and 晋城 both have a 城区) need the city in front. */
const AMBIGUOUS = new Set(['城区', '郊区', '矿区']);

/** Templates of a county's grassroots unions, in order: profile's fixed ones, its federation's, then drawn. */
function pickTemplates(county: County, random: () => number): Template[] {
  const { always, pool } = PROFILES[county.profile];
  const ids: TemplateId[] = [...always];
  const industry = county.industry ? INDUSTRY[county.industry] : undefined;
  if (industry && !ids.some((id) => TEMPLATES[id].category === industry.gathers)) {
    const first = pool.find((id) => TEMPLATES[id].category === industry.gathers);
    if (first) ids.push(first);
  }
  for (const id of shuffled(pool, random)) {
    if (ids.length >= county.unions) break;
    if (!ids.includes(id)) ids.push(id);
  }
  return ids.map((id) => TEMPLATES[id]);
}

function buildTree(): SeedOrg[] {
  const orgs: SeedOrg[] = [
    { code: 'SX', name: '山西省总工会', type: 'province', areaCode: '140000', parentCode: null },
  ];
  for (const city of CITIES) {
    const cityCode = `SX-${city.code}`;
    orgs.push({
      code: cityCode,
      name: `${city.name}总工会`,
      type: 'city',
      areaCode: city.code,
      parentCode: 'SX',
    });
    for (const county of city.counties) {
      const countyCode = `SX-${county.code}`;
      const isDistrict = county.name.endsWith('区');
      /** Full label for enterprise names: 太原市小店区, 古交市, 平遥县. */
      const region = isDistrict ? `${city.name}${county.name}` : county.name;
      /** Short label for federation names: 小店区, but 阳泉市城区. */
      const short = AMBIGUOUS.has(county.name) ? `${city.name}${county.name}` : county.name;
      const at = (type: OrgType, code: string, name: string, parentCode: string): void => {
        orgs.push({ code, name, type, areaCode: county.code, parentCode });
      };
      at('county', countyCode, `${region}总工会`, cityCode);

      let federations = 0;
      const streetCode = county.street ? `${countyCode}-S${String(++federations).padStart(2, '0')}` : null;
      if (streetCode) at('street', streetCode, `${short}${county.street ?? ''}总工会`, countyCode);
      const industry = county.industry ? INDUSTRY[county.industry] : undefined;
      const industryCode = industry ? `${countyCode}-S${String(++federations).padStart(2, '0')}` : null;
      if (industry && industryCode) at('street', industryCode, `${short}${industry.name}`, countyCode);

      const random = prng(Number(county.code));
      const firms = shuffled(FIRMS, random);
      pickTemplates(county, random).forEach((template, i) => {
        const name = template.name.replace('{r}', region).replace('{f}', firms[i % firms.length] ?? '');
        let parentCode = countyCode;
        if (industry && industryCode && template.category === industry.gathers) parentCode = industryCode;
        else if (streetCode && STREET_GATHERS.has(template.category)) parentCode = streetCode;
        at('grassroots', `${countyCode}-G${String(i + 1).padStart(3, '0')}`, name, parentCode);
      });
    }
  }
  return orgs;
}

export const SHANXI_ORGS: readonly SeedOrg[] = buildTree();

function codeOf(name: string): string {
  const org = SHANXI_ORGS.find((o) => o.name === name);
  if (!org) throw new Error(`seed data: no org named ${name}`);
  return org.code;
}

/** The delivery riders' union of 太原市小店区: home of the demo member and cadre. */
export const DEMO_UNION_CODE = codeOf('太原市小店区美团外卖骑手站点工会联合会');
/** A riders' union of 大同市平城区, another city: home of the Datong demo cadre. */
export const DEMO_DATONG_UNION_CODE = codeOf('大同市平城区美团外卖骑手站点工会联合会');

/** Synthetic people (invented, common names), one per role, plus a few for trying scope refusals. */
export const DEMO_USERS: readonly SeedDemoUser[] = [
  {
    key: DEMO_USER_KEYS.member,
    displayName: '王建军',
    gender: 'male',
    roles: [{ role: 'member', orgCode: DEMO_UNION_CODE }],
  },
  {
    key: DEMO_USER_KEYS.cadre,
    displayName: '李秀英',
    gender: 'female',
    roles: [
      { role: 'cadre', orgCode: DEMO_UNION_CODE },
      { role: 'member', orgCode: DEMO_UNION_CODE },
    ],
  },
  {
    key: DEMO_USER_KEYS.stationMaster,
    displayName: '刘志强',
    gender: 'male',
    roles: [
      { role: 'station_master', orgCode: 'SX-140105' },
      { role: 'member', orgCode: codeOf('顺丰速运太原市小店区营业部工会') },
    ],
  },
  {
    key: DEMO_USER_KEYS.countyStaff,
    displayName: '陈丽娟',
    gender: 'female',
    roles: [{ role: 'county_staff', orgCode: 'SX-140105' }],
  },
  {
    key: DEMO_USER_KEYS.cityStaff,
    displayName: '杨海涛',
    gender: 'male',
    roles: [{ role: 'city_staff', orgCode: 'SX-140100' }],
  },
  {
    key: DEMO_USER_KEYS.provinceStaff,
    displayName: '孙晓梅',
    gender: 'female',
    roles: [{ role: 'province_staff', orgCode: 'SX' }],
  },
  {
    key: DEMO_USER_KEYS.merchant,
    displayName: '周福来',
    gender: 'male',
    roles: [{ role: 'merchant', orgCode: 'SX-140100' }],
  },
  {
    key: 'demo-county-staff-datong',
    displayName: '吴国平',
    gender: 'male',
    roles: [{ role: 'county_staff', orgCode: 'SX-140213' }],
  },
  {
    key: 'demo-city-staff-datong',
    displayName: '何建华',
    gender: 'male',
    roles: [{ role: 'city_staff', orgCode: 'SX-140200' }],
  },
  {
    key: 'demo-cadre-datong',
    displayName: '郑桂兰',
    gender: 'female',
    roles: [
      { role: 'cadre', orgCode: DEMO_DATONG_UNION_CODE },
      { role: 'member', orgCode: DEMO_DATONG_UNION_CODE },
    ],
  },
  {
    key: 'demo-member-2',
    displayName: '马宏伟',
    gender: 'male',
    roles: [{ role: 'member', orgCode: codeOf('顺丰速运大同市平城区营业部工会') }],
  },
  {
    key: 'demo-member-3',
    displayName: '高小燕',
    gender: 'female',
    roles: [{ role: 'member', orgCode: codeOf('太原市迎泽区美团外卖骑手站点工会联合会') }],
  },
  {
    // A rider who has not joined a union yet: the one to try 扫码入会 with.
    key: DEMO_USER_KEYS.worker,
    displayName: '张伟',
    gender: 'male',
    roles: [],
  },
  {
    key: 'demo-member-4',
    displayName: '赵永刚',
    gender: 'male',
    roles: [{ role: 'member', orgCode: codeOf('晋中市榆次区网约车司机工会') }],
  },
];

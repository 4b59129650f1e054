import type { INestApplicationContext } from '@nestjs/common';
import {
  type Amenity,
  businessMonth,
  DEMO_USER_KEYS,
  type OpeningHours,
  shiftMonth,
  type StationLevel,
} from '@smartunion/contracts';

import { UsersService } from '../../modules/identity/users.service';
import { MembersService } from '../../modules/membership/members.service';
import { type HistoryVisitor, RankingsService } from '../../modules/stations/rankings.service';
import { StationReportsService } from '../../modules/stations/station-reports.service';
import { StationsService } from '../../modules/stations/stations.service';
import { DEMO_USERS } from './shanxi.data';

export interface StationsSeedSummary {
  created: number;
  total: number;
  mastersAssigned: number;
  history: { visits: number; checkIns: number; ratings: number; reports: number };
}

/** Whole months of invented door visits, check-ins and ratings before the current one. */
const HISTORY_MONTHS = 4;

/** One demo station: name, address, WGS-84 longitude and latitude. */
type SeedStation = readonly [name: string, address: string, lng: number, lat: number];

/** 太原市小店区: the demo cadre's and station master's district. The first one is the demo master's. */
const XIAODIAN: readonly SeedStation[] = [
  ['亲贤街户外劳动者服务站', '太原市小店区亲贤北街 79 号', 112.5651, 37.8213],
  ['坞城路工会驿站', '太原市小店区坞城路 146 号', 112.5731, 37.7932],
  ['长风街骑手驿站', '太原市小店区长风街 105 号', 112.5512, 37.8108],
  ['体育路爱心驿站', '太原市小店区体育路 318 号', 112.5558, 37.7957],
  ['学府街户外劳动者服务站', '太原市小店区学府街 122 号', 112.5867, 37.8082],
  ['平阳路工会驿站', '太原市小店区平阳路 22 号', 112.5459, 37.8036],
  ['真武路快递小哥驿站', '太原市小店区真武路 9 号', 112.5683, 37.7726],
  ['许坦东街环卫驿站', '太原市小店区许坦东街 27 号', 112.5905, 37.7842],
  ['龙城大街工会驿站', '太原市小店区龙城大街 66 号', 112.5392, 37.7695],
  ['北营南路户外劳动者服务站', '太原市小店区北营南路 8 号', 112.6009, 37.8005],
  ['大马村骑手之家', '太原市小店区大马村东街 3 号', 112.562, 37.7561],
  ['双塔南路工会驿站', '太原市小店区双塔南路 201 号', 112.5802, 37.8236],
  ['南内环街户外驿站', '太原市小店区南内环街 288 号', 112.5736, 37.8353],
  ['晋阳街骑手驿站', '太原市小店区晋阳街 168 号', 112.5488, 37.7871],
  ['黄陵路环卫工人驿站', '太原市小店区黄陵路 35 号', 112.5982, 37.7671],
  ['太原南站户外劳动者服务站', '太原市小店区太原南站东广场', 112.6088, 37.7449],
];

/** 太原市迎泽区. */
const YINGZE: readonly SeedStation[] = [
  ['柳巷工会驿站', '太原市迎泽区柳巷南路 12 号', 112.5669, 37.8655],
  ['迎泽大街户外劳动者服务站', '太原市迎泽区迎泽大街 289 号', 112.562, 37.857],
  ['五一广场骑手驿站', '太原市迎泽区五一路 1 号', 112.5713, 37.8619],
  ['朝阳街环卫驿站', '太原市迎泽区朝阳街 96 号', 112.5856, 37.8584],
  ['双塔西街工会驿站', '太原市迎泽区双塔西街 55 号', 112.576, 37.8457],
  ['桥东街快递驿站', '太原市迎泽区桥东街 18 号', 112.554, 37.8523],
  ['郝庄户外劳动者服务站', '太原市迎泽区郝庄正街 7 号', 112.6011, 37.8493],
  ['老军营工会驿站', '太原市迎泽区老军营南街 40 号', 112.5487, 37.8436],
  ['太原站户外劳动者服务站', '太原市迎泽区建设南路太原站西广场', 112.5841, 37.8648],
  ['青年路骑手驿站', '太原市迎泽区青年路 33 号', 112.5728, 37.8527],
  ['杏花岭交界驿站', '太原市迎泽区东岗路 6 号', 112.5934, 37.8702],
  ['文庙街工会驿站', '太原市迎泽区文庙街 2 号', 112.5605, 37.8683],
];

/** 大同市平城区. */
const PINGCHENG: readonly SeedStation[] = [
  ['古城墙工会驿站', '大同市平城区和阳街 1 号', 113.3001, 40.0763],
  ['御河西路户外劳动者服务站', '大同市平城区御河西路 68 号', 113.3143, 40.0833],
  ['魏都大道骑手驿站', '大同市平城区魏都大道 120 号', 113.2865, 40.0712],
  ['永泰街环卫驿站', '大同市平城区永泰南路 25 号', 113.2929, 40.0857],
  ['新建南路工会驿站', '大同市平城区新建南路 212 号', 113.2821, 40.0631],
  ['迎宾街快递驿站', '大同市平城区迎宾西街 16 号', 113.2997, 40.0598],
  ['大同站户外劳动者服务站', '大同市平城区站东街 1 号', 113.2994, 40.1082],
  ['向阳街骑手驿站', '大同市平城区向阳西街 45 号', 113.2768, 40.0896],
  ['清远街工会驿站', '大同市平城区清远东街 8 号', 113.3068, 40.0695],
  ['华严寺户外驿站', '大同市平城区大西街 87 号', 113.2903, 40.0927],
  ['东信广场骑手之家', '大同市平城区东信广场 B 座', 113.3208, 40.0741],
  ['南环路环卫工人驿站', '大同市平城区南环路 150 号', 113.3045, 40.0521],
];

const HOURS: readonly OpeningHours[] = [
  { always: false, opens: '08:00', closes: '20:00' },
  { always: false, opens: '07:00', closes: '22:00' },
  { always: false, opens: '09:00', closes: '18:00' },
  { always: false, opens: '20:00', closes: '02:00' },
  { always: false, opens: '06:30', closes: '21:30' },
];

const AMENITY_SETS: readonly Amenity[][] = [
  ['water', 'heating_cooling', 'charging', 'microwave', 'restroom', 'first_aid', 'rest_seats'],
  ['water', 'charging', 'rest_seats'],
  ['water', 'heating_cooling', 'microwave', 'rest_seats'],
  ['water', 'restroom', 'first_aid'],
  ['water', 'heating_cooling', 'charging', 'restroom', 'rest_seats'],
  ['charging', 'microwave', 'rest_seats'],
];

const LEVELS: readonly StationLevel[] = ['county', 'county', 'city', 'county', 'province', 'city'];

/**
 * Demo post stations around 太原 小店区/迎泽区 and 大同 平城区, owned by those districts' federations. Idempotent:
 * keyed by (org, name), so a re-run adds nothing. Every seventh is 24-hour; the demo station master runs the
 * first 小店区 station.
 */
export async function seedStations(
  app: INestApplicationContext,
  orgIds: Map<string, string>,
): Promise<StationsSeedSummary> {
  const stations = app.get(StationsService);
  const users = app.get(UsersService);

  let created = 0;
  let index = 0;
  let demoStation: { id: string; orgId: string } | undefined;
  for (const [orgCode, list] of [
    ['SX-140105', XIAODIAN],
    ['SX-140106', YINGZE],
    ['SX-140213', PINGCHENG],
  ] as const) {
    const orgId = orgIds.get(orgCode);
    if (!orgId) throw new Error(`stations seed: no org ${orgCode}`);
    for (const [name, address, lng, lat] of list) {
      const station = await stations.ensureStation({
        orgId,
        name,
        address,
        location: { lat, lng },
        hours: index % 7 === 0 ? { always: true } : HOURS[index % HOURS.length],
        capacity: 6 + ((index * 7) % 25),
        amenities: AMENITY_SETS[index % AMENITY_SETS.length],
        level: LEVELS[index % LEVELS.length],
        // No invented photo URLs: nothing serves them, and the app showed each as a broken image.
        photos: [],
        verifiedOnly: index % 9 === 4,
        status: 'active',
      });
      if (station.created) created += 1;
      demoStation ??= { id: station.id, orgId };
      index += 1;
    }
  }

  let mastersAssigned = 0;
  if (demoStation) {
    const demo = DEMO_USERS.find((u) => u.key === DEMO_USER_KEYS.stationMaster);
    if (!demo) throw new Error('stations seed: no demo station master');
    const master = await users.upsertDemoUser(demo.key, demo.displayName);
    if (await stations.ensureMaster(demoStation.id, demoStation.orgId, master.id)) mastersAssigned += 1;
  }
  return { created, total: index, mastersAssigned, history: await seedHistory(app) };
}

/**
 * A few months of past use, so the rankings and monthly reports have something to show: the demo members'
 * door visits at stations of their districts, the demo master's check-ins and ratings (set-based, in the
 * stations area), then each past month's city reports, oldest first so each compares with the one before.
 * Idempotent: the history is fixed by person and day, and a month's report is written once.
 */
async function seedHistory(app: INestApplicationContext): Promise<StationsSeedSummary['history']> {
  const users = app.get(UsersService);
  const members = app.get(MembersService);
  const visitors: HistoryVisitor[] = [];
  for (const demo of DEMO_USERS.filter((u) => u.roles.some((r) => r.role === 'member'))) {
    const user = await users.upsertDemoUser(demo.key, demo.displayName);
    const member = await members.findActiveByUser(user.id);
    if (member) visitors.push({ userId: user.id, memberId: member.id, orgPath: member.orgPath });
  }
  const history = await app.get(RankingsService).seedHistory(visitors, HISTORY_MONTHS);
  const reports = app.get(StationReportsService);
  const current = businessMonth();
  let written = 0;
  for (let back = HISTORY_MONTHS; back >= 1; back -= 1) {
    written += (await reports.writeMonthly(shiftMonth(current, -back))).written;
  }
  return { visits: history.visits, checkIns: history.checkIns, ratings: history.ratings, reports: written };
}

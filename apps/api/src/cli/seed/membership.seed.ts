import type { INestApplicationContext } from '@nestjs/common';
import { idNumberCheckChar, type IdNumberInfo, type Occupation } from '@smartunion/contracts';

import { UsersService } from '../../modules/identity/users.service';
import { ApplicationsService } from '../../modules/membership/applications.service';
import { JoinCodesService } from '../../modules/membership/join-codes.service';
import { MembersService } from '../../modules/membership/members.service';
import { DEMO_DATONG_UNION_CODE, DEMO_UNION_CODE, DEMO_USERS, SHANXI_ORGS } from './shanxi.data';

type Gender = IdNumberInfo['gender'];

export interface MembershipSeedSummary {
  members: number;
  pendingApplications: number;
  joinCodes: number;
}

/**
 * A synthetic, valid ID number: the union's area, a birth day and a sequence, fixed per index. The sequence's
 * last digit is the gender digit (odd for men), so the gender read from the number agrees with the person's
 * name; two indexes below 2100 never share a number.
 */
export function seedIdNumber(area: string, index: number, gender: Gender): string {
  const year = 1970 + ((index * 7) % 30);
  const month = String(1 + ((index * 5) % 12)).padStart(2, '0');
  const day = String(1 + ((index * 11) % 28)).padStart(2, '0');
  const genderDigit = 2 * (index % 5) + (gender === 'male' ? 1 : 0);
  const first17 = `${area}${year}${month}${day}${String(index % 100).padStart(2, '0')}${genderDigit}`;
  return `${first17}${idNumberCheckChar(first17)}`;
}

/**
 * A number in 0–499 fixed by the demo key, so a person's synthetic ID never depends on list order (applicants
 * use 600 and up, so the two never meet).
 */
const stableIndex = (key: string): number => [...key].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 500, 7);

const mobile = (index: number): string => `139${String(10_000_000 + index * 7919).slice(-8)}`;

/** Riders waiting for the demo cadre's decision, so the review queue has work on first login. */
const APPLICANTS: readonly {
  key: string;
  name: string;
  gender: Gender;
  occupation: Occupation;
  employer: string;
}[] = [
  {
    key: 'demo-applicant-1',
    name: '孙浩然',
    gender: 'male',
    occupation: 'delivery_rider',
    employer: '美团外卖坞城站',
  },
  {
    key: 'demo-applicant-2',
    name: '周丽萍',
    gender: 'female',
    occupation: 'delivery_rider',
    employer: '饿了么小店营业站',
  },
  {
    key: 'demo-applicant-3',
    name: '吴志刚',
    gender: 'male',
    occupation: 'courier',
    employer: '中通快递小店分部',
  },
  {
    key: 'demo-applicant-4',
    name: '郑海燕',
    gender: 'female',
    occupation: 'delivery_rider',
    employer: '美团外卖亲贤站',
  },
  {
    key: 'demo-applicant-5',
    name: '冯建国',
    gender: 'male',
    occupation: 'ride_hailing_driver',
    employer: '滴滴出行太原分公司',
  },
];

/**
 * Membership demo data, idempotent: every demo user holding the member role is an enrolled, verified member;
 * the demo unions have a join code; five riders wait in the demo cadre's queue.
 */
export async function seedMembership(
  app: INestApplicationContext,
  orgIds: Map<string, string>,
): Promise<MembershipSeedSummary> {
  const users = app.get(UsersService);
  const members = app.get(MembersService);
  const codes = app.get(JoinCodesService);
  const applications = app.get(ApplicationsService);

  const ids = DEMO_USERS.map(
    (u) => `${u.roles.find((r) => r.role === 'member')?.orgCode}:${stableIndex(u.key)}`,
  );
  if (new Set(ids).size !== ids.length) throw new Error('two demo members would share a synthetic ID number');

  let enrolled = 0;
  for (const demo of DEMO_USERS) {
    const membership = demo.roles.find((r) => r.role === 'member');
    if (!membership) continue;
    const user = await users.upsertDemoUser(demo.key, demo.displayName);
    const orgId = orgIds.get(membership.orgCode);
    if (!orgId) throw new Error(`no org ${membership.orgCode}`);
    await members.enrol(user.id, orgId, {
      name: demo.displayName,
      mobile: mobile(stableIndex(demo.key)),
      idNumber: seedIdNumber(membership.orgCode.slice(3, 9), stableIndex(demo.key), demo.gender),
      employer: '美团外卖小店站',
      occupation: 'delivery_rider',
      newEmploymentForm: true,
    });
    enrolled += 1;
  }

  const unionId = orgIds.get(DEMO_UNION_CODE);
  const datongId = orgIds.get(DEMO_DATONG_UNION_CODE);
  if (!unionId || !datongId) throw new Error('demo unions missing');
  const token = await codes.ensureCode(unionId, '骑手驿站门口');
  await codes.ensureCode(datongId, '骑手驿站门口');
  // Every grassroots union of the two demo districts takes applications online, so 找工会入会 finds some.
  const demoAreas = new Set(
    SHANXI_ORGS.filter((o) => o.code === DEMO_UNION_CODE || o.code === DEMO_DATONG_UNION_CODE).map(
      (o) => o.areaCode,
    ),
  );
  const online = SHANXI_ORGS.filter((o) => o.type === 'grassroots' && demoAreas.has(o.areaCode));
  for (const org of online) {
    const orgId = orgIds.get(org.code);
    if (!orgId) throw new Error(`no org ${org.code}`);
    await codes.ensureCode(orgId, '网上入会');
  }

  let pending = 0;
  for (const [i, applicant] of APPLICANTS.entries()) {
    const user = await users.upsertDemoUser(applicant.key, applicant.name);
    const { application } = await applications.submitOnce(user.id, {
      joinCode: token,
      name: applicant.name,
      mobile: mobile(600 + i),
      idNumber: seedIdNumber('140105', 600 + i, applicant.gender),
      employer: applicant.employer,
      occupation: applicant.occupation,
      newEmploymentForm: applicant.occupation !== 'ride_hailing_driver' || i % 2 === 0,
    });
    if (application.status === 'pending') pending += 1;
  }
  return { members: enrolled, pendingApplications: pending, joinCodes: 2 + online.length };
}

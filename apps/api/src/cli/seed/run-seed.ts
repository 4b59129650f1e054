import type { INestApplicationContext } from '@nestjs/common';
import { Permission } from '@smartunion/contracts';

import { UsersService } from '../../modules/identity/users.service';
import { OrgImportService } from '../../modules/orgs/org-import.service';
import { OrgsService } from '../../modules/orgs/orgs.service';
import { OrgScope } from '../../platform/scope/org-scope';
import { type BenefitsSeedSummary, seedBenefits } from './benefits.seed';
import { type FlashSeedSummary, seedFlash } from './flash.seed';
import { type MembershipSeedSummary, seedMembership } from './membership.seed';
import { type PointsSeedSummary, seedPoints } from './points.seed';
import { DEMO_USERS, SHANXI_ORGS } from './shanxi.data';
import { seedStations, type StationsSeedSummary } from './stations.seed';
import { seedWelfare, type WelfareSeedSummary } from './welfare.seed';

export interface SeedSummary {
  orgsCreated: number;
  orgsUnchanged: number;
  users: number;
  rolesGranted: number;
  membership: MembershipSeedSummary;
  stations: StationsSeedSummary;
  points: PointsSeedSummary;
  benefits: BenefitsSeedSummary;
  flash: FlashSeedSummary;
  welfare: WelfareSeedSummary;
}

/**
 * Loads the demo data: the Shanxi union tree and a demo user of every role. Idempotent — a second run creates
 * nothing — because the tree goes through the same import (keyed by org code) staff use, and users are keyed
 * by their demo key.
 */
export async function runSeed(app: INestApplicationContext): Promise<SeedSummary> {
  const orgs = app.get(OrgsService);
  const importer = app.get(OrgImportService);
  const users = app.get(UsersService);

  const [root, ...rest] = SHANXI_ORGS;
  if (!root || root.parentCode !== null) throw new Error('SHANXI_ORGS must start with the root');
  const rootRef = await orgs.ensureRoot(root);
  const imported = await importer.importRows(
    OrgScope.system([rootRef], Permission.OrgImport),
    rest.map((o, i) => ({
      line: i + 2,
      code: o.code,
      name: o.name,
      type: o.type,
      areaCode: o.areaCode,
      parentCode: o.parentCode ?? '',
    })),
  );

  const ids = await orgs.idsByCode(SHANXI_ORGS.map((o) => o.code));
  let rolesGranted = 0;
  for (const demo of DEMO_USERS) {
    const user = await users.upsertDemoUser(demo.key, demo.displayName);
    for (const { role, orgCode } of demo.roles) {
      const orgId = ids.get(orgCode);
      if (!orgId) throw new Error(`demo user ${demo.key}: no org ${orgCode}`);
      if (await users.grantRole(user.id, role, orgId)) rolesGranted += 1;
    }
  }
  const membership = await seedMembership(app, ids);
  const stations = await seedStations(app, ids);
  const points = await seedPoints(app, ids);
  const benefits = await seedBenefits(app, ids);
  const flash = await seedFlash(app, ids);
  const welfare = await seedWelfare(app, ids);
  return {
    membership,
    stations,
    points,
    benefits,
    flash,
    welfare,
    orgsCreated: imported.created,
    orgsUnchanged: imported.unchanged,
    users: DEMO_USERS.length,
    rolesGranted,
  };
}

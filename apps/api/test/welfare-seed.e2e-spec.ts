import { randomInt } from 'node:crypto';

import { DEMO_USER_KEYS } from '@smartunion/contracts';

import { seedStations } from '../src/cli/seed/stations.seed';
import { seedWelfare } from '../src/cli/seed/welfare.seed';
import { UsersService } from '../src/modules/identity/users.service';
import { MembersService } from '../src/modules/membership/members.service';
import { buildMiniTree, type MiniTree, uniqueTag } from './support/fixtures';
import { syntheticIdNumber } from './support/people';
import { createTestApp, type TestApp } from './support/test-app';

describe('welfare seed (real PostgreSQL + Redis)', () => {
  let t: TestApp;
  let tree: MiniTree;

  beforeAll(async () => {
    t = await createTestApp();
    tree = await buildMiniTree(t.db, uniqueTag());
  });
  afterAll(() => t?.close());

  it('publishes the 智送清凉 campaign once, allots it, and has the demo cadre’s share picked up', async () => {
    const ids = new Map([
      ['SX-140100', tree.taiyuan.id],
      ['SX-140105', tree.xiaodian.id],
      ['SX-140106', tree.yingze.id],
      ['SX-140213', tree.pingcheng.id],
    ]);
    await seedStations(t.app, ids);
    // The demo cadre (a verified rider) as a member of this tree's 小店 union, as the membership seed makes it.
    const cadre = await t.app.get(UsersService).upsertDemoUser(DEMO_USER_KEYS.cadre, '李秀英');
    await t.app.get(MembersService).enrol(cadre.id, tree.unionXiaodian.id, {
      name: '李秀英',
      mobile: `136${String(randomInt(0, 1e8)).padStart(8, '0')}`,
      idNumber: syntheticIdNumber(),
      employer: '美团外卖小店站',
      occupation: 'delivery_rider',
      newEmploymentForm: true,
    });
    const [home]: { org_id: string }[] = await t.db.query(
      `SELECT org_id::text FROM members WHERE user_id = $1`,
      [cadre.id],
    );
    expect(home.org_id).toBe(tree.unionXiaodian.id);

    const first = await seedWelfare(t.app, ids);
    expect(first).toEqual({ campaignCreated: true, allotted: 1, pickedUp: 1 });
    const second = await seedWelfare(t.app, ids);
    expect(second).toEqual({ campaignCreated: false, allotted: 0, pickedUp: 0 });

    const [c]: { status: string; allotted: number; picked_up: number; stations: number }[] = await t.db.query(
      `SELECT status, allotted, picked_up,
              (SELECT count(*)::int FROM welfare_campaign_stations s WHERE s.campaign_id = c.id) AS stations
         FROM welfare_campaigns c WHERE org_id = $1`,
      [tree.taiyuan.id],
    );
    expect(c).toEqual({ status: 'published', allotted: 1, picked_up: 1, stations: 5 });
  });
});

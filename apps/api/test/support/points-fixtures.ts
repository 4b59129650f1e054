import { randomInt } from 'node:crypto';

import type { Role } from '@smartunion/contracts';
import type { DataSource } from 'typeorm';

import { MembersService } from '../../src/modules/membership/members.service';
import type { AwardResult, PointsService } from '../../src/modules/points/points.service';
import { insertUser } from './fixtures';
import { syntheticIdNumber } from './people';
import type { TestApp } from './test-app';

export interface TestMember {
  key: string;
  userId: string;
  memberId: string;
  token: string;
}

const NAMES = ['王建国', '李春梅', '张志强', '刘海燕', '陈国栋', '杨秀兰', '赵永红', '黄德明'];

/** A user who is an active, verified member of `orgId` (a grassroots union), logged in. */
export async function enrolMember(
  t: TestApp,
  key: string,
  orgId: string,
  extraRoles: { role: Role; orgId: string }[] = [],
): Promise<TestMember> {
  const name = NAMES[randomInt(0, NAMES.length)];
  const userId = await insertUser(t.db, key, name, [{ role: 'member', orgId }, ...extraRoles]);
  await t.app.get(MembersService).enrol(userId, orgId, {
    name,
    mobile: `139${String(randomInt(0, 1e8)).padStart(8, '0')}`,
    idNumber: syntheticIdNumber(),
    employer: '同城配送有限公司',
    occupation: 'delivery_rider',
    newEmploymentForm: true,
  });
  const [{ id }]: { id: string }[] = await t.db.query(
    `SELECT id::text AS id FROM members WHERE user_id = $1`,
    [userId],
  );
  return { key, userId, memberId: id, token: (await t.login(key)).accessToken };
}

/**
 * Every way the accounts of these members could disagree with their ledgers: a balance or a total that is
 * not the sum of the entries, or an entry whose balance_after is not the running sum. Empty when all is well.
 */
export async function ledgerProblems(db: DataSource, memberIds: string[]): Promise<string[]> {
  const sums: { member_id: string; balance: string; sum: string }[] = await db.query(
    `SELECT a.member_id::text, a.balance::text, s.sum::text
       FROM point_accounts a
       CROSS JOIN LATERAL (
         SELECT COALESCE(sum(delta), 0) AS sum,
                COALESCE(sum(delta) FILTER (WHERE delta > 0 AND reason <> 'mall_refund'), 0) AS earned,
                COALESCE(-sum(delta) FILTER (WHERE delta < 0 OR reason = 'mall_refund'), 0) AS spent
           FROM point_entries e WHERE e.member_id = a.member_id) s
      WHERE a.member_id = ANY($1::bigint[])
        AND (a.balance <> s.sum OR a.earned_total <> s.earned OR a.spent_total <> s.spent)`,
    [memberIds],
  );
  const chain: { member_id: string; id: string }[] = await db.query(
    `SELECT member_id::text, id::text FROM (
       SELECT member_id, id, balance_after, sum(delta) OVER (PARTITION BY member_id ORDER BY id) AS running
         FROM point_entries WHERE member_id = ANY($1::bigint[])) x
      WHERE balance_after <> running`,
    [memberIds],
  );
  return [
    ...sums.map(
      (r) => `member ${r.member_id}: balance ${r.balance} but entries sum to ${r.sum} (or totals differ)`,
    ),
    ...chain.map((r) => `member ${r.member_id}: entry ${r.id} has a balance_after off the running sum`),
  ];
}

export async function balanceOf(db: DataSource, memberId: string): Promise<number> {
  const rows: { balance: string }[] = await db.query(
    `SELECT balance::text FROM point_accounts WHERE member_id = $1`,
    [memberId],
  );
  return rows[0] ? Number(rows[0].balance) : 0;
}

export async function entryCount(db: DataSource, memberId: string, reason?: string): Promise<number> {
  const rows: { n: number }[] = await db.query(
    `SELECT count(*)::int AS n FROM point_entries WHERE member_id = $1 AND ($2::text IS NULL OR reason = $2)`,
    [memberId, reason ?? null],
  );
  return rows[0].n;
}

/** Logs in one staff user per `[key, role, orgId]` (login `${prefix}-${key}`, named `${label}${key}`); tokens by key. */
export async function loginStaff(
  t: TestApp,
  prefix: string,
  label: string,
  specs: readonly (readonly [key: string, role: Role, orgId: string])[],
): Promise<Record<string, string>> {
  const tokens: Record<string, string> = {};
  for (const [key, role, orgId] of specs) {
    await insertUser(t.db, `${prefix}-${key}`, `${label}${key}`, [{ role, orgId }]);
    tokens[key] = (await t.login(`${prefix}-${key}`)).accessToken;
  }
  return tokens;
}

/**
 * The invariant behind every points test: after each test, each account of `members` (as the list stands
 * then) equals the sum of its entries. Call inside a `describe`; `db` is read when the hook runs.
 */
export function checkLedgersAfterEach(db: () => DataSource, members: readonly TestMember[]): void {
  afterEach(async () => {
    await expect(
      ledgerProblems(
        db(),
        members.map((m) => m.memberId),
      ),
    ).resolves.toEqual([]);
  });
}

/** An award from a test source whose id is also the idempotency key. */
export function awardForTest(
  points: PointsService,
  m: TestMember,
  reason: 'reading' | 'course' | 'quiz',
  key: string,
  pts?: number,
): Promise<AwardResult> {
  return points.award({
    memberId: m.memberId,
    reason,
    sourceType: 'test',
    sourceId: key,
    idempotencyKey: key,
    points: pts,
  });
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Area: membership. `member_directory` is what other areas may read of members in set-based SQL — a flash
 * drop's or welfare campaign's audience of up to 500,000 members, a user → member look-up for a batch of grants,
 * the union of each account a reconciliation batch checks. Its columns are the contract: no name, mobile or ID
 * number (cipher, hash or mask) ever goes in; readers join `orgs` on `org_id` for the scope, and filter on
 * `status` themselves. A plain view over one table, so the planner inlines it and the `members` indexes serve
 * its readers as before.
 */
export class MembershipDirectoryView1764748800000 implements MigrationInterface {
  name = 'MembershipDirectoryView1764748800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE VIEW member_directory AS
        SELECT id, user_id, org_id, status, occupation, verification FROM members`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW member_directory`);
  }
}

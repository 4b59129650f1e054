import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The review queue's per-union index also carries the columns its filters test (occupation, birth date; the
 * waiting time is `created_at`, a key column already), so the queue's total — a count over every pending
 * application of a scope, up to a whole province — is read from this index alone, without visiting the table.
 * It replaces `join_applications_pending_org_idx` (same keys, same predicate), so writes keep one index.
 * See bench/pending-list.mjs.
 *
 * Area: membership.
 */
export class ReviewQueueIndex1764057600000 implements MigrationInterface {
  name = 'ReviewQueueIndex1764057600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX join_applications_pending_scope_idx ON join_applications (org_id, created_at, id)
         INCLUDE (occupation, birth_date) WHERE status = 'pending'`,
    );
    await q.query(`DROP INDEX join_applications_pending_org_idx`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX join_applications_pending_org_idx ON join_applications (org_id, created_at, id) WHERE status = 'pending'`,
    );
    await q.query(`DROP INDEX join_applications_pending_scope_idx`);
  }
}

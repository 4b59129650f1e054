import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Area: identity. A user's mobile number as a platform vouched for it (WeChat's getPhoneNumber button), and
 * when. Not unique: the same person may log in with WeChat and with Alipay as two users.
 */
export class UserMobile1765011600000 implements MigrationInterface {
  name = 'UserMobile1765011600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE users
        ADD COLUMN mobile text CHECK (mobile ~ '^1[3-9][0-9]{9}$'),
        ADD COLUMN mobile_verified_at timestamptz,
        ADD CONSTRAINT users_mobile_verified CHECK ((mobile IS NULL) = (mobile_verified_at IS NULL))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE users
        DROP CONSTRAINT users_mobile_verified,
        DROP COLUMN mobile_verified_at,
        DROP COLUMN mobile`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

const REASONS = `'sign_in', 'reading', 'course', 'quiz', 'activity', 'volunteer', 'mall_redeem', 'mall_refund', 'adjustment'`;
const EARN_REASONS = `'sign_in', 'reading', 'course', 'quiz', 'activity', 'volunteer'`;

/**
 * Points (积分): one account per member and an append-only ledger; earn rules per org with daily caps; daily
 * sign-ins with streaks; reconciliation reports; the points mall (积分商城) with its orders.
 *
 * The ledger cannot lie by construction: every change is an entry written in the same transaction as the
 * account update, under the account row's lock; `balance = earned_total - spent_total` is a CHECK, the balance
 * and every entry's `balance_after` are never negative, and an entry's idempotency key is unique per source
 * type, so a retried change is found instead of applied twice. The nightly reconciliation compares each
 * account with the sum of its entries anyway, and reports any difference.
 *
 * `earned_total` sums positive entries except refunds; `spent_total` sums what was spent net of refunds.
 *
 * Area: points.
 */
export class Points1764489600000 implements MigrationInterface {
  name = 'Points1764489600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE point_accounts (
        member_id bigint PRIMARY KEY REFERENCES members (id) ON DELETE RESTRICT,
        balance bigint NOT NULL DEFAULT 0 CHECK (balance >= 0),
        earned_total bigint NOT NULL DEFAULT 0 CHECK (earned_total >= 0),
        spent_total bigint NOT NULL DEFAULT 0 CHECK (spent_total >= 0),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT point_accounts_totals CHECK (balance = earned_total - spent_total)
      )`);

    await q.query(`
      CREATE TABLE point_entries (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        member_id bigint NOT NULL REFERENCES point_accounts (member_id) ON DELETE RESTRICT,
        delta integer NOT NULL CHECK (delta <> 0),
        reason text NOT NULL CHECK (reason IN (${REASONS})),
        source_type text NOT NULL CHECK (source_type ~ '^[a-z][a-z0-9_.-]{1,39}$'),
        source_id text NOT NULL CHECK (char_length(source_id) BETWEEN 1 AND 100),
        idempotency_key text NOT NULL CHECK (char_length(idempotency_key) BETWEEN 1 AND 200),
        balance_after bigint NOT NULL CHECK (balance_after >= 0),
        business_day date NOT NULL,
        note text CHECK (char_length(note) <= 200),
        actor_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT point_entries_idempotency_uq UNIQUE (source_type, idempotency_key)
      )`);
    // The member's history, newest first; today's earnings per reason for the daily caps.
    await q.query(`CREATE INDEX point_entries_member_idx ON point_entries (member_id, id DESC)`);
    await q.query(
      `CREATE INDEX point_entries_member_day_idx ON point_entries (member_id, business_day, reason)`,
    );

    // An org's own rule for a reason; members get the rule of the nearest org on their path, or the default.
    await q.query(`
      CREATE TABLE point_earn_rules (
        org_id bigint NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
        reason text NOT NULL CHECK (reason IN (${EARN_REASONS})),
        points integer NOT NULL CHECK (points BETWEEN 1 AND 1000),
        daily_cap integer NOT NULL CHECK (daily_cap BETWEEN 1 AND 10000),
        enabled boolean NOT NULL DEFAULT true,
        updated_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (org_id, reason),
        CONSTRAINT point_earn_rules_cap CHECK (daily_cap >= points)
      )`);

    // One row per member and Asia/Shanghai day signed; entry_id is null when the day earned nothing.
    await q.query(`
      CREATE TABLE point_sign_ins (
        member_id bigint NOT NULL REFERENCES point_accounts (member_id) ON DELETE RESTRICT,
        day date NOT NULL,
        streak integer NOT NULL CHECK (streak >= 1),
        points integer NOT NULL CHECK (points >= 0),
        bonus integer NOT NULL DEFAULT 0 CHECK (bonus >= 0),
        capped boolean NOT NULL DEFAULT false,
        entry_id bigint REFERENCES point_entries (id) ON DELETE RESTRICT,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (member_id, day)
      )`);

    // run_key is the job id: a retried job rewrites its own report instead of adding another.
    await q.query(`
      CREATE TABLE point_reconciliations (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        run_key text NOT NULL,
        started_at timestamptz NOT NULL,
        finished_at timestamptz NOT NULL,
        accounts_checked integer NOT NULL CHECK (accounts_checked >= 0),
        mismatches integer NOT NULL CHECK (mismatches >= 0),
        details jsonb NOT NULL DEFAULT '[]',
        CONSTRAINT point_reconciliations_run_uq UNIQUE (run_key)
      )`);
    await q.query(
      `CREATE INDEX point_reconciliations_started_idx ON point_reconciliations (started_at DESC)`,
    );

    await q.query(`
      CREATE TABLE mall_items (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        org_id bigint NOT NULL REFERENCES orgs (id) ON DELETE RESTRICT,
        name text NOT NULL CHECK (char_length(name) BETWEEN 2 AND 60),
        description text NOT NULL DEFAULT '' CHECK (char_length(description) <= 500),
        image_url text CHECK (char_length(image_url) <= 500),
        cost_points integer NOT NULL CHECK (cost_points BETWEEN 1 AND 1000000),
        stock integer NOT NULL CHECK (stock >= 0),
        per_member_limit integer NOT NULL CHECK (per_member_limit BETWEEN 1 AND 99),
        pickup text NOT NULL CHECK (char_length(pickup) BETWEEN 2 AND 200),
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive')),
        redeemed_count integer NOT NULL DEFAULT 0 CHECK (redeemed_count >= 0),
        created_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT mall_items_org_name_uq UNIQUE (org_id, name)
      )`);
    await q.query(`CREATE INDEX mall_items_org_idx ON mall_items (org_id, status, id)`);

    // A pickup code is unique among orders awaiting pickup (8 digits are not enough to be unique forever).
    await q.query(`
      CREATE TABLE mall_orders (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        item_id bigint NOT NULL REFERENCES mall_items (id) ON DELETE RESTRICT,
        member_id bigint NOT NULL REFERENCES point_accounts (member_id) ON DELETE RESTRICT,
        user_id uuid REFERENCES users (id) ON DELETE SET NULL,
        quantity integer NOT NULL CHECK (quantity BETWEEN 1 AND 99),
        points integer NOT NULL CHECK (points > 0),
        status text NOT NULL DEFAULT 'awaiting_pickup'
          CHECK (status IN ('awaiting_pickup', 'fulfilled', 'cancelled')),
        pickup_code char(8) NOT NULL CHECK (pickup_code ~ '^[0-9]{8}$'),
        request_id uuid NOT NULL,
        entry_id bigint NOT NULL REFERENCES point_entries (id) ON DELETE RESTRICT,
        refund_entry_id bigint REFERENCES point_entries (id) ON DELETE RESTRICT,
        fulfilled_by uuid REFERENCES users (id) ON DELETE SET NULL,
        fulfilled_at timestamptz,
        cancelled_by uuid REFERENCES users (id) ON DELETE SET NULL,
        cancelled_at timestamptz,
        cancel_reason text CHECK (char_length(cancel_reason) <= 200),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT mall_orders_request_uq UNIQUE (member_id, request_id),
        CONSTRAINT mall_orders_fulfilled CHECK ((status = 'fulfilled') = (fulfilled_at IS NOT NULL)),
        CONSTRAINT mall_orders_cancelled CHECK (
          (status = 'cancelled') = (cancelled_at IS NOT NULL AND refund_entry_id IS NOT NULL))
      )`);
    await q.query(
      `CREATE UNIQUE INDEX mall_orders_open_code_uq ON mall_orders (pickup_code) WHERE status = 'awaiting_pickup'`,
    );
    await q.query(`CREATE INDEX mall_orders_member_idx ON mall_orders (member_id, id DESC)`);
    await q.query(`CREATE INDEX mall_orders_item_idx ON mall_orders (item_id, status, id DESC)`);
    await q.query(`CREATE INDEX mall_orders_code_idx ON mall_orders (pickup_code, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE mall_orders`);
    await q.query(`DROP TABLE mall_items`);
    await q.query(`DROP TABLE point_reconciliations`);
    await q.query(`DROP TABLE point_sign_ins`);
    await q.query(`DROP TABLE point_earn_rules`);
    await q.query(`DROP TABLE point_entries`);
    await q.query(`DROP TABLE point_accounts`);
  }
}

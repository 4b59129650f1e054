import type { MigrationInterface, QueryRunner } from 'typeorm';

const OCCUPATIONS = `'delivery_rider', 'courier', 'ride_hailing_driver', 'truck_driver', 'sanitation', 'domestic_service', 'other'`;

/**
 * Benefits (普惠): partner merchants and their stores, coupon templates, coupons (claimed, grabbed in a flash
 * drop or handed out by a campaign), every write-off attempt, and flash-sale drops.
 *
 * Stock is counted where it cannot drift: a template's `issued + reserved` never exceeds its stock (a CHECK);
 * a flash drop's coupons each hold a distinct stock slot 1…stock and a distinct (member, seq) pair, so even a
 * Redis fault cannot put one coupon more than the stock, or one more per member than the limit, in PostgreSQL.
 *
 * Area: benefits.
 */
export class Benefits1764576000000 implements MigrationInterface {
  name = 'Benefits1764576000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE merchants (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        org_id bigint NOT NULL REFERENCES orgs (id) ON DELETE RESTRICT,
        name text NOT NULL CHECK (char_length(name) BETWEEN 2 AND 100),
        credit_code char(18),
        contact_name text NOT NULL CHECK (char_length(contact_name) BETWEEN 1 AND 30),
        contact_phone text NOT NULL CHECK (contact_phone ~ '^(1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8})$'),
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
        created_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT merchants_org_name_uq UNIQUE (org_id, name)
      )`);
    await q.query(`CREATE INDEX merchants_org_idx ON merchants (org_id, id)`);

    // The accounts that act for a merchant at the counter (they hold the merchant role somewhere).
    await q.query(`
      CREATE TABLE merchant_users (
        merchant_id bigint NOT NULL REFERENCES merchants (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (merchant_id, user_id)
      )`);
    await q.query(`CREATE INDEX merchant_users_user_idx ON merchant_users (user_id)`);

    await q.query(`
      CREATE TABLE merchant_stores (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        merchant_id bigint NOT NULL REFERENCES merchants (id) ON DELETE CASCADE,
        name text NOT NULL CHECK (char_length(name) BETWEEN 2 AND 100),
        address text NOT NULL CHECK (char_length(address) BETWEEN 2 AND 200),
        location geography(Point, 4326) NOT NULL,
        phone text,
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'closed')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT merchant_stores_name_uq UNIQUE (merchant_id, name)
      )`);
    await q.query(`CREATE INDEX merchant_stores_location_gist ON merchant_stores USING gist (location)`);
    await q.query(`CREATE INDEX merchant_stores_merchant_idx ON merchant_stores (merchant_id, id)`);

    await q.query(`
      CREATE TABLE coupon_templates (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        merchant_id bigint NOT NULL REFERENCES merchants (id) ON DELETE RESTRICT,
        org_id bigint NOT NULL REFERENCES orgs (id) ON DELETE RESTRICT,
        title text NOT NULL CHECK (char_length(title) BETWEEN 2 AND 60),
        description text NOT NULL DEFAULT '' CHECK (char_length(description) <= 500),
        kind text NOT NULL CHECK (kind IN ('amount_off', 'discount', 'free_item')),
        amount_off_cents integer CHECK (amount_off_cents > 0),
        discount_percent integer CHECK (discount_percent BETWEEN 1 AND 99),
        item_name text CHECK (char_length(item_name) BETWEEN 1 AND 60),
        min_spend_cents integer NOT NULL DEFAULT 0 CHECK (min_spend_cents >= 0),
        valid_from timestamptz NOT NULL,
        valid_to timestamptz NOT NULL,
        valid_days_after_claim integer CHECK (valid_days_after_claim BETWEEN 1 AND 365),
        per_member_limit integer NOT NULL DEFAULT 1 CHECK (per_member_limit BETWEEN 1 AND 10),
        total_stock integer NOT NULL CHECK (total_stock > 0),
        issued integer NOT NULL DEFAULT 0 CHECK (issued >= 0),
        reserved integer NOT NULL DEFAULT 0 CHECK (reserved >= 0),
        occupations text[] NOT NULL DEFAULT '{}' CHECK (occupations <@ ARRAY[${OCCUPATIONS}]::text[]),
        verified_only boolean NOT NULL DEFAULT false,
        claimable boolean NOT NULL DEFAULT true,
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'ended')),
        created_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT coupon_templates_window CHECK (valid_to > valid_from),
        CONSTRAINT coupon_templates_stock CHECK (issued + reserved <= total_stock),
        CONSTRAINT coupon_templates_amount CHECK ((kind = 'amount_off') = (amount_off_cents IS NOT NULL)),
        CONSTRAINT coupon_templates_discount CHECK ((kind = 'discount') = (discount_percent IS NOT NULL)),
        CONSTRAINT coupon_templates_item CHECK ((kind = 'free_item') = (item_name IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX coupon_templates_org_idx ON coupon_templates (org_id, status, id)`);
    await q.query(`CREATE INDEX coupon_templates_merchant_idx ON coupon_templates (merchant_id, id)`);

    await q.query(`
      CREATE TABLE flash_drops (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        template_id bigint NOT NULL REFERENCES coupon_templates (id) ON DELETE RESTRICT,
        org_id bigint NOT NULL REFERENCES orgs (id) ON DELETE RESTRICT,
        title text NOT NULL CHECK (char_length(title) BETWEEN 2 AND 60),
        stock integer NOT NULL CHECK (stock > 0),
        per_member_limit integer NOT NULL DEFAULT 1 CHECK (per_member_limit BETWEEN 1 AND 10),
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        occupations text[] NOT NULL DEFAULT '{}' CHECK (occupations <@ ARRAY[${OCCUPATIONS}]::text[]),
        verified_only boolean NOT NULL DEFAULT false,
        status text NOT NULL DEFAULT 'scheduled'
          CHECK (status IN ('scheduled', 'ended', 'reconciled', 'cancelled')),
        preheated_at timestamptz,
        audience_size integer,
        granted integer NOT NULL DEFAULT 0,
        returned integer,
        reconciled_at timestamptz,
        reconciliation jsonb,
        -- Bumped by every edit before the start: the pre-heat and end jobs of an older version do nothing.
        version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
        created_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT flash_drops_window CHECK (ends_at > starts_at),
        CONSTRAINT flash_drops_granted CHECK (granted BETWEEN 0 AND stock)
      )`);
    await q.query(`CREATE INDEX flash_drops_org_idx ON flash_drops (org_id, starts_at DESC)`);
    await q.query(`CREATE INDEX flash_drops_open_idx ON flash_drops (ends_at) WHERE status = 'scheduled'`);

    await q.query(`
      CREATE TABLE coupons (
        id uuid PRIMARY KEY,
        template_id bigint NOT NULL REFERENCES coupon_templates (id) ON DELETE RESTRICT,
        merchant_id bigint NOT NULL REFERENCES merchants (id) ON DELETE RESTRICT,
        member_id bigint NOT NULL REFERENCES members (id) ON DELETE RESTRICT,
        user_id uuid REFERENCES users (id) ON DELETE SET NULL,
        source text NOT NULL CHECK (source IN ('claim', 'flash', 'campaign')),
        drop_id bigint REFERENCES flash_drops (id) ON DELETE RESTRICT,
        seq smallint NOT NULL CHECK (seq >= 1),
        slot integer CHECK (slot >= 1),
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'used', 'void')),
        valid_from timestamptz NOT NULL,
        valid_to timestamptz NOT NULL,
        claimed_at timestamptz NOT NULL DEFAULT now(),
        used_at timestamptz,
        used_by uuid REFERENCES users (id) ON DELETE SET NULL,
        used_store_id bigint REFERENCES merchant_stores (id) ON DELETE SET NULL,
        -- The claim's idempotency key: a retried claim answers the coupon it made the first time.
        request_id uuid,
        CONSTRAINT coupons_flash CHECK ((source = 'flash') = (drop_id IS NOT NULL AND slot IS NOT NULL)),
        CONSTRAINT coupons_used CHECK ((status = 'used') = (used_at IS NOT NULL))
      )`);
    // A member's n-th coupon of a template (claims) or of a drop: the per-member limit, backed by PostgreSQL.
    await q.query(
      `CREATE UNIQUE INDEX coupons_claim_member_uq ON coupons (template_id, member_id, seq) WHERE source = 'claim'`,
    );
    await q.query(
      `CREATE UNIQUE INDEX coupons_drop_member_uq ON coupons (drop_id, member_id, seq) WHERE drop_id IS NOT NULL`,
    );
    // One coupon per stock slot of a drop: never more coupons than stock.
    await q.query(
      `CREATE UNIQUE INDEX coupons_drop_slot_uq ON coupons (drop_id, slot) WHERE drop_id IS NOT NULL`,
    );
    await q.query(
      `CREATE UNIQUE INDEX coupons_request_uq ON coupons (member_id, request_id) WHERE request_id IS NOT NULL`,
    );
    await q.query(`CREATE INDEX coupons_member_idx ON coupons (member_id, claimed_at DESC, id)`);
    await q.query(
      `CREATE INDEX coupons_merchant_used_idx ON coupons (merchant_id, used_at DESC) WHERE used_at IS NOT NULL`,
    );

    // Every write-off attempt at a counter, whatever its outcome (never twice, never expired, never another's).
    await q.query(`
      CREATE TABLE coupon_writeoffs (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        coupon_id uuid REFERENCES coupons (id) ON DELETE SET NULL,
        merchant_id bigint REFERENCES merchants (id) ON DELETE SET NULL,
        store_id bigint REFERENCES merchant_stores (id) ON DELETE SET NULL,
        user_id uuid REFERENCES users (id) ON DELETE SET NULL,
        result text NOT NULL CHECK (result IN ('ok', 'already_used', 'expired', 'not_yet_valid', 'wrong_merchant', 'invalid_code', 'code_expired', 'void')),
        request_id text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX coupon_writeoffs_merchant_idx ON coupon_writeoffs (merchant_id, created_at DESC)`,
    );
    await q.query(`CREATE INDEX coupon_writeoffs_coupon_idx ON coupon_writeoffs (coupon_id, created_at)`);
    // A retried write-off (same counter, same requestId) answers the first success instead of "already used".
    await q.query(
      `CREATE UNIQUE INDEX coupon_writeoffs_request_uq ON coupon_writeoffs (user_id, request_id)
        WHERE result = 'ok' AND request_id IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'coupon_writeoffs',
      'coupons',
      'flash_drops',
      'coupon_templates',
      'merchant_stores',
      'merchant_users',
      'merchants',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}

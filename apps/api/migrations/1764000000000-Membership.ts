import type { MigrationInterface, QueryRunner } from 'typeorm';

const OCCUPATIONS = `'delivery_rider', 'courier', 'ride_hailing_driver', 'truck_driver', 'sanitation', 'domestic_service', 'other'`;
const VERIFICATION = `'unverified', 'verified', 'mismatch'`;

/**
 * Membership: join codes, join applications, members and their history, transfers, union establishment,
 * roster imports (files kept in PostgreSQL so any worker can stream them), and in-app notices.
 *
 * ID numbers are never stored in clear: `id_cipher` is AES-256-GCM, `id_hash` an HMAC for uniqueness and
 * look-up, `id_masked` what every response shows.
 *
 * Area: membership (the tables of other areas created here say so before their CREATE).
 */
export class Membership1764000000000 implements MigrationInterface {
  name = 'Membership1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SEQUENCE member_no_seq`);

    await q.query(`
      CREATE TABLE join_codes (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        org_id bigint NOT NULL REFERENCES orgs (id) ON DELETE RESTRICT,
        label text NOT NULL CHECK (char_length(label) BETWEEN 1 AND 60),
        created_by uuid REFERENCES users (id) ON DELETE SET NULL,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX join_codes_org_idx ON join_codes (org_id, created_at DESC)`);

    await q.query(`
      CREATE TABLE members (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        member_no text NOT NULL,
        user_id uuid REFERENCES users (id) ON DELETE SET NULL,
        org_id bigint NOT NULL REFERENCES orgs (id) ON DELETE RESTRICT,
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'left')),
        name text NOT NULL CHECK (char_length(name) BETWEEN 2 AND 30),
        mobile text NOT NULL CHECK (mobile ~ '^1[3-9][0-9]{9}$'),
        id_cipher bytea NOT NULL,
        id_hash bytea NOT NULL,
        id_masked text NOT NULL,
        birth_date date NOT NULL,
        gender text NOT NULL CHECK (gender IN ('male', 'female')),
        employer text NOT NULL CHECK (char_length(employer) BETWEEN 1 AND 100),
        occupation text NOT NULL CHECK (occupation IN (${OCCUPATIONS})),
        new_employment_form boolean NOT NULL DEFAULT false,
        verification text NOT NULL DEFAULT 'unverified' CHECK (verification IN (${VERIFICATION})),
        verified_at timestamptz,
        source text NOT NULL CHECK (source IN ('join', 'import', 'establishment')),
        import_id bigint,
        joined_at timestamptz NOT NULL DEFAULT now(),
        left_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT members_member_no_uq UNIQUE (member_no),
        CONSTRAINT members_id_hash_uq UNIQUE (id_hash),
        CONSTRAINT members_user_uq UNIQUE (user_id),
        CONSTRAINT members_verified_at CHECK ((verification = 'verified') = (verified_at IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX members_org_idx ON members (org_id, status, id)`);
    await q.query(`CREATE INDEX members_name_idx ON members (name text_pattern_ops)`);

    await q.query(`
      CREATE TABLE member_events (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        member_id bigint NOT NULL REFERENCES members (id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('joined', 'imported', 'founded', 'transferred', 'verified', 'left')),
        org_id bigint NOT NULL REFERENCES orgs (id) ON DELETE RESTRICT,
        from_org_id bigint REFERENCES orgs (id) ON DELETE RESTRICT,
        actor_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX member_events_member_idx ON member_events (member_id, at, id)`);

    await q.query(`
      CREATE TABLE join_applications (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        org_id bigint NOT NULL REFERENCES orgs (id) ON DELETE RESTRICT,
        join_code_id bigint REFERENCES join_codes (id) ON DELETE SET NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected', 'withdrawn')),
        name text NOT NULL CHECK (char_length(name) BETWEEN 2 AND 30),
        mobile text NOT NULL CHECK (mobile ~ '^1[3-9][0-9]{9}$'),
        id_cipher bytea NOT NULL,
        id_hash bytea NOT NULL,
        id_masked text NOT NULL,
        birth_date date NOT NULL,
        gender text NOT NULL CHECK (gender IN ('male', 'female')),
        employer text NOT NULL CHECK (char_length(employer) BETWEEN 1 AND 100),
        occupation text NOT NULL CHECK (occupation IN (${OCCUPATIONS})),
        new_employment_form boolean NOT NULL DEFAULT false,
        verification text NOT NULL DEFAULT 'unverified' CHECK (verification IN (${VERIFICATION})),
        verified_at timestamptz,
        reject_reason text,
        decided_by uuid REFERENCES users (id) ON DELETE SET NULL,
        decided_at timestamptz,
        member_id bigint REFERENCES members (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT join_applications_reason CHECK ((status = 'rejected') = (reject_reason IS NOT NULL)),
        CONSTRAINT join_applications_decided CHECK ((status = 'pending') = (decided_at IS NULL))
      )`);
    // One pending application per person and per account: the second of two simultaneous submits finds the first.
    await q.query(
      `CREATE UNIQUE INDEX join_applications_pending_person_uq ON join_applications (id_hash) WHERE status = 'pending'`,
    );
    await q.query(
      `CREATE UNIQUE INDEX join_applications_pending_user_uq ON join_applications (user_id) WHERE status = 'pending'`,
    );
    // The review queue: oldest first, per union, and across a whole scope.
    await q.query(
      `CREATE INDEX join_applications_pending_org_idx ON join_applications (org_id, created_at, id) WHERE status = 'pending'`,
    );
    await q.query(
      `CREATE INDEX join_applications_pending_idx ON join_applications (created_at, id) WHERE status = 'pending'`,
    );
    await q.query(`CREATE INDEX join_applications_user_idx ON join_applications (user_id, created_at DESC)`);
    await q.query(
      `CREATE INDEX join_applications_org_idx ON join_applications (org_id, status, created_at DESC)`,
    );

    await q.query(`
      CREATE TABLE transfers (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        member_id bigint NOT NULL REFERENCES members (id) ON DELETE CASCADE,
        from_org_id bigint NOT NULL REFERENCES orgs (id) ON DELETE RESTRICT,
        to_org_id bigint NOT NULL REFERENCES orgs (id) ON DELETE RESTRICT,
        status text NOT NULL DEFAULT 'pending_out'
          CHECK (status IN ('pending_out', 'pending_in', 'completed', 'rejected', 'cancelled')),
        reason text NOT NULL CHECK (char_length(reason) BETWEEN 1 AND 200),
        reject_reason text,
        requested_by uuid REFERENCES users (id) ON DELETE SET NULL,
        out_decided_by uuid REFERENCES users (id) ON DELETE SET NULL,
        out_decided_at timestamptz,
        in_decided_by uuid REFERENCES users (id) ON DELETE SET NULL,
        in_decided_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT transfers_distinct_orgs CHECK (from_org_id <> to_org_id),
        CONSTRAINT transfers_reason CHECK ((status = 'rejected') = (reject_reason IS NOT NULL))
      )`);
    await q.query(
      `CREATE UNIQUE INDEX transfers_open_member_uq ON transfers (member_id) WHERE status IN ('pending_out', 'pending_in')`,
    );
    await q.query(`CREATE INDEX transfers_from_idx ON transfers (from_org_id, status, created_at)`);
    await q.query(`CREATE INDEX transfers_to_idx ON transfers (to_org_id, status, created_at)`);

    await q.query(`
      CREATE TABLE establishment_applications (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        applicant_user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        applicant_name text NOT NULL,
        parent_org_id bigint NOT NULL REFERENCES orgs (id) ON DELETE RESTRICT,
        enterprise_name text NOT NULL CHECK (char_length(enterprise_name) BETWEEN 2 AND 100),
        credit_code char(18) NOT NULL,
        address text NOT NULL CHECK (char_length(address) BETWEEN 2 AND 200),
        employee_count integer NOT NULL CHECK (employee_count > 0),
        founding_members jsonb NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
        reject_reason text,
        decided_by uuid REFERENCES users (id) ON DELETE SET NULL,
        decided_at timestamptz,
        created_org_id bigint REFERENCES orgs (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT establishment_reason CHECK ((status = 'rejected') = (reject_reason IS NOT NULL))
      )`);
    // An enterprise founds one union: a second application waits until the first is rejected.
    await q.query(
      `CREATE UNIQUE INDEX establishment_credit_code_uq ON establishment_applications (credit_code)
        WHERE status IN ('pending', 'approved')`,
    );
    await q.query(
      `CREATE INDEX establishment_parent_idx ON establishment_applications (parent_org_id, status, created_at)`,
    );
    await q.query(
      `CREATE INDEX establishment_applicant_idx ON establishment_applications (applicant_user_id, created_at DESC)`,
    );

    await q.query(`
      -- area: platform
      CREATE TABLE uploads (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        owner_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
        file_name text NOT NULL,
        content_type text NOT NULL,
        size_bytes bigint NOT NULL DEFAULT 0,
        complete boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      -- area: platform
      CREATE TABLE upload_chunks (
        upload_id uuid NOT NULL REFERENCES uploads (id) ON DELETE CASCADE,
        seq integer NOT NULL,
        data bytea NOT NULL,
        PRIMARY KEY (upload_id, seq)
      )`);

    await q.query(`
      CREATE TABLE roster_imports (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        org_id bigint NOT NULL REFERENCES orgs (id) ON DELETE RESTRICT,
        upload_id uuid REFERENCES uploads (id) ON DELETE SET NULL,
        created_by uuid REFERENCES users (id) ON DELETE SET NULL,
        file_name text NOT NULL,
        format text NOT NULL CHECK (format IN ('csv', 'xlsx')),
        status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'completed', 'failed')),
        processed_rows integer NOT NULL DEFAULT 0,
        inserted_rows integer NOT NULL DEFAULT 0,
        unchanged_rows integer NOT NULL DEFAULT 0,
        error_rows integer NOT NULL DEFAULT 0,
        failure text,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz
      )`);
    await q.query(`CREATE INDEX roster_imports_org_idx ON roster_imports (org_id, created_at DESC)`);
    await q.query(`
      CREATE TABLE roster_import_errors (
        import_id bigint NOT NULL REFERENCES roster_imports (id) ON DELETE CASCADE,
        line integer NOT NULL,
        field text NOT NULL DEFAULT '',
        reason text NOT NULL,
        PRIMARY KEY (import_id, line, field)
      )`);
    await q.query(
      `ALTER TABLE members ADD CONSTRAINT members_import_fk FOREIGN KEY (import_id) REFERENCES roster_imports (id) ON DELETE SET NULL`,
    );

    await q.query(`
      -- area: notices
      CREATE TABLE notices (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        kind text NOT NULL,
        title text NOT NULL,
        body text NOT NULL,
        ref_type text,
        ref_id text,
        -- Set by writers that may run twice (jobs, retried requests): the second insert is a no-op.
        dedupe_key text,
        read_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT notices_dedupe_uq UNIQUE (user_id, dedupe_key)
      )`);
    await q.query(`CREATE INDEX notices_user_idx ON notices (user_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX notices_unread_idx ON notices (user_id) WHERE read_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notices`);
    await q.query(`ALTER TABLE members DROP CONSTRAINT members_import_fk`);
    await q.query(`DROP TABLE roster_import_errors`);
    await q.query(`DROP TABLE roster_imports`);
    await q.query(`DROP TABLE upload_chunks`);
    await q.query(`DROP TABLE uploads`);
    await q.query(`DROP TABLE establishment_applications`);
    await q.query(`DROP TABLE transfers`);
    await q.query(`DROP TABLE join_applications`);
    await q.query(`DROP TABLE member_events`);
    await q.query(`DROP TABLE members`);
    await q.query(`DROP TABLE join_codes`);
    await q.query(`DROP SEQUENCE member_no_seq`);
  }
}

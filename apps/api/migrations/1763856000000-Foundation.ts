import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The foundation schema: extensions, the union tree (ltree paths kept right by triggers), users, their
 * external identities, role bindings, refresh tokens and the audit log.
 *
 * Area: identity (the tables of other areas created here say so before their CREATE).
 */
export class Foundation1763856000000 implements MigrationInterface {
  name = 'Foundation1763856000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS postgis`);
    await q.query(`CREATE EXTENSION IF NOT EXISTS ltree`);
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);

    await q.query(`
      -- area: orgs
      CREATE TABLE orgs (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        code text NOT NULL,
        name text NOT NULL CHECK (char_length(name) BETWEEN 2 AND 100),
        type text NOT NULL CHECK (type IN ('province', 'city', 'county', 'street', 'grassroots')),
        area_code char(6) NOT NULL CHECK (area_code ~ '^[1-8][0-9]{5}$'),
        parent_id bigint REFERENCES orgs (id) ON DELETE RESTRICT,
        path ltree NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT orgs_code_uq UNIQUE (code),
        CONSTRAINT orgs_root_has_no_parent CHECK ((parent_id IS NULL) = (nlevel(path) = 1))
      )`);
    await q.query(`CREATE UNIQUE INDEX orgs_path_uq ON orgs (path)`);
    await q.query(`CREATE INDEX orgs_path_gist ON orgs USING gist (path)`);
    await q.query(`CREATE INDEX orgs_parent_idx ON orgs (parent_id, name)`);
    await q.query(`CREATE INDEX orgs_area_code_idx ON orgs (area_code)`);
    await q.query(`CREATE INDEX orgs_name_trgm ON orgs USING gin (name gin_trgm_ops)`);

    // The path of a new org is its parent's path plus its own id, computed here so no writer can get it wrong.
    await q.query(`
      CREATE FUNCTION orgs_set_path() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE parent_path ltree;
      BEGIN
        IF NEW.parent_id IS NULL THEN
          NEW.path := text2ltree(NEW.id::text);
        ELSE
          SELECT path INTO parent_path FROM orgs WHERE id = NEW.parent_id;
          IF parent_path IS NULL THEN
            RAISE EXCEPTION 'parent org % does not exist', NEW.parent_id USING ERRCODE = 'foreign_key_violation';
          END IF;
          NEW.path := parent_path || text2ltree(NEW.id::text);
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(
      `CREATE TRIGGER orgs_set_path BEFORE INSERT ON orgs FOR EACH ROW EXECUTE FUNCTION orgs_set_path()`,
    );

    // Changing parent_id moves the whole subtree: every descendant's path is rewritten in the same statement.
    await q.query(`
      CREATE FUNCTION orgs_move_subtree() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE parent_path ltree;
      BEGIN
        IF NEW.path IS DISTINCT FROM OLD.path AND NEW.parent_id IS NOT DISTINCT FROM OLD.parent_id THEN
          -- only the cascade below may change a path
          IF pg_trigger_depth() < 2 THEN
            RAISE EXCEPTION 'orgs.path is maintained by triggers' USING ERRCODE = 'check_violation';
          END IF;
          RETURN NEW;
        END IF;
        IF NEW.parent_id IS NOT DISTINCT FROM OLD.parent_id THEN
          RETURN NEW;
        END IF;
        IF NEW.parent_id IS NULL THEN
          NEW.path := text2ltree(NEW.id::text);
        ELSE
          SELECT path INTO parent_path FROM orgs WHERE id = NEW.parent_id FOR UPDATE;
          IF parent_path IS NULL THEN
            RAISE EXCEPTION 'parent org % does not exist', NEW.parent_id USING ERRCODE = 'foreign_key_violation';
          END IF;
          IF parent_path <@ OLD.path THEN
            RAISE EXCEPTION 'cannot move org % under its own subtree', NEW.id USING ERRCODE = 'check_violation';
          END IF;
          NEW.path := parent_path || text2ltree(NEW.id::text);
        END IF;
        UPDATE orgs SET path = NEW.path || subpath(path, nlevel(OLD.path)), updated_at = now()
          WHERE path <@ OLD.path AND id <> NEW.id;
        RETURN NEW;
      END $$`);
    await q.query(
      `CREATE TRIGGER orgs_move_subtree BEFORE UPDATE OF parent_id, path ON orgs FOR EACH ROW EXECUTE FUNCTION orgs_move_subtree()`,
    );

    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        display_name text NOT NULL,
        avatar_url text,
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
        demo_key text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT users_demo_key_uq UNIQUE (demo_key)
      )`);

    await q.query(`
      CREATE TABLE user_identities (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        provider text NOT NULL CHECK (provider IN ('wechat', 'alipay')),
        app_id text NOT NULL,
        subject text NOT NULL,
        union_id text,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_login_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT user_identities_subject_uq UNIQUE (provider, app_id, subject)
      )`);
    await q.query(`CREATE INDEX user_identities_user_idx ON user_identities (user_id)`);
    await q.query(
      `CREATE INDEX user_identities_union_idx ON user_identities (provider, union_id) WHERE union_id IS NOT NULL`,
    );

    await q.query(`
      CREATE TABLE role_bindings (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        role text NOT NULL CHECK (role IN ('member', 'cadre', 'station_master', 'county_staff', 'city_staff', 'province_staff', 'merchant')),
        org_id bigint NOT NULL REFERENCES orgs (id) ON DELETE RESTRICT,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT role_bindings_uq UNIQUE (user_id, role, org_id)
      )`);
    await q.query(`CREATE INDEX role_bindings_org_idx ON role_bindings (org_id, role)`);

    await q.query(`
      CREATE TABLE refresh_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        family_id uuid NOT NULL,
        token_hash bytea NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT refresh_tokens_hash_uq UNIQUE (token_hash)
      )`);
    await q.query(`CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id)`);
    await q.query(`CREATE INDEX refresh_tokens_expires_idx ON refresh_tokens (expires_at)`);

    await q.query(`
      -- area: platform
      CREATE TABLE audit_events (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        actor_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
        action text NOT NULL,
        target_type text NOT NULL,
        target_id text NOT NULL,
        org_id bigint REFERENCES orgs (id) ON DELETE SET NULL,
        before jsonb,
        after jsonb,
        request_id text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX audit_events_target_idx ON audit_events (target_type, target_id, created_at DESC)`,
    );
    await q.query(`CREATE INDEX audit_events_org_idx ON audit_events (org_id, created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_events`);
    await q.query(`DROP TABLE refresh_tokens`);
    await q.query(`DROP TABLE role_bindings`);
    await q.query(`DROP TABLE user_identities`);
    await q.query(`DROP TABLE users`);
    await q.query(`DROP TABLE orgs`);
    await q.query(`DROP FUNCTION orgs_move_subtree()`);
    await q.query(`DROP FUNCTION orgs_set_path()`);
  }
}

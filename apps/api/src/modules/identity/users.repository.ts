import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { OrgType, Role } from '@smartunion/contracts';
import type { DataSource, EntityManager } from 'typeorm';

import type { UserEntity } from './user.entity';
import { sqlRows } from '../../platform/database/sql';
import type { ScopeRoot } from '../../platform/scope/org-scope';

export interface RoleBindingRow {
  role: Role;
  orgId: string;
  orgName: string;
  orgType: OrgType;
  orgAreaCode: string;
  orgPath: string;
}

export interface ExternalIdentityKey {
  provider: 'wechat' | 'alipay';
  appId: string;
  subject: string;
  unionId?: string;
}

interface UserRow {
  id: string;
  display_name: string;
  avatar_url: string | null;
  status: 'active' | 'disabled';
  demo_key: string | null;
  mobile: string | null;
  mobile_verified_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

const toUser = (r: UserRow): UserEntity => ({
  id: r.id,
  displayName: r.display_name,
  avatarUrl: r.avatar_url,
  status: r.status,
  demoKey: r.demo_key,
  mobile: r.mobile,
  mobileVerifiedAt: r.mobile_verified_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** Users, their external identities and their role bindings. */
@Injectable()
export class UsersRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async findById(id: string): Promise<UserEntity | null> {
    const rows = await sqlRows<UserRow>(this.db, `SELECT * FROM users WHERE id = $1`, [id]);
    return rows[0] ? toUser(rows[0]) : null;
  }

  /** Display names of the given users, in one query; ids that name no user are left out. */
  async displayNames(ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await sqlRows<{ id: string; display_name: string }>(
      this.db,
      `SELECT id::text, display_name FROM users WHERE id = ANY($1::uuid[])`,
      [[...new Set(ids)]],
    );
    return new Map(rows.map((r) => [r.id, r.display_name]));
  }

  async findByDemoKey(key: string): Promise<UserEntity | null> {
    const rows = await sqlRows<UserRow>(this.db, `SELECT * FROM users WHERE demo_key = $1`, [key]);
    return rows[0] ? toUser(rows[0]) : null;
  }

  /** The user behind an external identity, creating both on first login. Safe under concurrent first logins. */
  async findOrCreateByIdentity(
    key: ExternalIdentityKey,
    displayName: string,
  ): Promise<{ user: UserEntity; created: boolean }> {
    const existing = await this.touchIdentity(key);
    if (existing) return { user: existing, created: false };
    const created = await this.db
      .transaction(async (m) => {
        const [user] = await sqlRows<UserRow>(m, `INSERT INTO users (display_name) VALUES ($1) RETURNING *`, [
          displayName,
        ]);
        const linked = await sqlRows<unknown>(
          m,
          `INSERT INTO user_identities (user_id, provider, app_id, subject, union_id) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (provider, app_id, subject) DO NOTHING RETURNING id`,
          [user.id, key.provider, key.appId, key.subject, key.unionId ?? null],
        );
        if (linked.length === 0) throw new LostRace();
        return toUser(user);
      })
      .catch((e: unknown) => {
        if (e instanceof LostRace) return null;
        throw e;
      });
    if (created) return { user: created, created: true };
    // Another request created this identity between our look-up and insert: use theirs.
    const winner = await this.touchIdentity(key);
    if (!winner) throw new Error('identity vanished after a concurrent insert');
    return { user: winner, created: false };
  }

  private async touchIdentity(key: ExternalIdentityKey): Promise<UserEntity | null> {
    const rows = await sqlRows<UserRow>(
      this.db,
      `WITH hit AS (
         UPDATE user_identities SET last_login_at = now(), union_id = COALESCE($4, union_id)
          WHERE provider = $1 AND app_id = $2 AND subject = $3 RETURNING user_id)
       SELECT u.* FROM users u JOIN hit ON hit.user_id = u.id`,
      [key.provider, key.appId, key.subject, key.unionId ?? null],
    );
    return rows[0] ? toUser(rows[0]) : null;
  }

  /** Creates or renames the demo user with this key (seed only). */
  async upsertDemoUser(
    key: string,
    displayName: string,
    manager: EntityManager = this.db.manager,
  ): Promise<UserEntity> {
    const [row] = await sqlRows<UserRow>(
      manager,
      `INSERT INTO users (display_name, demo_key) VALUES ($1, $2)
       ON CONFLICT (demo_key) DO UPDATE SET display_name = EXCLUDED.display_name, updated_at = now()
       RETURNING *`,
      [displayName, key],
    );
    return toUser(row);
  }

  /** The name a person gave with their verified identity replaces the nickname they logged in with. */
  async setDisplayName(
    userId: string,
    displayName: string,
    manager: EntityManager = this.db.manager,
  ): Promise<void> {
    await sqlRows(manager, `UPDATE users SET display_name = $2, updated_at = now() WHERE id = $1`, [
      userId,
      displayName,
    ]);
  }

  /** Records the mobile a platform vouched for; returns the instant, or null when the user does not exist. */
  async setVerifiedMobile(userId: string, mobile: string): Promise<Date | null> {
    const rows = await sqlRows<{ mobile_verified_at: Date }>(
      this.db,
      `UPDATE users SET mobile = $2, mobile_verified_at = now(), updated_at = now() WHERE id = $1
       RETURNING mobile_verified_at`,
      [userId, mobile],
    );
    return rows[0]?.mobile_verified_at ?? null;
  }

  async rolesOf(userId: string): Promise<RoleBindingRow[]> {
    const rows = await sqlRows<{
      role: Role;
      org_id: string;
      name: string;
      type: OrgType;
      area_code: string;
      path: string;
    }>(
      this.db,
      `SELECT rb.role, o.id AS org_id, o.name, o.type, o.area_code, o.path::text AS path
         FROM role_bindings rb JOIN orgs o ON o.id = rb.org_id
        WHERE rb.user_id = $1
        ORDER BY rb.created_at, rb.id`,
      [userId],
    );
    return rows.map((r) => ({
      role: r.role,
      orgId: r.org_id,
      orgName: r.name,
      orgType: r.type,
      orgAreaCode: r.area_code,
      orgPath: r.path,
    }));
  }

  /** The orgs (id and current path) at which the user holds any of `roles`: what a scope is made of. */
  async scopeRootsOf(userId: string, roles: readonly Role[]): Promise<ScopeRoot[]> {
    const rows = await sqlRows<{ org_id: string; path: string }>(
      this.db,
      `SELECT o.id AS org_id, o.path::text AS path
         FROM role_bindings rb JOIN orgs o ON o.id = rb.org_id
        WHERE rb.user_id = $1 AND rb.role = ANY($2::text[])`,
      [userId, roles],
    );
    return rows.map((r) => ({ orgId: r.org_id, path: r.path }));
  }

  /** Users holding `role` bound exactly to `orgId`. */
  async holdersOf(role: Role, orgId: string, manager: EntityManager = this.db.manager): Promise<string[]> {
    const rows = await sqlRows<{ user_id: string }>(
      manager,
      `SELECT DISTINCT user_id FROM role_bindings WHERE role = $1 AND org_id = $2 ORDER BY user_id`,
      [role, orgId],
    );
    return rows.map((r) => r.user_id);
  }

  async roleNamesOf(userId: string): Promise<Role[]> {
    const rows = await sqlRows<{ role: Role }>(
      this.db,
      `SELECT DISTINCT role FROM role_bindings WHERE user_id = $1 ORDER BY role`,
      [userId],
    );
    return rows.map((r) => r.role);
  }

  /** Grants a role over an org; granting twice is a no-op. Returns true if it was new. */
  async grantRole(
    userId: string,
    role: Role,
    orgId: string,
    manager: EntityManager = this.db.manager,
  ): Promise<boolean> {
    const rows = await sqlRows<unknown>(
      manager,
      `INSERT INTO role_bindings (user_id, role, org_id) VALUES ($1, $2, $3)
       ON CONFLICT (user_id, role, org_id) DO NOTHING RETURNING id`,
      [userId, role, orgId],
    );
    return rows.length > 0;
  }

  async revokeRole(
    userId: string,
    role: Role,
    orgId: string,
    manager: EntityManager = this.db.manager,
  ): Promise<boolean> {
    const rows = await sqlRows<unknown>(
      manager,
      `DELETE FROM role_bindings WHERE user_id = $1 AND role = $2 AND org_id = $3 RETURNING id`,
      [userId, role, orgId],
    );
    return rows.length > 0;
  }
}

class LostRace extends Error {}

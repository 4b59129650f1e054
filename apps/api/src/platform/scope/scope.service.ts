import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Permission, ROLES, roleGrants } from '@smartunion/contracts';
import type { DataSource } from 'typeorm';

import { OrgScope } from './org-scope';
import { sqlRows } from '../database/sql';

/**
 * Resolves a caller's scope for a permission from their role bindings as they are now (not as the access
 * token remembers them), joined to the orgs' current paths, so a moved subtree or a revoked role counts at once.
 */
@Injectable()
export class ScopeService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async resolve(userId: string, permission: Permission): Promise<OrgScope> {
    const roles = ROLES.filter((r) => roleGrants(r, permission));
    if (roles.length === 0) return new OrgScope(userId, permission, []);
    const rows = await sqlRows<{ org_id: string; path: string }>(
      this.db,
      `SELECT o.id AS org_id, o.path::text AS path
         FROM role_bindings rb JOIN orgs o ON o.id = rb.org_id
        WHERE rb.user_id = $1 AND rb.role = ANY($2::text[])`,
      [userId, roles],
    );
    return new OrgScope(
      userId,
      permission,
      rows.map((r) => ({ orgId: r.org_id, path: r.path })),
    );
  }
}

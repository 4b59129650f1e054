import { Injectable } from '@nestjs/common';
import { type Permission, ROLES, roleGrants } from '@smartunion/contracts';

import { OrgScope } from './org-scope';
import { ScopeRootsSource } from './scope-roots.source';

/**
 * Resolves a caller's scope for a permission from their role bindings as they are now (not as the access
 * token remembers them), so a moved subtree or a revoked role counts at once. The bindings belong to identity,
 * which provides this service with its ScopeRootsSource.
 */
@Injectable()
export class ScopeService {
  constructor(private readonly roots: ScopeRootsSource) {}

  async resolve(userId: string, permission: Permission): Promise<OrgScope> {
    const roles = ROLES.filter((r) => roleGrants(r, permission));
    if (roles.length === 0) return new OrgScope(userId, permission, []);
    return new OrgScope(userId, permission, await this.roots.scopeRootsOf(userId, roles));
  }
}

import { Injectable } from '@nestjs/common';
import type { Role } from '@smartunion/contracts';
import type { EntityManager } from 'typeorm';

import type { ScopeRoot } from '../../platform/scope/org-scope';
import type { ScopeRootsSource } from '../../platform/scope/scope-roots.source';
import type { UserEntity } from './user.entity';
import { UsersRepository } from './users.repository';

/**
 * What other areas may do with users: the identity area's exported service. It is also the platform's
 * ScopeRootsSource: scopes are made of the role bindings identity owns.
 */
@Injectable()
export class UsersService implements ScopeRootsSource {
  constructor(private readonly users: UsersRepository) {}

  scopeRootsOf(userId: string, roles: readonly Role[]): Promise<ScopeRoot[]> {
    return this.users.scopeRootsOf(userId, roles);
  }

  findById(id: string): Promise<UserEntity | null> {
    return this.users.findById(id);
  }

  /**
   * Display names of users, for other areas' lists (who fulfilled an order, who inspected a station): one query
   * for a whole page of rows, never a join on `users` from outside identity.
   */
  displayNames(ids: readonly string[]): Promise<Map<string, string>> {
    return this.users.displayNames(ids);
  }

  upsertDemoUser(key: string, displayName: string, manager?: EntityManager): Promise<UserEntity> {
    return this.users.upsertDemoUser(key, displayName, manager);
  }

  grantRole(userId: string, role: Role, orgId: string, manager?: EntityManager): Promise<boolean> {
    return this.users.grantRole(userId, role, orgId, manager);
  }

  /** A member's real name (from their approved application) becomes their display name. */
  adoptRealName(userId: string, name: string, manager?: EntityManager): Promise<void> {
    return this.users.setDisplayName(userId, name, manager);
  }

  /** Who holds `role` over exactly `orgId` (the staff to tell about something of that org). */
  holdersOf(role: Role, orgId: string, manager?: EntityManager): Promise<string[]> {
    return this.users.holdersOf(role, orgId, manager);
  }

  revokeRole(userId: string, role: Role, orgId: string, manager?: EntityManager): Promise<boolean> {
    return this.users.revokeRole(userId, role, orgId, manager);
  }
}

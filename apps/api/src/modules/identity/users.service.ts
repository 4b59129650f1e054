import { Injectable } from '@nestjs/common';
import type { Role } from '@smartunion/contracts';
import type { EntityManager } from 'typeorm';

import type { UserEntity } from './user.entity';
import { UsersRepository } from './users.repository';

/** What other areas may do with users: the identity area's exported service. */
@Injectable()
export class UsersService {
  constructor(private readonly users: UsersRepository) {}

  findById(id: string): Promise<UserEntity | null> {
    return this.users.findById(id);
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

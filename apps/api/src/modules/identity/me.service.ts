import { Injectable } from '@nestjs/common';
import { ErrorCode, type MeResponse, Permission, ROLE_PERMISSIONS, Role } from '@smartunion/contracts';

import { IdentityError } from './identity.errors';
import { UsersRepository } from './users.repository';

@Injectable()
export class MeService {
  constructor(private readonly users: UsersRepository) {}

  async get(userId: string): Promise<MeResponse> {
    const [user, bindings] = await Promise.all([this.users.findById(userId), this.users.rolesOf(userId)]);
    if (!user) throw new IdentityError(ErrorCode.Unauthenticated, 'The user of this token no longer exists');
    const roles = bindings.map((b) => ({
      role: b.role,
      org: { id: b.orgId, name: b.orgName, type: b.orgType, areaCode: b.orgAreaCode },
      permissions: [...ROLE_PERMISSIONS[b.role]],
    }));
    return {
      id: user.id,
      displayName: user.displayName,
      avatarUrl: user.avatarUrl,
      roles,
      memberOrg: roles.find((r) => r.role === Role.Member)?.org ?? null,
      hasWorkbench: roles.some((r) => r.permissions.includes(Permission.WorkbenchAccess)),
    };
  }
}

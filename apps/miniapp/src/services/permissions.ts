import type { MeResponse, Permission, RoleBindingView } from '@smartunion/contracts';

/** True if any of the caller's roles grants `permission` (within that role's scope). */
export function hasPermission(me: MeResponse, permission: Permission): boolean {
  return me.roles.some((binding) => binding.permissions.includes(permission));
}

/** The role bindings that grant `permission`, each scoped to its org. */
export function bindingsWith(me: MeResponse, permission: Permission): RoleBindingView[] {
  return me.roles.filter((binding) => binding.permissions.includes(permission));
}

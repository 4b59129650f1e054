import type { Role } from '@smartunion/contracts';

import type { ScopeRoot } from './org-scope';

/**
 * Where scopes come from: the orgs at which a user holds any of `roles` now, with the orgs' current paths (so a
 * moved subtree or a revoked role counts at once). Platform declares it and knows no area; identity, which owns
 * role bindings, implements it and provides it beside ScopeService.
 */
export abstract class ScopeRootsSource {
  abstract scopeRootsOf(userId: string, roles: readonly Role[]): Promise<ScopeRoot[]>;
}

import type { Role } from '@smartunion/contracts';

/** The authenticated caller as the access token describes it. Scopes are resolved from the database. */
export interface AuthUser {
  userId: string;
  /** Role names held anywhere; a fast first gate only — scope checks always read the current bindings. */
  roles: Role[];
}

/** Claims of our access tokens. */
export interface AccessTokenClaims {
  sub: string;
  roles: Role[];
  typ: 'access';
}

import { ErrorCode, type Permission } from '@smartunion/contracts';

import { DomainError } from '../errors/domain-error';

export interface ScopeRoot {
  orgId: string;
  /** ltree path of the org, e.g. "1.12.140". */
  path: string;
}

/** True when `path` is `root` or lies under it (ltree `path <@ root`). */
export function isWithin(path: string, root: string): boolean {
  return path === root || path.startsWith(`${root}.`);
}

/**
 * The org subtrees in which a caller holds one permission, resolved from their current role bindings. Every
 * org-scoped read and write goes through one of these: `covers`/`assertCovers` for a single record,
 * `sqlWhere` for queries.
 */
export class OrgScope {
  readonly roots: readonly ScopeRoot[];

  constructor(
    readonly userId: string,
    readonly permission: Permission,
    roots: readonly ScopeRoot[],
  ) {
    // Drop roots already covered by another root, so SQL checks the fewest paths.
    this.roots = roots.filter(
      (r, i) => !roots.some((o, j) => j !== i && isWithin(r.path, o.path) && (r.path !== o.path || j < i)),
    );
  }

  /** A scope covering the whole tree, for trusted system code (seed, migrations of data), never for requests. */
  static system(rootPaths: readonly ScopeRoot[], permission: Permission): OrgScope {
    return new OrgScope('system', permission, rootPaths);
  }

  /** The user to record as the actor of a change made in this scope: nobody for trusted system code. */
  get actorUserId(): string | null {
    return this.userId === 'system' ? null : this.userId;
  }

  get paths(): string[] {
    return this.roots.map((r) => r.path);
  }

  get isEmpty(): boolean {
    return this.roots.length === 0;
  }

  covers(path: string): boolean {
    return this.roots.some((r) => isWithin(path, r.path));
  }

  assertCovers(target: { path: string }, what = 'This organisation'): void {
    if (!this.covers(target.path)) {
      throw new DomainError(ErrorCode.OutOfScope, `${what} is outside your scope`);
    }
  }

  /**
   * A SQL predicate limiting `pathExpr` (an ltree expression such as `o.path`) to this scope, with the
   * positional parameter number to bind {@link paths} to.
   */
  sqlWhere(pathExpr: string, param: number): string {
    return `${pathExpr} <@ ANY($${param}::ltree[])`;
  }
}

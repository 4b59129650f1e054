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
 * `sqlWhere` (or {@link inSubtrees} where a repository is handed the paths) for queries.
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
   * The scope predicate for a query: `pathExpr` (an ltree expression such as `o.path`) in this scope. Binds
   * {@link paths} itself as the next parameter of `params` (see {@link inSubtrees}).
   */
  sqlWhere(pathExpr: string, params: unknown[]): string {
    return inSubtrees(pathExpr, this.paths, params);
  }
}

// The ltree operators are written here and nowhere else in the API (scope-predicate.spec.ts checks): a query
// limited by org goes through one of these, so a scope is always applied the same way.

/**
 * The scope predicate: `pathExpr` (an ltree expression such as `o.path`) is one of `roots` or lies under one.
 * `roots` are a caller's scope paths (`scope.paths`, or the part of them a request narrows to) or the target
 * subtrees of a record. Binds `roots` itself, as the next positional parameter of `params`, so a query cannot
 * bind the wrong value. No roots match no row: an empty scope fails closed.
 */
export function inSubtrees(pathExpr: string, roots: readonly string[], params: unknown[]): string {
  params.push([...roots]);
  return `${pathExpr} <@ ANY($${params.length}::ltree[])`;
}

/**
 * `pathExpr` lies in one of the subtrees at `roots` or above one of them: where a record's subtree and the
 * scope meet (a city's campaign seen by a county's staff). Binds `roots` like {@link inSubtrees}.
 */
export function meetsSubtrees(pathExpr: string, roots: readonly string[], params: unknown[]): string {
  params.push([...roots]);
  const n = params.length;
  return `(${pathExpr} <@ ANY($${n}::ltree[]) OR ${pathExpr} @> ANY($${n}::ltree[]))`;
}

/**
 * `pathExpr` is `rootExpr` or lies under it: one org's subtree (an org filter the caller's scope already
 * allowed, or a roll-up per org), never the scope itself. Both are SQL ltree expressions, e.g. `o.path` and
 * `$3::ltree` or `c.path`.
 */
export function subtreeOf(pathExpr: string, rootExpr: string): string {
  return `${pathExpr} <@ ${rootExpr}`;
}

/** `pathExpr` is `ofExpr` or an ancestor of it: an org and the unions above it. Both are SQL ltree expressions. */
export function ancestorOf(pathExpr: string, ofExpr: string): string {
  return `${pathExpr} @> ${ofExpr}`;
}

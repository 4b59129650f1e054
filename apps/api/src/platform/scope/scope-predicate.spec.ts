import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

import { Permission } from '@smartunion/contracts';

import { ancestorOf, inSubtrees, meetsSubtrees, OrgScope, subtreeOf } from './org-scope';

const SRC = join(__dirname, '..', '..');
const SCOPE_DIR = __dirname;

/** ltree containment, or an ltree[] of roots: only the helpers in org-scope.ts write these. */
const LTREE_SQL = /<@|@>|ltree\[\]/;

/**
 * Lines that may use one of those operators anyway, each matched by its file and a fragment of the line and
 * kept only with a reason.
 */
const ALLOWED: readonly { file: string; fragment: string; why: string }[] = [
  {
    file: 'modules/stations/stations.repository.ts',
    fragment: 's.amenities @> $',
    why: 'text[] containment (the station has every amenity asked for), not an org path',
  },
];

/** Comments may name the operators; only code builds SQL. */
const isComment = (line: string): boolean => /^\s*(\/\/|\/\*|\*)/.test(line);

/** The API's code outside platform/scope; tests are left out, as they run no query of the product. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return path === SCOPE_DIR ? [] : sourceFiles(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') ? [path] : [];
  });
}

describe('the scope predicate', () => {
  it('is written only by the helpers in platform/scope', () => {
    const found: string[] = [];
    for (const path of sourceFiles(SRC)) {
      const file = relative(SRC, path).split('\\').join('/');
      readFileSync(path, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (!LTREE_SQL.test(line) || isComment(line)) return;
          if (ALLOWED.some((a) => a.file === file && line.includes(a.fragment))) return;
          found.push(`apps/api/src/${file}:${i + 1}: ${line.trim()}`);
        });
    }
    // Use scope.sqlWhere / inSubtrees for a scope, subtreeOf / ancestorOf for one org's subtree or ancestors.
    expect(found).toEqual([]);
  });

  it('binds the roots itself, as the next parameter', () => {
    const params: unknown[] = ['active'];
    expect(inSubtrees('o.path', ['1.2', '1.3'], params)).toBe('o.path <@ ANY($2::ltree[])');
    expect(params).toEqual(['active', ['1.2', '1.3']]);

    const scope = new OrgScope('u', Permission.OrgRead, [{ orgId: '2', path: '1.2' }]);
    expect(scope.sqlWhere('f.path', params)).toBe('f.path <@ ANY($3::ltree[])');
    expect(params[2]).toEqual(['1.2']);
  });

  it('binds an empty scope as no roots, which match no row', () => {
    const params: unknown[] = [];
    const empty = new OrgScope('u', Permission.OrgRead, []);
    expect(empty.isEmpty).toBe(true);
    expect(empty.sqlWhere('o.path', params)).toBe('o.path <@ ANY($1::ltree[])');
    expect(params).toEqual([[]]);
  });

  it('binds the roots once for "within or above"', () => {
    const params: unknown[] = [];
    expect(meetsSubtrees('o.path', ['1.2'], params)).toBe(
      '(o.path <@ ANY($1::ltree[]) OR o.path @> ANY($1::ltree[]))',
    );
    expect(params).toEqual([['1.2']]);
  });

  it('writes single-subtree and ancestor checks between two expressions', () => {
    expect(subtreeOf('o.path', 'c.path')).toBe('o.path <@ c.path');
    expect(ancestorOf('a.path', '$1::ltree')).toBe('a.path @> $1::ltree');
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

import * as ts from 'typescript';

/**
 * Every table has one owner: the area whose migration creates it (ARCHITECTURE.md, "Boundaries"). This test
 * derives the owners from the migrations and fails on SQL in `src/modules/**` or `src/platform/**` that reads or
 * writes another area's table.
 *
 * Ownership is declared in the migrations, so a new one cannot forget it: each migration class's doc comment
 * names its area (`Area: points`), and a statement creating a table of another area says so in an SQL comment on
 * the line right before its CREATE (`-- area: identity`). Areas are the folders under `src/modules` plus
 * `platform`.
 *
 * Only string and template literals are read (comments in code never count), and of those only words in table
 * position: after FROM, JOIN, INTO, UPDATE, DELETE FROM, TABLE, TRUNCATE, USING and COPY, not qualified by an
 * alias (`o.users` is a column), not a CTE of the same statement. SQL comments and quoted strings inside the SQL
 * are blanked first. SQL keywords are written in upper case in this code base, and the scan relies on it (so
 * English like "from the station" is never SQL); a literal that starts like lower-case SQL fails the test.
 */

const API = join(__dirname, '..');
const SRC = join(API, 'src');
const MIGRATIONS_DIR = join(API, 'migrations');
const PLATFORM = 'platform';

/** The areas a migration may name: the folders under src/modules, and platform. */
const AREAS = new Set([
  ...readdirSync(join(SRC, 'modules'), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name),
  PLATFORM,
]);

type Access = 'read' | 'write';

/**
 * The explicit exceptions to "only the owner touches its table". Keep each one commented; when a new one seems
 * needed, add a method to the owner's exported service or a view to the owner's migration instead.
 */
const ALLOWED: readonly { table: string; access: Access; why: string }[] = [
  {
    // The org tree is the one shared structure: any area joins `orgs` to apply scope (`o.path <@ …` through the
    // scope helper) and to name the org a row belongs to. Only the orgs area changes it.
    table: 'orgs',
    access: 'read',
    why: 'any area may join orgs to apply scope',
  },
];
// Platform's own tables (audit_events, uploads, upload_chunks) are declared `-- area: platform` in their
// migrations, so AuditService and UploadStore pass as owners; areas reach them through those services only.
// Views pass for reads: a view in its owner's migration is the contract it publishes for set-based SQL.

interface Owner {
  area: string;
  kind: 'table' | 'view';
  migration: string;
}

interface Literal {
  /** The literal's source text, `${…}` substitutions blanked, same length as the source so offsets map back. */
  text: string;
  start: number;
}

/** Every string and template literal of a source file, with substitutions replaced by `#` (keeping newlines). */
function literalsOf(sf: ts.SourceFile): Literal[] {
  const found: Literal[] = [];
  const blank = (s: string): string => s.replace(/[^\n]/g, '#');
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      const start = node.getStart(sf);
      const raw = sf.text.slice(start, node.end);
      found.push({ text: ` ${raw.slice(1, -1)} `, start });
      return;
    }
    if (ts.isTemplateExpression(node)) {
      const start = node.getStart(sf);
      let text = sf.text.slice(start, node.end);
      for (const span of node.templateSpans) {
        // From the `${` before the expression to the `}` that closes it.
        const from = span.expression.getFullStart() - 2 - start;
        const to = span.literal.getStart(sf) + 1 - start;
        text = text.slice(0, from) + blank(text.slice(from, to)) + text.slice(to);
        visit(span.expression);
      }
      found.push({ text: ` ${text.slice(1, -1)} `, start });
      return;
    }
    node.forEachChild(visit);
  };
  visit(sf);
  return found;
}

/** SQL comments and quoted strings blanked (same length), so neither can name a table. */
function stripSql(text: string): string {
  const blank = (s: string): string => s.replace(/[^\n]/g, ' ');
  return text.replace(/--[^\n]*|\/\*[\s\S]*?\*\/|'(?:[^'\\]|''|\\.)*'/g, blank);
}

const TOKEN =
  /"[^"\n]+"(?:\."[^"\n]+"|\.[A-Za-z_]\w*)*|[A-Za-z_][\w$]*(?:\.(?:"[^"\n]+"|[A-Za-z_][\w$]*))*|\S/g;
const SQL_HINT =
  /\b(?:FROM|JOIN|INTO|UPDATE|TABLE|TRUNCATE|USING|COPY)\b|[`'"]\s*(?:select|insert|update|delete)\s/;
const TABLE_KEYWORDS = new Set(['FROM', 'JOIN', 'INTO', 'UPDATE', 'TABLE', 'TRUNCATE', 'USING', 'COPY']);
/** Keywords naming a table written to (and DELETE FROM); FROM, JOIN and USING read. */
const WRITE_KEYWORDS = new Set(['INTO', 'UPDATE', 'TABLE', 'TRUNCATE', 'COPY']);
/** Keywords after which a comma starts another table of the same list. */
const LIST_KEYWORDS = new Set(['FROM', 'USING', 'TRUNCATE']);
/** Keywords after which `name (` is a table and its column list, not a function call. */
const COLUMN_LIST_KEYWORDS = new Set(['INTO', 'COPY', 'TABLE']);
const IDENT = /^(?:"[^"]+"|[A-Za-z_][\w$]*)(?:\.(?:"[^"]+"|[A-Za-z_][\w$]*))*$/;
const ALIAS = /^[a-z_][a-z0-9_]*$/;

interface TableUse {
  table: string;
  access: Access;
  /** Offset in the literal's text. */
  offset: number;
}

/** The tables an SQL text names in table position. Unknown words are returned too; the caller filters. */
function tablesIn(sql: string): TableUse[] {
  const text = stripSql(sql);
  const tokens = [...text.matchAll(TOKEN)].map((m) => ({ t: m[0], at: m.index }));
  // CTE names of this text (`WITH x AS (`, `, y (a, b) AS MATERIALIZED (`): references to them are not tables.
  const ctes = new Set(
    [...text.matchAll(/\b([a-z_]\w*)\s*(?:\([^()]*\)\s*)?AS\s+(?:NOT\s+)?(?:MATERIALIZED\s+)?\(/g)].map(
      (m) => m[1],
    ),
  );
  const uses: TableUse[] = [];
  const skipParens = (j: number): number => {
    let depth = 0;
    for (; j < tokens.length; j++) {
      if (tokens[j].t === '(') depth++;
      else if (tokens[j].t === ')' && --depth === 0) return j + 1;
    }
    return j;
  };
  tokens.forEach(({ t: keyword }, i) => {
    if (!TABLE_KEYWORDS.has(keyword)) return;
    const previous = tokens[i - 1]?.t;
    if (keyword === 'FROM' && previous === 'DISTINCT') return; // IS DISTINCT FROM <expression>
    const access: Access = WRITE_KEYWORDS.has(keyword) || previous === 'DELETE' ? 'write' : 'read';
    let j = i + 1;
    while (['ONLY', 'LATERAL'].includes(tokens[j]?.t)) j++;
    for (;;) {
      const item = tokens[j];
      if (!item) return;
      if (item.t === '(') j = skipParens(j);
      // A keyword (TABLE, STDIN, SET…) ends the list: tables are lower case here.
      else if (/^[A-Z_]+$/.test(item.t)) return;
      else if (IDENT.test(item.t)) {
        if (tokens[j + 1]?.t === '(' && !COLUMN_LIST_KEYWORDS.has(keyword)) {
          j = skipParens(j + 1); // a function: unnest(…), generate_series(…)
        } else {
          const parts = item.t.split('.').map((p) => p.replace(/"/g, ''));
          // `public.members` is a table; `o.users` is a column of alias o.
          const table =
            parts.length === 1 ? parts[0] : parts.length === 2 && parts[0] === 'public' ? parts[1] : null;
          if (table && !ctes.has(table)) uses.push({ table, access, offset: item.at });
          j++;
        }
      } else return;
      if (!LIST_KEYWORDS.has(keyword)) return;
      // [AS] alias [(column aliases)], then a comma for another table of the list.
      if (tokens[j]?.t === 'AS') j++;
      if (tokens[j] && ALIAS.test(tokens[j].t)) j++;
      if (tokens[j]?.t === '(') j = skipParens(j);
      if (tokens[j]?.t !== ',') return;
      j++;
    }
  });
  return uses;
}

/** The tables and views each area's migrations create, from their `Area:` declarations. */
function owners(): { owners: Map<string, Owner>; problems: string[] } {
  const index = readFileSync(join(MIGRATIONS_DIR, 'index.ts'), 'utf8');
  const files = [...index.matchAll(/from '\.\/([^']+)'/g)].map((m) => `${m[1]}.ts`);
  const found = new Map<string, Owner>();
  const problems: string[] = [];
  const areaProblem = (area: string | undefined, where: string): string | undefined =>
    area === undefined
      ? `${where}: no area declared — add "Area: <area>" to the migration class's doc comment`
      : AREAS.has(area)
        ? undefined
        : `${where}: unknown area "${area}" (areas: ${[...AREAS].sort().join(', ')})`;
  for (const file of files) {
    const path = join(MIGRATIONS_DIR, file);
    const sf = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
    const migrationClass = sf.statements.find(ts.isClassDeclaration);
    const where = `apps/api/migrations/${file}`;
    if (!migrationClass) {
      problems.push(`${where}: no migration class`);
      continue;
    }
    const docs = (ts.getLeadingCommentRanges(sf.text, migrationClass.getFullStart()) ?? [])
      .map((r) => sf.text.slice(r.pos, r.end))
      .filter((c) => c.startsWith('/**'));
    const area = /\bArea:\s*([a-z][\w-]*)/.exec(docs.join('\n'))?.[1];
    const problem = areaProblem(area, where);
    if (problem) problems.push(problem);
    for (const literal of literalsOf(sf)) {
      const creates =
        /(?:--\s*area:\s*([a-z][\w-]*)[^\S\n]*\n\s*)?\bCREATE\s+(?:OR\s+REPLACE\s+)?(?:(?:TEMP|TEMPORARY|UNLOGGED|MATERIALIZED|RECURSIVE)\s+)*(TABLE|VIEW)\s+(?:IF\s+NOT\s+EXISTS\s+)?(?:public\.)?"?([A-Za-z_]\w*)"?/g;
      for (const m of literal.text.matchAll(creates)) {
        const [, override, kind, name] = m;
        const line = sf.getLineAndCharacterOfPosition(literal.start + m.index).line + 1;
        const owner = override ?? area;
        const overrideProblem = override ? areaProblem(override, `${where}:${line}`) : undefined;
        if (overrideProblem) problems.push(overrideProblem);
        if (!owner || !AREAS.has(owner)) continue;
        const before = found.get(name);
        if (before && before.area !== owner) {
          problems.push(
            `${where}:${line}: ${name} is created by ${owner} here but owned by ${before.area} (${before.migration})`,
          );
          continue;
        }
        found.set(name, { area: owner, kind: kind === 'VIEW' ? 'view' : 'table', migration: file });
      }
    }
  }
  return { owners: found, problems };
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const path = join(dir, d.name);
    if (d.isDirectory()) return sourceFiles(path);
    return d.name.endsWith('.ts') && !d.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** The area a source file belongs to: its folder under src/modules, or platform. */
function areaOf(path: string): string {
  const [top, area] = relative(SRC, path).split(/[\\/]/);
  return top === 'modules' ? area : PLATFORM;
}

function violations(owned: Map<string, Owner>): string[] {
  const found: string[] = [];
  const files = [...sourceFiles(join(SRC, 'modules')), ...sourceFiles(join(SRC, PLATFORM))];
  for (const path of files) {
    const area = areaOf(path);
    const source = readFileSync(path, 'utf8');
    // Parsing is the slow part; a file without a table keyword has no SQL to check.
    if (!SQL_HINT.test(source)) continue;
    const sf = ts.createSourceFile(path, source, ts.ScriptTarget.Latest, true);
    const where = (offset: number): string =>
      `${relative(join(API, '..', '..'), path)}:${sf.getLineAndCharacterOfPosition(offset).line + 1}`;
    for (const literal of literalsOf(sf)) {
      if (
        /^\s*(?:select\s[\s\S]*\sfrom\s|insert\s+into\s|delete\s+from\s|update\s+\w+\s+set\s)/.test(
          literal.text,
        )
      ) {
        found.push(
          `${where(literal.start)}: write SQL keywords in upper case (the ownership scan reads only those)`,
        );
      }
      for (const use of tablesIn(literal.text)) {
        const owner = owned.get(use.table);
        if (!owner || owner.area === area) continue;
        if (owner.kind === 'view' && use.access === 'read') continue;
        if (ALLOWED.some((a) => a.table === use.table && a.access === use.access)) continue;
        const what = use.access === 'read' ? 'reads' : 'writes';
        found.push(
          `${where(literal.start + use.offset)}: ${area} ${what} ${owner.kind} ${use.table}, owned by ${owner.area} ` +
            `(${owner.migration}) — call the owner's exported service or read a view it publishes`,
        );
      }
    }
  }
  return found;
}

describe('table ownership', () => {
  const { owners: owned, problems } = owners();

  it('every migration declares a known area for what it creates', () => {
    expect(problems).toEqual([]);
  });

  it('derives owners from the migrations, overrides included', () => {
    expect(owned.get('orgs')?.area).toBe('orgs');
    expect(owned.get('role_bindings')?.area).toBe('identity');
    expect(owned.get('audit_events')?.area).toBe(PLATFORM);
    expect(owned.get('uploads')?.area).toBe(PLATFORM);
    expect(owned.get('notices')?.area).toBe('notices');
    expect(owned.get('members')?.area).toBe('membership');
  });

  it('no area reads or writes a table another area owns', () => {
    const found = violations(owned);
    if (found.length) {
      throw new Error(`${found.length} statement(s) cross an area boundary:\n  ${found.join('\n  ')}`);
    }
  });
});

describe('the SQL scan', () => {
  const scan = (source: string): string[] =>
    literalsOf(ts.createSourceFile('x.ts', source, ts.ScriptTarget.Latest, true)).flatMap((l) =>
      tablesIn(l.text).map((u) => `${u.access} ${u.table}`),
    );

  it('finds tables in every table position', () => {
    const sql = `const q = \`
      WITH due AS (SELECT id FROM coupons c JOIN LATERAL unnest($1::bigint[]) x(id) ON true)
      SELECT * FROM due, public.members m LEFT JOIN "stations" s ON s.id = m.id;
      INSERT INTO point_entries (a) VALUES (1); UPDATE users SET x = 1;
      DELETE FROM uploads USING orgs o WHERE true; TRUNCATE TABLE notices; COPY roster_imports (a) FROM STDIN\`;`;
    expect(scan(sql)).toEqual([
      'read coupons',
      'read members',
      'read stations',
      'write point_entries',
      'write users',
      'write uploads',
      'read orgs',
      'write notices',
      'write roster_imports',
    ]);
  });

  it('ignores columns, comments, strings, prose and substitutions', () => {
    const source = `
      // SELECT * FROM users
      const a = 'Too far from the station: join members first';
      const b = \`SELECT o.users, EXTRACT(EPOCH FROM now()), x IS DISTINCT FROM members
                   FROM \${table} -- JOIN users
                  WHERE note = 'FROM users' /* JOIN members */\`;`;
    expect(scan(source)).toEqual([]);
  });
});

import {
  AREA_CODE_PATTERN,
  ORG_CODE_PATTERN,
  ORG_TYPES,
  type OrgType,
  type RowError,
} from '@smartunion/contracts';

import { placementProblem } from './org-rules';

/** One data line of an org-tree CSV as read, before validation. */
export interface OrgImportRow {
  line: number;
  code: string;
  name: string;
  type: string;
  areaCode: string;
  parentCode: string;
}

export interface ExistingOrg {
  code: string;
  name: string;
  type: OrgType;
  areaCode: string;
  path: string;
  parentCode: string | null;
}

export interface PlannedOrg {
  line: number;
  code: string;
  name: string;
  type: OrgType;
  areaCode: string;
  parentCode: string;
  /** 1 = parent already in the database; n = parent planned at depth n-1. Insert in depth order. */
  depth: number;
}

export interface OrgImportPlan {
  errors: RowError[];
  creates: PlannedOrg[];
  unchanged: number;
}

const isOrgType = (t: string): t is OrgType => (ORG_TYPES as readonly string[]).includes(t);

/**
 * Validates every row against the file, the database and the caller's scope, and orders the new orgs so each
 * parent is created before its children. Any error means nothing is imported; all errors are reported at once.
 */
export function planOrgImport(
  rows: OrgImportRow[],
  existing: ReadonlyMap<string, ExistingOrg>,
  inScope: (path: string) => boolean,
): OrgImportPlan {
  const errors: RowError[] = [];
  const fail = (line: number, field: string | undefined, reason: string): void => {
    errors.push({ line, field, reason });
  };

  // 1. Each row on its own.
  const firstLineOf = new Map<string, number>();
  const candidates = new Map<string, PlannedOrg>();
  let unchanged = 0;
  for (const row of rows) {
    const bad = errors.length;
    if (!ORG_CODE_PATTERN.test(row.code)) fail(row.line, 'code', 'code must be 2–40 letters, digits, - or _');
    if (row.name.length < 2 || row.name.length > 100) fail(row.line, 'name', 'name must be 2–100 characters');
    if (!isOrgType(row.type)) fail(row.line, 'type', `type must be one of ${ORG_TYPES.join(', ')}`);
    if (!AREA_CODE_PATTERN.test(row.areaCode))
      fail(row.line, 'area_code', 'area_code must be a six-digit GB/T 2260 code');
    if (!row.parentCode)
      fail(row.line, 'parent_code', 'parent_code is required (the root cannot be imported)');
    if (ORG_CODE_PATTERN.test(row.code)) {
      const first = firstLineOf.get(row.code);
      if (first !== undefined) fail(row.line, 'code', `code ${row.code} already appears on line ${first}`);
      else firstLineOf.set(row.code, row.line);
    }
    if (errors.length > bad || !isOrgType(row.type)) continue;

    const known = existing.get(row.code);
    if (known) {
      const same =
        known.name === row.name &&
        known.type === row.type &&
        known.areaCode === row.areaCode &&
        known.parentCode === row.parentCode;
      if (same) unchanged += 1;
      else
        fail(row.line, 'code', `code ${row.code} is already used by "${known.name}" with different details`);
      continue;
    }
    candidates.set(row.code, { ...row, type: row.type, depth: 0 });
  }

  // 2. Parents, placement and depth. Depth is resolved by walking up through planned rows.
  const resolving = new Set<string>();
  const invalid = new Set<string>();
  const depthOf = (org: PlannedOrg): number => {
    if (org.depth > 0) return org.depth;
    if (invalid.has(org.code)) return -1;
    if (resolving.has(org.code)) {
      fail(org.line, 'parent_code', 'parent_code forms a cycle');
      invalid.add(org.code);
      return -1;
    }
    const depth = resolveDepth(org);
    if (depth < 0) invalid.add(org.code);
    else org.depth = depth;
    return depth;
  };
  const resolveDepth = (org: PlannedOrg): number => {
    const parentDb = existing.get(org.parentCode);
    const parentRow = candidates.get(org.parentCode);
    if (parentDb) {
      if (!inScope(parentDb.path)) {
        fail(org.line, 'parent_code', `parent ${org.parentCode} is outside your scope`);
        return -1;
      }
      return placed(org, parentDb) ? 1 : -1;
    }
    if (!parentRow) {
      fail(
        org.line,
        'parent_code',
        `parent ${org.parentCode} is neither in the file nor an existing organisation`,
      );
      return -1;
    }
    resolving.add(org.code);
    const parentDepth = depthOf(parentRow);
    resolving.delete(org.code);
    if (invalid.has(org.code)) return -1; // reported as part of a cycle already
    if (parentDepth < 0) {
      fail(org.line, 'parent_code', `parent ${org.parentCode} (line ${parentRow.line}) is invalid`);
      return -1;
    }
    return placed(org, parentRow) ? parentDepth + 1 : -1;
  };
  const placed = (org: PlannedOrg, parent: { type: OrgType; areaCode: string }): boolean => {
    const problem = placementProblem(parent, org);
    if (problem) fail(org.line, problem.kind === 'area' ? 'area_code' : 'type', problem.message);
    return !problem;
  };
  for (const org of candidates.values()) depthOf(org);

  errors.sort((a, b) => a.line - b.line);
  const creates = [...candidates.values()]
    .filter((o) => o.depth > 0)
    .sort((a, b) => a.depth - b.depth || a.line - b.line);
  return { errors, creates: errors.length > 0 ? [] : creates, unchanged };
}

import {
  hasUnsafeText,
  ID_NUMBER_PROBLEM_LABELS,
  MOBILE_PATTERN,
  OCCUPATION_LABELS,
  OCCUPATIONS,
  type Occupation,
  ORG_CODE_PATTERN,
  parseIdNumber,
  ROSTER_COLUMN_LABELS,
  ROSTER_COLUMNS,
  type RosterColumn,
  UNSAFE_TEXT_LABEL,
} from '@smartunion/contracts';

import type { PersonInput } from './person-data';
import { columnOfHeader } from './roster-headers';

/** One problem of one row, as the error report lists it. `field` is '' for the row as a whole. */
export interface RowProblem {
  field: RosterColumn | '';
  reason: string;
}

/** Where each column sits in the file's rows (0-based), `union_code` may be absent; `width` counts every header cell. */
export type ColumnMap = Readonly<Record<RosterColumn, number | undefined>> & { readonly width: number };

export const REQUIRED_COLUMNS: readonly RosterColumn[] = ROSTER_COLUMNS.filter((c) => c !== 'union_code');

const HEADER_HINT =
  `表头应为：${ROSTER_COLUMNS.map((c) => ROSTER_COLUMN_LABELS[c]).join('、')}（${ROSTER_COLUMN_LABELS.union_code}列可省略），` +
  `或英文表头 ${ROSTER_COLUMNS.join(',')}；可下载导入模板对照`;

/**
 * Reads the header row: the roster columns in any order, each once, `union_code` optional, in Chinese (with the
 * usual variants, see roster-headers.ts) or as the English codes. Columns the import does not need (性别, 民族…)
 * are read past; blank cells after the last column (Excel often leaves some) are ignored. Reasons are Chinese.
 */
export function readHeader(
  cells: readonly string[],
): { ok: true; columns: ColumnMap } | { ok: false; reason: string } {
  const names = cells.map((c) => c.replace(/\p{Cf}/gu, '').trim());
  while (names.length > 0 && names[names.length - 1] === '') names.pop();
  const map: Partial<Record<RosterColumn, number>> = {};
  const refuse = (problem: string): { ok: false; reason: string } => ({
    ok: false,
    reason: `表头不正确：${problem}。${HEADER_HINT}`,
  });
  for (const [i, name] of names.entries()) {
    if (name === '') return refuse(`第${i + 1}列没有列名`);
    const column = columnOfHeader(name);
    if (column === 'ignored') continue;
    if (!column) return refuse(`第${i + 1}列「${name}」无法识别`);
    const earlier = map[column];
    if (earlier !== undefined) {
      return refuse(`第${earlier + 1}列和第${i + 1}列都是「${ROSTER_COLUMN_LABELS[column]}」`);
    }
    map[column] = i;
  }
  const missing = REQUIRED_COLUMNS.filter((c) => map[c] === undefined);
  if (missing.length > 0)
    return refuse(`缺少${missing.map((c) => `「${ROSTER_COLUMN_LABELS[c]}」`).join('')}列`);
  return {
    ok: true,
    columns: {
      ...(Object.fromEntries(ROSTER_COLUMNS.map((c) => [c, map[c]])) as Record<
        RosterColumn,
        number | undefined
      >),
      width: names.length,
    },
  };
}

/** True for a row with nothing in it (blank lines, rows of empty cells). */
export const isBlankRow = (cells: readonly string[]): boolean => cells.every((c) => c.trim() === '');

/** A checked row, ready to seal and load. `unionCode` null means "the import's own union". */
export interface RosterRowValue {
  person: PersonInput;
  unionCode: string | null;
}

export interface RosterRowCheck {
  line: number;
  problems: RowProblem[];
  /** Present when the row has no problems. */
  value?: RosterRowValue;
  /** The normalised ID number whenever it is valid, even if other fields are not (for duplicate checks). */
  idNumber?: string;
}

const codePoints = (s: string): number => [...s].length;

const OCCUPATION_BY_TEXT: ReadonlyMap<string, Occupation> = new Map([
  ...OCCUPATIONS.map((o) => [o, o] as const),
  ...OCCUPATIONS.map((o) => [OCCUPATION_LABELS[o], o] as const),
]);

const OCCUPATION_HINT = OCCUPATIONS.map((o) => OCCUPATION_LABELS[o]).join('、');

const BOOLEANS: ReadonlyMap<string, boolean> = new Map([
  ['true', true],
  ['false', false],
  ['是', true],
  ['否', false],
  ['1', true],
  ['0', false],
]);

function text(
  value: string,
  field: RosterColumn,
  min: number,
  max: number,
  label: string,
  problems: RowProblem[],
): string {
  const v = value.trim();
  // Control characters (NUL would not even store), bidi controls and zero-width characters garble every list.
  if (hasUnsafeText(v)) {
    problems.push({ field, reason: `${label}${UNSAFE_TEXT_LABEL}` });
  } else if (codePoints(v) < min || codePoints(v) > max) {
    problems.push({
      field,
      reason:
        min === max ? `${label}应为${min}个字` : `${label}应为${min}至${max}个字，实为${codePoints(v)}个字`,
    });
  }
  return v;
}

/** A mobile number as people type it: spaces and dashes dropped, a +86/86 prefix removed. */
export function normalizeMobile(raw: string): string {
  const digits = raw.replace(/[\s-]/g, '');
  return /^(\+?86)1\d{10}$/.test(digits) ? digits.slice(-11) : digits;
}

/**
 * Checks one data row against the roster rules: name 2–30 characters, a valid resident ID number, a mainland
 * mobile, employer 1–100 characters, a known occupation (code or Chinese label), new_employment_form as
 * true/false/是/否/1/0, and a well-formed union code when one is given. Reasons are for the cadre, in Chinese.
 * `today` (YYYY-MM-DD, Asia/Shanghai) bounds birth dates.
 */
export function checkRosterRow(
  line: number,
  cells: readonly string[],
  columns: ColumnMap,
  today: string,
): RosterRowCheck {
  const problems: RowProblem[] = [];
  const cell = (c: RosterColumn): string => {
    const at = columns[c];
    return at === undefined ? '' : (cells[at] ?? '');
  };
  const width = columns.width;
  if (cells.slice(width).some((c) => c.trim() !== '')) {
    problems.push({ field: '', reason: `列数多于表头（表头共${width}列）` });
  }

  const name = text(cell('name'), 'name', 2, 30, '姓名', problems);

  let idNumber: string | undefined;
  const id = parseIdNumber(cell('id_number'), today);
  if (id.ok) idNumber = id.info.normalized;
  else problems.push({ field: 'id_number', reason: ID_NUMBER_PROBLEM_LABELS[id.problem] });

  const mobile = normalizeMobile(cell('mobile'));
  if (!MOBILE_PATTERN.test(mobile))
    problems.push({ field: 'mobile', reason: '手机号应为11位中国大陆手机号码' });

  const employer = text(cell('employer'), 'employer', 1, 100, '工作单位', problems);

  const occupationText = cell('occupation').trim();
  const occupation =
    OCCUPATION_BY_TEXT.get(occupationText) ?? OCCUPATION_BY_TEXT.get(occupationText.toLowerCase());
  if (!occupation) problems.push({ field: 'occupation', reason: `职业应为以下之一：${OCCUPATION_HINT}` });

  const newEmploymentForm = BOOLEANS.get(cell('new_employment_form').trim().toLowerCase());
  if (newEmploymentForm === undefined) {
    problems.push({ field: 'new_employment_form', reason: '是否新就业形态应填 是/否、true/false 或 1/0' });
  }

  const unionCode = cell('union_code').trim();
  if (unionCode !== '' && !ORG_CODE_PATTERN.test(unionCode)) {
    problems.push({ field: 'union_code', reason: '工会代码格式不正确' });
  }

  if (problems.length > 0 || !idNumber || !occupation || newEmploymentForm === undefined) {
    return { line, problems, idNumber };
  }
  return {
    line,
    problems,
    idNumber,
    value: {
      person: { name, mobile, idNumber, employer, occupation, newEmploymentForm },
      unionCode: unionCode === '' ? null : unionCode,
    },
  };
}

/**
 * The first line of each ID number seen in a file, for "duplicate of line N". Memory stays small at a million
 * rows: a valid ID number is fixed by its first 17 digits, kept as two 32-bit halves in an open-addressing
 * table (12 bytes a slot) instead of a Map of strings.
 */
export class IdNumberLines {
  private keys = new Uint32Array(2 * 1024);
  private lines = new Uint32Array(1024);
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Records `line` for a normalised ID number; returns the earlier line if it was seen before. */
  firstLine(idNumber: string, line: number): number | undefined {
    const hi = Number(idNumber.slice(0, 9));
    const lo = Number(idNumber.slice(9, 17));
    const found = this.find(hi, lo);
    if (this.lines[found] !== 0) return this.lines[found];
    this.keys[2 * found] = hi;
    this.keys[2 * found + 1] = lo;
    this.lines[found] = line;
    this.count += 1;
    if (this.count * 2 > this.lines.length) this.grow();
    return undefined;
  }

  /** The slot holding (hi, lo), or the empty slot where it belongs. Line 0 marks an empty slot. */
  private find(hi: number, lo: number): number {
    const mask = this.lines.length - 1;
    let slot = (Math.imul(hi ^ Math.imul(lo, 0x9e3779b1), 0x85ebca6b) >>> 0) & mask;
    while (this.lines[slot] !== 0 && (this.keys[2 * slot] !== hi || this.keys[2 * slot + 1] !== lo)) {
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  private grow(): void {
    const keys = this.keys;
    const lines = this.lines;
    this.keys = new Uint32Array(keys.length * 2);
    this.lines = new Uint32Array(lines.length * 2);
    for (let i = 0; i < lines.length; i += 1) {
      if (lines[i] === 0) continue;
      const slot = this.find(keys[2 * i], keys[2 * i + 1]);
      this.keys[2 * slot] = keys[2 * i];
      this.keys[2 * slot + 1] = keys[2 * i + 1];
      this.lines[slot] = lines[i];
    }
  }
}

import { ROSTER_COLUMN_LABELS, ROSTER_COLUMNS, type RosterColumn } from '@smartunion/contracts';

/**
 * A header cell reduced to what identifies it: full-width forms folded to half-width (NFKC), invisible
 * format characters (BOM, zero-width spaces) dropped, bracketed remarks such as "（必填）" or "(18位)" and
 * required-markers (*) removed, spaces, underscores and dashes removed, lower-cased.
 */
export function headerKey(cell: string): string {
  return cell
    .normalize('NFKC')
    .replace(/\p{Cf}/gu, '')
    .replace(/[([【〔][^)\]】〕]*[)\]】〕]/g, '')
    .replace(/[*\s_-]/g, '')
    .toLowerCase();
}

/** The spellings cadres' rosters use for each column, English codes included. */
const ALIASES: Readonly<Record<RosterColumn, readonly string[]>> = {
  name: ['姓名', '名字', '会员姓名', '职工姓名', '员工姓名'],
  id_number: [
    '身份证号',
    '身份证号码',
    '公民身份号码',
    '公民身份证号码',
    '身份证',
    '身份证件号码',
    '证件号码',
    'idcard',
    'idno',
  ],
  mobile: ['手机号', '手机号码', '联系电话', '手机', '电话', '联系方式', '移动电话', 'phone', 'mobilephone'],
  employer: ['工作单位', '单位名称', '单位', '所在单位', '就业单位', '工作单位名称'],
  occupation: ['职业', '工种', '职业类别', '职业类型'],
  new_employment_form: ['是否新就业形态', '新就业形态', '是否新就业形态劳动者', '新就业形态劳动者'],
  union_code: [
    '工会编码',
    '工会代码',
    '组织编码',
    '组织代码',
    '所属工会编码',
    '所属工会代码',
    '基层工会编码',
    '基层工会代码',
  ],
};

/**
 * Columns a roster often carries that the import does not need: gender and birth date come from the ID
 * number, the rest is not kept. They are read past rather than refused.
 */
const IGNORED = [
  '序号',
  '性别',
  '民族',
  '出生日期',
  '出生年月',
  '年龄',
  '政治面貌',
  '学历',
  '文化程度',
  '籍贯',
  '户籍所在地',
  '住址',
  '家庭住址',
  '备注',
].map(headerKey);

const COLUMN_BY_KEY: ReadonlyMap<string, RosterColumn> = new Map(
  ROSTER_COLUMNS.flatMap((c) =>
    [c, ROSTER_COLUMN_LABELS[c], ...ALIASES[c]].map((a) => [headerKey(a), c] as const),
  ),
);

/** What one header cell names: a roster column, a column to read past, or nothing we know. */
export function columnOfHeader(cell: string): RosterColumn | 'ignored' | undefined {
  const key = headerKey(cell);
  return COLUMN_BY_KEY.get(key) ?? (IGNORED.includes(key) ? 'ignored' : undefined);
}

import { PassThrough } from 'node:stream';

import {
  idNumberCheckChar,
  OCCUPATION_LABELS,
  OCCUPATIONS,
  ROSTER_COLUMN_LABELS,
  ROSTER_COLUMNS,
  type RosterColumn,
} from '@smartunion/contracts';
import { Workbook } from 'exceljs';

import type { FileDownload } from '../../platform/files/download';
import { TABULAR_CONTENT_TYPES } from '../../platform/files/tabular-stream';

export const ROSTER_TEMPLATE_FILE_NAME = '会员名册导入模板.xlsx';

/** Rows the template's drop-downs and text format cover; cadres rarely paste more into a template at once. */
const TEMPLATE_ROWS = 2000;

/** A made-up person (Beijing Dongcheng, 1990-01-01): the ID number is well formed, its check character right. */
const EXAMPLE_FIRST17 = '11010119900101123';
export const ROSTER_TEMPLATE_EXAMPLE: Readonly<Record<RosterColumn, string>> = {
  name: '陈晓明',
  id_number: `${EXAMPLE_FIRST17}${idNumberCheckChar(EXAMPLE_FIRST17)}`,
  mobile: '13800138000',
  employer: '示例外卖配送站',
  occupation: OCCUPATION_LABELS.delivery_rider,
  new_employment_form: '是',
  union_code: '',
};

const WIDTHS: Readonly<Record<RosterColumn, number>> = {
  name: 12,
  id_number: 22,
  mobile: 15,
  employer: 28,
  occupation: 14,
  new_employment_form: 16,
  union_code: 16,
};

const NOTES: readonly [string, string][] = [
  ['姓名', '必填，2至30个字'],
  ['身份证号', '必填，18位居民身份证号，最后一位可为X；同一文件中不可重复'],
  ['手机号', '必填，11位中国大陆手机号'],
  ['工作单位', '必填，1至100个字'],
  ['职业', `必填，填以下之一：${OCCUPATIONS.map((o) => OCCUPATION_LABELS[o]).join('、')}`],
  ['是否新就业形态', '必填，填 是 或 否'],
  ['工会代码', '导入到基层工会时可不填（即归属该工会）；导入到上级工会时必填，写会员所属基层工会的代码'],
  ['', ''],
  [
    '说明',
    '第一行为表头，请勿修改；第2行是示例，请删除或替换为真实会员后再上传。也可上传 CSV（UTF-8 或 GBK）。',
  ],
];

/**
 * The roster import template: the Chinese header, one example row, drop-downs for 职业 and 是否新就业形态,
 * ID number and mobile columns formatted as text (so Excel keeps all 18 digits), and a sheet of notes after the
 * roster sheet (the import reads the first sheet only).
 */
export function rosterTemplate(): FileDownload {
  const workbook = new Workbook();
  const sheet = workbook.addWorksheet('会员名册', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = ROSTER_COLUMNS.map((c) => ({
    header: ROSTER_COLUMN_LABELS[c],
    key: c,
    width: WIDTHS[c],
    style: c === 'id_number' || c === 'mobile' || c === 'union_code' ? { numFmt: '@' } : {},
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.addRow(ROSTER_COLUMNS.map((c) => ROSTER_TEMPLATE_EXAMPLE[c]));
  const columnOf = (c: RosterColumn): string => String.fromCharCode(65 + ROSTER_COLUMNS.indexOf(c));
  const lists: [RosterColumn, string][] = [
    ['occupation', `"${OCCUPATIONS.map((o) => OCCUPATION_LABELS[o]).join(',')}"`],
    ['new_employment_form', '"是,否"'],
  ];
  for (const [column, formula] of lists) {
    for (let r = 2; r <= TEMPLATE_ROWS; r += 1) {
      sheet.getCell(`${columnOf(column)}${r}`).dataValidation = {
        type: 'list',
        allowBlank: true,
        formulae: [formula],
        showErrorMessage: true,
        errorTitle: '请从列表中选择',
        error: `请选择${ROSTER_COLUMN_LABELS[column]}`,
      };
    }
  }
  const notes = workbook.addWorksheet('填写说明');
  notes.columns = [
    { header: '列', key: 'column', width: 16 },
    { header: '填写要求', key: 'rule', width: 90 },
  ];
  notes.getRow(1).font = { bold: true };
  notes.addRows([...NOTES]);

  const stream = new PassThrough();
  workbook.xlsx
    .write(stream)
    .catch((e: unknown) => stream.destroy(e instanceof Error ? e : new Error(String(e))));
  return { stream, fileName: ROSTER_TEMPLATE_FILE_NAME, contentType: TABULAR_CONTENT_TYPES.xlsx };
}

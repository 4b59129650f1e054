import { ROSTER_COLUMN_LABELS, ROSTER_COLUMNS } from '@smartunion/contracts';

import { columnOfHeader, headerKey } from './roster-headers';
import { checkRosterRow, readHeader } from './roster-row';

describe('roster headers in Chinese', () => {
  it('reads the template header and the usual spellings of each column', () => {
    expect(readHeader(ROSTER_COLUMNS.map((c) => ROSTER_COLUMN_LABELS[c]))).toMatchObject({
      ok: true,
      columns: {
        name: 0,
        id_number: 1,
        mobile: 2,
        employer: 3,
        occupation: 4,
        new_employment_form: 5,
        union_code: 6,
      },
    });
    const variants: [string, string][] = [
      ['身份证号码', 'id_number'],
      ['公民身份号码', 'id_number'],
      ['手机号码', 'mobile'],
      ['联系电话', 'mobile'],
      ['工会编码', 'union_code'],
      ['组织编码', 'union_code'],
      ['单位名称', 'employer'],
      ['工种', 'occupation'],
      ['新就业形态', 'new_employment_form'],
    ];
    for (const [cell, column] of variants) expect(columnOfHeader(cell)).toBe(column);
  });

  it('ignores BOM, spaces, full-width forms, required markers and bracketed remarks', () => {
    for (const cell of [
      '\uFEFF姓名',
      ' 姓 名 ',
      '姓名（必填）',
      '姓名(必填)',
      '*姓名',
      '姓名【必填】',
      '姓\u3000名',
      '姓名\u200b',
    ]) {
      expect(columnOfHeader(cell)).toBe('name');
    }
    expect(columnOfHeader('身份证号（18位，必填）')).toBe('id_number');
    expect(columnOfHeader('工会代码(导入到基层工会时可不填)')).toBe('union_code');
    expect(headerKey('ＩＤ＿Ｎｕｍｂｅｒ')).toBe('idnumber');
  });

  it('keeps the English codes, in any case and spacing', () => {
    for (const [cell, column] of [
      ['ID_NUMBER', 'id_number'],
      ['Id Number', 'id_number'],
      ['New_Employment_Form', 'new_employment_form'],
      ['UNION_CODE', 'union_code'],
      ['\uFEFFname', 'name'],
    ]) {
      expect(columnOfHeader(cell)).toBe(column);
    }
  });

  it('reads past columns the import does not need, and checks rows as wide as the header', () => {
    const header = readHeader([
      '序号',
      '姓名',
      '性别',
      '民族',
      '公民身份号码',
      '手机号码',
      '单位名称',
      '工种',
      '是否新就业形态',
      '备注',
    ]);
    if (!header.ok) throw new Error(header.reason);
    expect(header.columns).toMatchObject({ name: 1, id_number: 4, union_code: undefined, width: 10 });
    const row = [
      '1',
      '王建军',
      '男',
      '汉族',
      '140105199003071234',
      '13812345678',
      '美团外卖小店站',
      '外卖骑手',
      '是',
      '老会员',
    ];
    const checked = checkRosterRow(2, row, header.columns, '2026-11-24');
    expect(checked.problems).toEqual([]);
    expect(checked.value?.person).toMatchObject({ name: '王建军', occupation: 'delivery_rider' });
    expect(checkRosterRow(2, [...row, '多余'], header.columns, '2026-11-24').problems).toHaveLength(1);
  });

  it('says in Chinese what is wrong with a header', () => {
    const reason = (cells: string[]): string => {
      const r = readHeader(cells);
      return r.ok ? '' : r.reason;
    };
    expect(reason(['姓名', '身份证号'])).toContain('缺少「手机号」「工作单位」「职业」「是否新就业形态」列');
    expect(reason(['姓名', '身份证', '手机', '单位', '职业', '是否新就业形态', '住房情况'])).toContain(
      '第7列「住房情况」无法识别',
    );
    expect(reason(['姓名', '身份证号', '公民身份号码'])).toContain('第2列和第3列都是「身份证号」');
    expect(reason(['姓名', '', '身份证号'])).toContain('第2列没有列名');
    expect(reason(['姓名'])).toContain(ROSTER_COLUMNS.join(','));
  });
});

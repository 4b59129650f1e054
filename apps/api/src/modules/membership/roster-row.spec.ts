import { ID_NUMBER_PROBLEM_LABELS, idNumberCheckChar, ROSTER_COLUMNS } from '@smartunion/contracts';

import { checkRosterRow, IdNumberLines, isBlankRow, normalizeMobile, readHeader } from './roster-row';

const TODAY = '2026-11-24';
const id = (first17: string): string => `${first17}${idNumberCheckChar(first17)}`;
const GOOD_ID = id('14010519900307123');

const header = readHeader([...ROSTER_COLUMNS]);
if (!header.ok) throw new Error('the standard header must be accepted');
const columns = header.columns;

const row = (overrides: Partial<Record<(typeof ROSTER_COLUMNS)[number], string>> = {}): string[] => {
  const values = {
    name: '王建军',
    id_number: GOOD_ID,
    mobile: '13812345678',
    employer: '美团外卖小店站',
    occupation: 'delivery_rider',
    new_employment_form: '是',
    union_code: '',
    ...overrides,
  };
  return ROSTER_COLUMNS.map((c) => values[c]);
};

describe('roster header', () => {
  it('accepts the columns in any order, union_code optional, case and BOM ignored, trailing blanks dropped', () => {
    expect(readHeader(['\uFEFFName', ...ROSTER_COLUMNS.slice(1)]).ok).toBe(true);
    const reordered = readHeader([
      'mobile',
      'name',
      'id_number',
      'occupation',
      'employer',
      'new_employment_form',
    ]);
    expect(reordered).toMatchObject({ ok: true, columns: { mobile: 0, name: 1, union_code: undefined } });
    expect(readHeader([...ROSTER_COLUMNS, '', ' ']).ok).toBe(true);
  });

  it('refuses a missing, unknown or repeated column', () => {
    for (const cells of [
      ROSTER_COLUMNS.filter((c) => c !== 'mobile'),
      [...ROSTER_COLUMNS, 'remark'],
      [...ROSTER_COLUMNS, 'name'],
      ['姓名', '身份证号'],
    ]) {
      const result = readHeader(cells);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.reason).toMatch(/^表头不正确：/);
    }
  });
});

describe('roster row', () => {
  it('accepts a good row and normalises it', () => {
    const r = checkRosterRow(
      2,
      row({ id_number: GOOD_ID.toLowerCase(), mobile: '+86 138-1234-5678' }),
      columns,
      TODAY,
    );
    expect(r.problems).toEqual([]);
    expect(r.value).toEqual({
      person: {
        name: '王建军',
        idNumber: GOOD_ID.toUpperCase(),
        mobile: '13812345678',
        employer: '美团外卖小店站',
        occupation: 'delivery_rider',
        newEmploymentForm: true,
      },
      unionCode: null,
    });
  });

  it('takes occupations as codes or Chinese labels, and every spelling of yes/no', () => {
    expect(checkRosterRow(2, row({ occupation: '快递员' }), columns, TODAY).value?.person.occupation).toBe(
      'courier',
    );
    expect(checkRosterRow(2, row({ occupation: 'Courier' }), columns, TODAY).value?.person.occupation).toBe(
      'courier',
    );
    for (const [text, value] of [
      ['true', true],
      ['FALSE', false],
      ['是', true],
      ['否', false],
      ['1', true],
      ['0', false],
    ] as const) {
      expect(
        checkRosterRow(2, row({ new_employment_form: text }), columns, TODAY).value?.person.newEmploymentForm,
      ).toBe(value);
    }
  });

  it('reports every bad field of a row, by field, with the ID number problem named', () => {
    const r = checkRosterRow(
      7,
      row({
        name: '王',
        id_number: `${GOOD_ID.slice(0, 17)}${GOOD_ID[17] === '0' ? '1' : '0'}`,
        mobile: '12345',
        employer: '',
        occupation: 'astronaut',
        new_employment_form: 'maybe',
        union_code: 'bad code!',
      }),
      columns,
      TODAY,
    );
    expect(r.value).toBeUndefined();
    expect(r.problems.map((p) => p.field)).toEqual([
      'name',
      'id_number',
      'mobile',
      'employer',
      'occupation',
      'new_employment_form',
      'union_code',
    ]);
    expect(r.problems.find((p) => p.field === 'id_number')?.reason).toBe(ID_NUMBER_PROBLEM_LABELS.checksum);
    expect(r.idNumber).toBeUndefined();
  });

  it('names the ID number problem: format, region, birth date in the future', () => {
    const reason = (v: string): string | undefined =>
      checkRosterRow(2, row({ id_number: v }), columns, TODAY).problems.find((p) => p.field === 'id_number')
        ?.reason;
    expect(reason('1234')).toBe(ID_NUMBER_PROBLEM_LABELS.format);
    expect(reason(id('99010519900307123'))).toBe(ID_NUMBER_PROBLEM_LABELS.region);
    expect(reason(id('14010520300307123'))).toBe(ID_NUMBER_PROBLEM_LABELS.birthDate);
  });

  it('keeps a valid ID number for duplicate checks even when other fields are wrong', () => {
    const r = checkRosterRow(3, row({ mobile: 'x' }), columns, TODAY);
    expect(r.value).toBeUndefined();
    expect(r.idNumber).toBe(GOOD_ID);
  });

  it('counts characters, not UTF-16 units, and refuses control characters', () => {
    expect(checkRosterRow(2, row({ name: '𠀀𠀁' }), columns, TODAY).problems).toEqual([]);
    expect(checkRosterRow(2, row({ name: '王\u0000军' }), columns, TODAY).problems[0]?.field).toBe('name');
    expect(checkRosterRow(2, row({ employer: 'x'.repeat(101) }), columns, TODAY).problems[0]?.field).toBe(
      'employer',
    );
  });

  it('refuses names with direction-control or zero-width characters, in Chinese', () => {
    expect(checkRosterRow(2, row({ name: '王\u202e军' }), columns, TODAY).problems).toEqual([
      { field: 'name', reason: '姓名含有不可见字符或文字方向控制符' },
    ]);
    expect(checkRosterRow(2, row({ employer: '美团\u200b外卖' }), columns, TODAY).problems).toEqual([
      { field: 'employer', reason: '工作单位含有不可见字符或文字方向控制符' },
    ]);
  });

  it('treats missing trailing cells as empty and refuses extra non-empty ones', () => {
    const short = checkRosterRow(2, row().slice(0, 3), columns, TODAY);
    expect(short.problems.map((p) => p.field)).toEqual(['employer', 'occupation', 'new_employment_form']);
    const long = checkRosterRow(2, [...row(), 'extra'], columns, TODAY);
    expect(long.problems).toEqual([{ field: '', reason: expect.stringContaining('列数') as unknown }]);
    expect(checkRosterRow(2, [...row(), ''], columns, TODAY).problems).toEqual([]);
  });

  it('keeps a union code as given', () => {
    expect(checkRosterRow(2, row({ union_code: ' SX-G01 ' }), columns, TODAY).value?.unionCode).toBe(
      'SX-G01',
    );
  });

  it('knows blank rows and mobile spellings', () => {
    expect(isBlankRow(['', ' ', ''])).toBe(true);
    expect(isBlankRow(['', 'x'])).toBe(false);
    expect(normalizeMobile('8613812345678')).toBe('13812345678');
    expect(normalizeMobile('138 1234 5678')).toBe('13812345678');
  });
});

describe('IdNumberLines', () => {
  it('remembers the first line of each ID number and reports it for later ones', () => {
    const seen = new IdNumberLines();
    expect(seen.firstLine(GOOD_ID, 2)).toBeUndefined();
    expect(seen.firstLine(GOOD_ID, 9)).toBe(2);
    expect(seen.firstLine(GOOD_ID, 10)).toBe(2);
    // Same first 17 digits means the same (valid) ID number; another one is another person.
    expect(seen.firstLine(id('14010519900307124'), 11)).toBeUndefined();
  });

  it('stays exact while growing past many thousands of entries', () => {
    const seen = new IdNumberLines();
    const ids = Array.from({ length: 50_000 }, (_, i) => id(`1401051990${String(i).padStart(7, '0')}`));
    ids.forEach((v, i) => expect(seen.firstLine(v, i + 2)).toBeUndefined());
    expect(seen.size).toBe(50_000);
    ids.forEach((v, i) => {
      if (i % 997 === 0) expect(seen.firstLine(v, 999_999)).toBe(i + 2);
    });
    expect(seen.size).toBe(50_000);
  });
});

import { type ExistingOrg, type OrgImportRow, planOrgImport } from './org-import.plan';

const existing = new Map<string, ExistingOrg>([
  [
    'SX',
    { code: 'SX', name: '山西省总工会', type: 'province', areaCode: '140000', path: '1', parentCode: null },
  ],
  [
    'TY',
    { code: 'TY', name: '太原市总工会', type: 'city', areaCode: '140100', path: '1.2', parentCode: 'SX' },
  ],
  [
    'DT',
    { code: 'DT', name: '大同市总工会', type: 'city', areaCode: '140200', path: '1.3', parentCode: 'SX' },
  ],
]);
const taiyuanOnly = (path: string): boolean => path === '1.2' || path.startsWith('1.2.');

let line = 1;
const row = (
  code: string,
  name: string,
  type: string,
  areaCode: string,
  parentCode: string,
): OrgImportRow => {
  line += 1;
  return { line, code, name, type, areaCode, parentCode };
};

describe('planOrgImport', () => {
  beforeEach(() => {
    line = 1;
  });

  it('orders new orgs parents-first whatever the file order', () => {
    const rows = [
      row('G1', '某快递网点工会', 'grassroots', '140105', 'ST1'),
      row('ST1', '坞城街道总工会', 'street', '140105', 'XD'),
      row('XD', '小店区总工会', 'county', '140105', 'TY'),
    ];
    const plan = planOrgImport(rows, existing, taiyuanOnly);
    expect(plan.errors).toEqual([]);
    expect(plan.creates.map((c) => [c.code, c.depth])).toEqual([
      ['XD', 1],
      ['ST1', 2],
      ['G1', 3],
    ]);
  });

  it('counts identical existing rows as unchanged and refuses a code reused differently', () => {
    const plan = planOrgImport(
      [row('TY', '太原市总工会', 'city', '140100', 'SX'), row('DT', '另一个名字', 'city', '140200', 'SX')],
      existing,
      () => true,
    );
    expect(plan.unchanged).toBe(1);
    expect(plan.errors.map((e) => [e.line, e.field])).toEqual([[3, 'code']]);
    expect(plan.errors[0].reason).toContain('already used');
  });

  it('reports every bad line with its field and imports nothing', () => {
    const plan = planOrgImport(
      [
        row('OK1', '小店区总工会', 'county', '140105', 'TY'),
        row('x', '名', 'planet', '14010', ''),
        row('OK1', '重复', 'county', '140106', 'TY'),
        row('NOPE', '孤儿工会', 'grassroots', '140105', 'MISSING'),
        row('WRONG', '错区工会', 'county', '140213', 'TY'),
      ],
      existing,
      taiyuanOnly,
    );
    expect(plan.creates).toEqual([]);
    const byLine = (l: number): string[] => plan.errors.filter((e) => e.line === l).map((e) => e.field ?? '');
    expect(byLine(3).sort()).toEqual(['area_code', 'code', 'name', 'parent_code', 'type']);
    expect(byLine(4)).toEqual(['code']);
    expect(byLine(5)).toEqual(['parent_code']);
    expect(byLine(6)).toEqual(['area_code']);
    expect(byLine(2)).toEqual([]);
  });

  it('refuses parents outside the scope', () => {
    const plan = planOrgImport([row('PC', '平城区总工会', 'county', '140213', 'DT')], existing, taiyuanOnly);
    expect(plan.errors).toEqual([
      { line: 2, field: 'parent_code', reason: 'parent DT is outside your scope' },
    ]);
  });

  it('detects cycles once and marks their children invalid', () => {
    const plan = planOrgImport(
      [
        row('A1', '甲街道总工会', 'street', '140105', 'B1'),
        row('B1', '乙街道总工会', 'street', '140105', 'A1'),
        row('C1', '丙基层工会', 'grassroots', '140105', 'A1'),
      ],
      existing,
      () => true,
    );
    expect(plan.errors.some((e) => e.reason.includes('cycle'))).toBe(true);
    expect(plan.errors.filter((e) => e.line === 4)).toHaveLength(1);
    expect(plan.creates).toEqual([]);
  });
});

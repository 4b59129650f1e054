import { areaProblem, levelProblem, placementProblem } from './org-rules';

const province = { type: 'province', areaCode: '140000' } as const;
const taiyuan = { type: 'city', areaCode: '140100' } as const;
const xiaodian = { type: 'county', areaCode: '140105' } as const;

describe('org placement rules', () => {
  it('accepts the real Shanxi chain', () => {
    expect(placementProblem(province, taiyuan)).toBeNull();
    expect(placementProblem(taiyuan, xiaodian)).toBeNull();
    expect(placementProblem(xiaodian, { type: 'street', areaCode: '140105' })).toBeNull();
    expect(placementProblem(xiaodian, { type: 'grassroots', areaCode: '140105' })).toBeNull();
  });

  it('says which rule failed', () => {
    expect(placementProblem(taiyuan, { type: 'city', areaCode: '140200' })?.kind).toBe('level');
    expect(placementProblem(taiyuan, { type: 'county', areaCode: '140213' })?.kind).toBe('area');
  });

  it('requires a deeper level than the parent', () => {
    expect(levelProblem(taiyuan, { type: 'city', areaCode: '140200' })).toMatch(
      /city cannot be placed under a city/,
    );
    expect(levelProblem(xiaodian, { type: 'province', areaCode: '140000' })).not.toBeNull();
  });

  it('keeps a child inside its parent area', () => {
    expect(areaProblem(province, { type: 'city', areaCode: '610400' })).toMatch(/outside/);
    expect(areaProblem(taiyuan, { type: 'county', areaCode: '140213' })).toMatch(/outside/);
    expect(areaProblem(xiaodian, { type: 'grassroots', areaCode: '140106' })).toMatch(/outside/);
  });

  it('knows the shape of city and county codes', () => {
    expect(areaProblem(province, { type: 'city', areaCode: '140105' })).toMatch(/ends in 00/);
    expect(areaProblem(province, { type: 'city', areaCode: '140000' })).toMatch(/ends in 00/);
    expect(areaProblem(taiyuan, { type: 'county', areaCode: '140100' })).toMatch(/does not end in 00/);
    expect(areaProblem(taiyuan, { type: 'county', areaCode: '14010x' })).toMatch(/six digits/);
  });
});

import {
  AREA_CODE_PATTERN,
  DEMO_USER_KEYS,
  ORG_CODE_PATTERN,
  ORG_TYPE_RANK,
  ROLES,
  type OrgType,
} from '@smartunion/contracts';

import { placementProblem } from '../../modules/orgs/org-rules';
import {
  DEMO_DATONG_UNION_CODE,
  DEMO_UNION_CODE,
  DEMO_USERS,
  SHANXI_ORGS,
  type SeedOrg,
} from './shanxi.data';

describe('Shanxi demo data', () => {
  const byCode = new Map(SHANXI_ORGS.map((o) => [o.code, o]));
  const ofType = (type: OrgType): SeedOrg[] => SHANXI_ORGS.filter((o) => o.type === type);
  const parentOf = (org: SeedOrg): SeedOrg => {
    const parent = org.parentCode ? byCode.get(org.parentCode) : undefined;
    if (!parent) throw new Error(`${org.code} has no parent in the data`);
    return parent;
  };
  const grassroots = ofType('grassroots');

  it('has exactly one root, SX, and lists every parent before its children', () => {
    expect(SHANXI_ORGS.filter((o) => o.parentCode === null)).toEqual([
      { code: 'SX', name: '山西省总工会', type: 'province', areaCode: '140000', parentCode: null },
    ]);
    expect(SHANXI_ORGS[0]?.code).toBe('SX');
    const seen = new Set<string>();
    for (const org of SHANXI_ORGS) {
      if (org.parentCode !== null) expect([org.code, seen.has(org.parentCode)]).toEqual([org.code, true]);
      seen.add(org.code);
    }
  });

  it('uses unique codes that match ORG_CODE_PATTERN and valid area codes', () => {
    expect(byCode.size).toBe(SHANXI_ORGS.length);
    for (const org of SHANXI_ORGS) {
      expect(org.code).toMatch(ORG_CODE_PATTERN);
      expect(org.areaCode).toMatch(AREA_CODE_PATTERN);
    }
  });

  it('uses unique names', () => {
    const names = SHANXI_ORGS.map((o) => o.name);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  });

  it('gives cities and counties well-formed GB/T 2260 codes inside their parent', () => {
    for (const city of ofType('city')) {
      expect(city.areaCode).toMatch(/^14\d\d00$/);
      expect(city.parentCode).toBe('SX');
    }
    for (const county of ofType('county')) {
      const city = parentOf(county);
      expect(city.type).toBe('city');
      expect(county.areaCode.slice(0, 4)).toBe(city.areaCode.slice(0, 4));
      expect(county.areaCode.endsWith('00')).toBe(false);
    }
    for (const org of [...ofType('street'), ...grassroots]) {
      let county = parentOf(org);
      while (county.type !== 'county') county = parentOf(county);
      expect([org.code, org.areaCode]).toEqual([org.code, county.areaCode]);
    }
  });

  it('places every child deeper than its parent, as the tree rules require', () => {
    for (const org of SHANXI_ORGS) {
      if (org.parentCode === null) continue;
      const parent = parentOf(org);
      expect(ORG_TYPE_RANK[org.type]).toBeGreaterThan(ORG_TYPE_RANK[parent.type]);
      expect([org.code, placementProblem(parent, org)]).toEqual([org.code, null]);
    }
  });

  it('covers the 11 cities of Shanxi, each with 3–5 counties', () => {
    const cities = ofType('city');
    expect(cities).toHaveLength(11);
    expect(cities.map((c) => c.areaCode)).toEqual([
      '140100',
      '140200',
      '140300',
      '140400',
      '140500',
      '140600',
      '140700',
      '140800',
      '140900',
      '141000',
      '141100',
    ]);
    for (const city of cities) {
      const counties = ofType('county').filter((c) => c.parentCode === city.code);
      expect(counties.length).toBeGreaterThanOrEqual(3);
      expect(counties.length).toBeLessThanOrEqual(5);
    }
  });

  it('has 180–240 grassroots unions, at least 8 in every city', () => {
    expect(grassroots.length).toBeGreaterThanOrEqual(180);
    expect(grassroots.length).toBeLessThanOrEqual(240);
    for (const city of ofType('city')) {
      const inCity = grassroots.filter((g) => g.areaCode.startsWith(city.areaCode.slice(0, 4)));
      expect([city.name, inCity.length >= 8]).toEqual([city.name, true]);
    }
  });

  it('hangs grassroots unions under a street/industry federation or directly under a county', () => {
    const parentTypes = new Set(grassroots.map((g) => parentOf(g).type));
    expect([...parentTypes].sort()).toEqual(['county', 'street']);
    for (const street of ofType('street')) {
      expect(parentOf(street).type).toBe('county');
      expect([street.name, grassroots.some((g) => g.parentCode === street.code)]).toEqual([
        street.name,
        true,
      ]);
    }
  });

  it('is the same on every load (deterministic)', () => {
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const again = require('./shanxi.data') as { SHANXI_ORGS: readonly SeedOrg[] };
      expect(again.SHANXI_ORGS).toEqual(SHANXI_ORGS);
    });
  });

  it('has a demo user for every DEMO_USER_KEYS value, each role on an existing org', () => {
    const keys = DEMO_USERS.map((u) => u.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const key of Object.values(DEMO_USER_KEYS)) expect(keys).toContain(key);
    for (const user of DEMO_USERS) {
      for (const { role, orgCode } of user.roles) {
        expect(ROLES).toContain(role);
        expect([user.key, orgCode, byCode.has(orgCode)]).toEqual([user.key, orgCode, true]);
      }
    }
  });

  it('places the demo users where the scenarios need them', () => {
    const rolesOf = (key: string): string[] =>
      (DEMO_USERS.find((u) => u.key === key)?.roles ?? []).map((r) => `${r.role}@${r.orgCode}`).sort();

    expect(byCode.get(DEMO_UNION_CODE)).toMatchObject({ type: 'grassroots', areaCode: '140105' });
    expect(byCode.get(DEMO_UNION_CODE)?.name).toMatch(/^太原市小店区.*骑手/);
    expect(byCode.get(DEMO_DATONG_UNION_CODE)).toMatchObject({ type: 'grassroots', areaCode: '140213' });

    expect(rolesOf(DEMO_USER_KEYS.member)).toEqual([`member@${DEMO_UNION_CODE}`]);
    expect(rolesOf(DEMO_USER_KEYS.cadre)).toEqual([`cadre@${DEMO_UNION_CODE}`, `member@${DEMO_UNION_CODE}`]);
    expect(rolesOf(DEMO_USER_KEYS.stationMaster)).toContain('station_master@SX-140105');
    expect(rolesOf(DEMO_USER_KEYS.stationMaster).some((r) => r.startsWith('member@'))).toBe(true);
    expect(rolesOf(DEMO_USER_KEYS.countyStaff)).toEqual(['county_staff@SX-140105']);
    expect(rolesOf(DEMO_USER_KEYS.cityStaff)).toEqual(['city_staff@SX-140100']);
    expect(rolesOf(DEMO_USER_KEYS.provinceStaff)).toEqual(['province_staff@SX']);
    expect(rolesOf(DEMO_USER_KEYS.merchant)).toEqual(['merchant@SX-140100']);
    expect(rolesOf('demo-county-staff-datong')).toEqual(['county_staff@SX-140213']);
    expect(rolesOf('demo-cadre-datong')).toEqual([
      `cadre@${DEMO_DATONG_UNION_CODE}`,
      `member@${DEMO_DATONG_UNION_CODE}`,
    ]);

    // Every member role is held at a grassroots union.
    for (const user of DEMO_USERS) {
      for (const { role, orgCode } of user.roles) {
        if (role === 'member' || role === 'cadre') expect(byCode.get(orgCode)?.type).toBe('grassroots');
      }
    }
  });
});

import { randomBytes, randomInt } from 'node:crypto';

import { creditCodeCheckChar, type OrgType, type Role } from '@smartunion/contracts';
import type { DataSource } from 'typeorm';

export interface FixtureOrg {
  id: string;
  code: string;
  path: string;
}

/** A short unique tag so each test file builds its own disjoint tree and users in the shared test database. */
export const uniqueTag = (): string => randomBytes(4).toString('hex');

export async function insertOrg(
  db: DataSource,
  org: { code: string; name: string; type: OrgType; areaCode: string; parentId: string | null },
): Promise<FixtureOrg> {
  const [row]: { id: string; code: string; path: string }[] = await db.query(
    `INSERT INTO orgs (code, name, type, area_code, parent_id) VALUES ($1, $2, $3, $4, $5)
     RETURNING id, code, path::text AS path`,
    [org.code, org.name, org.type, org.areaCode, org.parentId],
  );
  return row;
}

export interface MiniTree {
  province: FixtureOrg;
  taiyuan: FixtureOrg;
  xiaodian: FixtureOrg;
  yingze: FixtureOrg;
  datong: FixtureOrg;
  pingcheng: FixtureOrg;
  unionXiaodian: FixtureOrg;
  unionPingcheng: FixtureOrg;
}

/** province → Taiyuan (小店, 迎泽) and Datong (平城), with one grassroots union each in 小店 and 平城. */
export async function buildMiniTree(db: DataSource, tag: string): Promise<MiniTree> {
  const province = await insertOrg(db, {
    code: `T${tag}`,
    name: `测试省总工会${tag}`,
    type: 'province',
    areaCode: '140000',
    parentId: null,
  });
  const taiyuan = await insertOrg(db, {
    code: `T${tag}-TY`,
    name: `太原市总工会${tag}`,
    type: 'city',
    areaCode: '140100',
    parentId: province.id,
  });
  const datong = await insertOrg(db, {
    code: `T${tag}-DT`,
    name: `大同市总工会${tag}`,
    type: 'city',
    areaCode: '140200',
    parentId: province.id,
  });
  const xiaodian = await insertOrg(db, {
    code: `T${tag}-XD`,
    name: `小店区总工会${tag}`,
    type: 'county',
    areaCode: '140105',
    parentId: taiyuan.id,
  });
  const yingze = await insertOrg(db, {
    code: `T${tag}-YZ`,
    name: `迎泽区总工会${tag}`,
    type: 'county',
    areaCode: '140106',
    parentId: taiyuan.id,
  });
  const pingcheng = await insertOrg(db, {
    code: `T${tag}-PC`,
    name: `平城区总工会${tag}`,
    type: 'county',
    areaCode: '140213',
    parentId: datong.id,
  });
  const unionXiaodian = await insertOrg(db, {
    code: `T${tag}-XD-G1`,
    name: `小店区骑手工会${tag}`,
    type: 'grassroots',
    areaCode: '140105',
    parentId: xiaodian.id,
  });
  const unionPingcheng = await insertOrg(db, {
    code: `T${tag}-PC-G1`,
    name: `平城区快递工会${tag}`,
    type: 'grassroots',
    areaCode: '140213',
    parentId: pingcheng.id,
  });
  return { province, taiyuan, xiaodian, yingze, datong, pingcheng, unionXiaodian, unionPingcheng };
}

/** A user the dev login knows by `key`, holding the given roles. */
export async function insertUser(
  db: DataSource,
  key: string,
  displayName: string,
  roles: { role: Role; orgId: string }[] = [],
): Promise<string> {
  const [{ id }]: { id: string }[] = await db.query(
    `INSERT INTO users (display_name, demo_key) VALUES ($1, $2) RETURNING id`,
    [displayName, key],
  );
  for (const r of roles) {
    await db.query(`INSERT INTO role_bindings (user_id, role, org_id) VALUES ($1, $2, $3)`, [
      id,
      r.role,
      r.orgId,
    ]);
  }
  return id;
}

const CREDIT_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** A valid, random unified social credit code (统一社会信用代码) of an enterprise registered in `area`. */
export function creditCode(area = '140105'): string {
  let body = '';
  for (let i = 0; i < 9; i += 1) body += CREDIT_CHARS[randomInt(CREDIT_CHARS.length)];
  const first17 = `91${area}${body}`;
  return `${first17}${creditCodeCheckChar(first17)}`;
}

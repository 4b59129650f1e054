import { randomInt } from 'node:crypto';

import { type INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Occupation, Role } from '@smartunion/contracts';

import { WelfareJobsModule } from '../../src/modules/benefits/welfare/welfare.module';
import { MembersService } from '../../src/modules/membership/members.service';
import { PlatformModule } from '../../src/platform/platform.module';
import { buildMiniTree, type FixtureOrg, insertOrg, insertUser, type MiniTree } from './fixtures';
import { syntheticIdNumber } from './people';
import type { TestApp } from './test-app';

@Module({})
class WelfareJobsHostModule {}

/** A worker-side context running the welfare jobs, as the worker process does. */
export function startWelfareWorker(t: TestApp): Promise<INestApplicationContext> {
  return NestFactory.createApplicationContext(
    {
      module: WelfareJobsHostModule,
      imports: [PlatformModule.forRoot(t.config, 'worker'), WelfareJobsModule],
    },
    { logger: false },
  );
}

export interface WelfareWorld {
  tag: string;
  tree: MiniTree & { unionYingze: FixtureOrg };
  userId: Record<string, string>;
  token: Record<string, string>;
  /** s1, s2: 小店 (s1 mastered by `master`); s3: 迎泽 (mastered by `yzMaster`); sd: 大同 平城. */
  station: Record<'s1' | 's2' | 's3' | 'sd', string>;
}

export interface MemberSpec {
  orgId: string;
  occupation: Occupation;
  verified?: boolean;
  left?: boolean;
  /** A login for the member (its key in `userId`/`token`). */
  user?: string;
}

/** Enrols a member (real service), then adjusts verification and status by SQL; returns the member id. */
export async function addMember(t: TestApp, world: WelfareWorld, spec: MemberSpec): Promise<string> {
  const userId = spec.user ? world.userId[spec.user] : null;
  const memberNo = await t.app.get(MembersService).enrol(userId, spec.orgId, {
    name: '骑手甲',
    mobile: `137${String(randomInt(0, 1e8)).padStart(8, '0')}`,
    idNumber: syntheticIdNumber(),
    employer: '同城配送有限公司',
    occupation: spec.occupation,
    newEmploymentForm: true,
  });
  const [{ id }]: { id: string }[] = await t.db.query(
    `SELECT id::text AS id FROM members WHERE member_no = $1`,
    [memberNo],
  );
  if (spec.verified === false) {
    await t.db.query(`UPDATE members SET verification = 'unverified', verified_at = NULL WHERE id = $1`, [
      id,
    ]);
  }
  if (spec.left) await t.db.query(`UPDATE members SET status = 'left', left_at = now() WHERE id = $1`, [id]);
  return id;
}

async function insertStation(t: TestApp, orgId: string, name: string): Promise<string> {
  const [{ id }]: { id: string }[] = await t.db.query(
    `INSERT INTO stations (org_id, name, address, location, always_open, capacity, level)
     VALUES ($1, $2, '太原市小店区清凉路 1 号', ST_SetSRID(ST_MakePoint($3, $4), 4326)::geography, true, 10, 'county')
     RETURNING id::text AS id`,
    [orgId, name, 112.5 + randomInt(0, 10_000) / 100_000, 37.8 + randomInt(0, 10_000) / 100_000],
  );
  return id;
}

/**
 * Province → 太原 (小店 with a riders' union, 迎泽 with a union) and 大同 (平城 with a union); staff at every
 * level, a Datong county's staff for refusals, station masters, and a member login.
 */
export async function buildWelfareWorld(t: TestApp, tag: string): Promise<WelfareWorld> {
  const mini = await buildMiniTree(t.db, tag);
  const unionYingze = await insertOrg(t.db, {
    code: `T${tag}-YZ-G1`,
    name: `迎泽区快递工会${tag}`,
    type: 'grassroots',
    areaCode: '140106',
    parentId: mini.yingze.id,
  });
  const tree = { ...mini, unionYingze };
  const station = {
    s1: await insertStation(t, tree.xiaodian.id, `清凉驿站${tag}-1`),
    s2: await insertStation(t, tree.xiaodian.id, `清凉驿站${tag}-2`),
    s3: await insertStation(t, tree.yingze.id, `清凉驿站${tag}-3`),
    sd: await insertStation(t, tree.pingcheng.id, `清凉驿站${tag}-D`),
  };
  const users: [string, { role: Role; orgId: string }[]][] = [
    ['province', [{ role: 'province_staff', orgId: tree.province.id }]],
    ['taiyuan', [{ role: 'city_staff', orgId: tree.taiyuan.id }]],
    ['xiaodian', [{ role: 'county_staff', orgId: tree.xiaodian.id }]],
    ['pingcheng', [{ role: 'county_staff', orgId: tree.pingcheng.id }]],
    ['master', [{ role: 'station_master', orgId: tree.xiaodian.id }]],
    ['yzMaster', [{ role: 'station_master', orgId: tree.yingze.id }]],
    ['rider', [{ role: 'member', orgId: tree.unionXiaodian.id }]],
    ['courier', [{ role: 'member', orgId: unionYingze.id }]],
    ['nobody', []],
  ];
  const world: WelfareWorld = { tag, tree, userId: {}, token: {}, station };
  for (const [key, roles] of users) {
    world.userId[key] = await insertUser(t.db, `wf-${key}-${tag}`, `${key}${tag}`, roles);
    world.token[key] = (await t.login(`wf-${key}-${tag}`)).accessToken;
  }
  await t.db.query(`INSERT INTO station_masters (station_id, user_id) VALUES ($1, $2), ($3, $4)`, [
    station.s1,
    world.userId.master,
    station.s3,
    world.userId.yzMaster,
  ]);
  return world;
}

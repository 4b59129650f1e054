import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { EarnReason, EarnRuleValues } from '@smartunion/contracts';
import type { DataSource, EntityManager } from 'typeorm';

import { type Db, sqlRow, sqlRows } from '../../platform/database/sql';
import { type PathRule, pathIds } from './earn-math';

export interface OwnRuleRow extends EarnRuleValues {
  orgId: string;
  reason: EarnReason;
}

/** SQL of point_earn_rules: an org's own rules, and every rule on a member's path. */
@Injectable()
export class EarnRulesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /** The rules set by the orgs of an ltree path ("1.12.140"), with each org's depth on it. */
  async onPath(path: string, db: Db = this.db): Promise<PathRule[]> {
    return sqlRows<PathRule>(
      db,
      `SELECT r.reason, r.points, r.daily_cap AS "dailyCap", r.enabled,
              json_build_object('id', o.id::text, 'name', o.name, 'type', o.type, 'areaCode', o.area_code) AS org,
              nlevel(o.path) AS depth
         FROM point_earn_rules r JOIN orgs o ON o.id = r.org_id
        WHERE r.org_id = ANY($1::bigint[])`,
      [pathIds(path)],
    );
  }

  async findOwn(orgId: string, reason: EarnReason, db: Db = this.db): Promise<OwnRuleRow | null> {
    const row = await sqlRow<OwnRuleRow>(
      db,
      `SELECT org_id::text AS "orgId", reason, points, daily_cap AS "dailyCap", enabled
         FROM point_earn_rules WHERE org_id = $1 AND reason = $2 FOR UPDATE`,
      [orgId, reason],
    );
    return row ?? null;
  }

  async upsert(m: EntityManager, rule: OwnRuleRow, userId: string | null): Promise<void> {
    await sqlRows(
      m,
      `INSERT INTO point_earn_rules (org_id, reason, points, daily_cap, enabled, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (org_id, reason) DO UPDATE
         SET points = EXCLUDED.points, daily_cap = EXCLUDED.daily_cap, enabled = EXCLUDED.enabled,
             updated_by = EXCLUDED.updated_by, updated_at = now()
       RETURNING org_id`,
      [rule.orgId, rule.reason, rule.points, rule.dailyCap, rule.enabled, userId],
    );
  }

  async delete(m: EntityManager, orgId: string, reason: EarnReason): Promise<boolean> {
    const rows = await sqlRows(
      m,
      `DELETE FROM point_earn_rules WHERE org_id = $1 AND reason = $2 RETURNING org_id`,
      [orgId, reason],
    );
    return rows.length > 0;
  }
}

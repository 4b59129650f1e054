import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { OrgType } from '@smartunion/contracts';
import type { DataSource } from 'typeorm';

import { sqlRows } from '../../platform/database/sql';
import { ancestorOf, type OrgScope } from '../../platform/scope/org-scope';

export interface JoinCodeRow {
  id: string;
  orgId: string;
  orgName: string;
  orgType: OrgType;
  orgAreaCode: string;
  orgPath: string;
  label: string;
  revokedAt: Date | null;
  createdAt: Date;
}

interface Row {
  id: string;
  org_id: string;
  org_name: string;
  org_type: OrgType;
  org_area_code: string;
  org_path: string;
  label: string;
  revoked_at: Date | null;
  created_at: Date;
}

const COLUMNS = `c.id, c.org_id, o.name AS org_name, o.type AS org_type, o.area_code AS org_area_code,
  o.path::text AS org_path, c.label, c.revoked_at, c.created_at`;

const toRow = (r: Row): JoinCodeRow => ({
  id: r.id,
  orgId: r.org_id,
  orgName: r.org_name,
  orgType: r.org_type,
  orgAreaCode: r.org_area_code,
  orgPath: r.org_path,
  label: r.label,
  revokedAt: r.revoked_at,
  createdAt: r.created_at,
});

@Injectable()
export class JoinCodesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async insert(orgId: string, label: string, createdBy: string | null): Promise<JoinCodeRow> {
    const [{ id }] = await sqlRows<{ id: string }>(
      this.db,
      `INSERT INTO join_codes (org_id, label, created_by) VALUES ($1, $2, $3) RETURNING id`,
      [orgId, label, createdBy],
    );
    return (await this.findById(id)) as JoinCodeRow;
  }

  async findById(id: string): Promise<JoinCodeRow | null> {
    const rows = await sqlRows<Row>(
      this.db,
      `SELECT ${COLUMNS} FROM join_codes c JOIN orgs o ON o.id = c.org_id WHERE c.id = $1`,
      [id],
    );
    return rows[0] ? toRow(rows[0]) : null;
  }

  /** Newest first; the first active code of a union is the one the seed and the pages show. */
  async findByOrgLabel(orgId: string, label: string): Promise<JoinCodeRow | null> {
    const rows = await sqlRows<Row>(
      this.db,
      `SELECT ${COLUMNS} FROM join_codes c JOIN orgs o ON o.id = c.org_id
        WHERE c.org_id = $1 AND c.label = $2 AND c.revoked_at IS NULL ORDER BY c.id LIMIT 1`,
      [orgId, label],
    );
    return rows[0] ? toRow(rows[0]) : null;
  }

  /**
   * The unions taking applications online: org id → the id of its oldest active code (a stable choice, the one
   * printed first). One row per union with a code, a few thousand for a province.
   */
  async activeCodeByOrg(): Promise<Map<string, string>> {
    const rows = await sqlRows<{ org_id: string; id: string }>(
      this.db,
      `SELECT DISTINCT ON (org_id) org_id, id FROM join_codes WHERE revoked_at IS NULL ORDER BY org_id, id`,
    );
    return new Map(rows.map((r) => [r.org_id, r.id]));
  }

  async revoke(id: string): Promise<void> {
    await sqlRows(this.db, `UPDATE join_codes SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL`, [
      id,
    ]);
  }

  async list(
    scope: OrgScope,
    orgId: string | undefined,
    offset: number,
    limit: number,
  ): Promise<{ items: JoinCodeRow[]; total: number }> {
    const params: unknown[] = [];
    let filter = scope.sqlWhere('o.path', params);
    if (orgId) {
      params.push(orgId);
      filter += ` AND c.org_id = $${params.length}`;
    }
    const [{ total }] = await sqlRows<{ total: string }>(
      this.db,
      `SELECT count(*) AS total FROM join_codes c JOIN orgs o ON o.id = c.org_id WHERE ${filter}`,
      params,
    );
    const rows = await sqlRows<Row>(
      this.db,
      `SELECT ${COLUMNS} FROM join_codes c JOIN orgs o ON o.id = c.org_id WHERE ${filter}
        ORDER BY c.revoked_at IS NOT NULL, c.created_at DESC, c.id DESC
        LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, limit, offset],
    );
    return { items: rows.map(toRow), total: Number(total) };
  }

  /** Names from the root down to the org, for "you are joining …". */
  async pathNames(path: string): Promise<string[]> {
    const rows = await sqlRows<{ name: string }>(
      this.db,
      `SELECT name FROM orgs WHERE ${ancestorOf('path', '$1::ltree')} ORDER BY nlevel(path)`,
      [path],
    );
    return rows.map((r) => r.name);
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { OrgType } from '@smartunion/contracts';
import type { DataSource, EntityManager } from 'typeorm';

import { ancestorOf, type OrgScope, subtreeOf } from '../../platform/scope/org-scope';
import type { OrgEntity } from './org.entity';
import { sqlRows } from '../../platform/database/sql';

export interface OrgWithCount extends OrgEntity {
  childCount: number;
}

export interface OrgWithParentCode extends OrgWithCount {
  parentCode: string | null;
}

export interface NewOrg {
  code: string;
  name: string;
  type: OrgType;
  areaCode: string;
}

interface Row {
  id: string;
  code: string;
  name: string;
  type: OrgType;
  area_code: string;
  parent_id: string | null;
  path: string;
  created_at: Date;
  updated_at: Date;
  child_count?: string | number;
  parent_code?: string | null;
}

const COLUMNS = `o.id, o.code, o.name, o.type, o.area_code, o.parent_id, o.path::text AS path, o.created_at, o.updated_at`;
const WITH_COUNT = `${COLUMNS}, (SELECT count(*) FROM orgs c WHERE c.parent_id = o.id) AS child_count`;

const toEntity = (r: Row): OrgWithCount => ({
  id: r.id,
  code: r.code,
  name: r.name,
  type: r.type,
  areaCode: r.area_code,
  parentId: r.parent_id,
  path: r.path,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  childCount: Number(r.child_count ?? 0),
});

export interface OrgWithPathNames extends OrgWithCount {
  /** Names from the root down to the org itself. */
  pathNames: string[];
}

export interface NamedSearch {
  ids: readonly string[];
  type: OrgType;
  /** Part of the org's name or of an ancestor's; LIKE wildcards in it match themselves. */
  q: string;
  offset: number;
  limit: number;
}

/** `q` for a LIKE pattern: its own `%`, `_` and `\\` match literally. */
const escapeLike = (q: string): string => q.replace(/[\\%_]/g, (c) => `\\${c}`);

export interface OrgSearch {
  parentId?: string;
  type?: OrgType;
  q?: string;
  offset: number;
  limit: number;
}

/** The union tree in PostgreSQL. Paths are maintained by triggers; this class never writes `path`. */
@Injectable()
export class OrgsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  async findById(
    id: string,
    manager: EntityManager = this.db.manager,
    lock = false,
  ): Promise<OrgWithCount | null> {
    const rows = await sqlRows<Row>(
      manager,
      `SELECT ${WITH_COUNT} FROM orgs o WHERE o.id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0] ? toEntity(rows[0]) : null;
  }

  async findByCodes(codes: string[], manager: EntityManager = this.db.manager): Promise<OrgWithParentCode[]> {
    if (codes.length === 0) return [];
    const rows = await sqlRows<Row>(
      manager,
      `SELECT ${COLUMNS}, p.code AS parent_code FROM orgs o LEFT JOIN orgs p ON p.id = o.parent_id
        WHERE o.code = ANY($1::text[])`,
      [codes],
    );
    return rows.map((r) => ({ ...toEntity(r), parentCode: r.parent_code ?? null }));
  }

  async findRoots(): Promise<OrgWithCount[]> {
    const rows = await sqlRows<Row>(
      this.db,
      `SELECT ${COLUMNS} FROM orgs o WHERE o.parent_id IS NULL ORDER BY o.id`,
    );
    return rows.map(toEntity);
  }

  /** The children of `parentId` of one type, in area-code order. */
  async childrenOfType(parentId: string, type: OrgType): Promise<OrgWithCount[]> {
    const rows = await sqlRows<Row>(
      this.db,
      `SELECT ${COLUMNS} FROM orgs o WHERE o.parent_id = $1 AND o.type = $2 ORDER BY o.area_code, o.name, o.id`,
      [parentId, type],
    );
    return rows.map(toEntity);
  }

  /** Ancestors of a path, root first, excluding the org itself. */
  async ancestors(path: string): Promise<OrgWithCount[]> {
    const rows = await sqlRows<Row>(
      this.db,
      `SELECT ${COLUMNS} FROM orgs o WHERE ${ancestorOf('o.path', '$1::ltree')} AND o.path <> $1::ltree ORDER BY nlevel(o.path)`,
      [path],
    );
    return rows.map(toEntity);
  }

  /** Orgs in scope matching the search, by level then name. */
  async search(scope: OrgScope, s: OrgSearch): Promise<{ items: OrgWithCount[]; total: number }> {
    const params: unknown[] = [];
    const where = [scope.sqlWhere('o.path', params)];
    if (s.parentId) {
      params.push(s.parentId);
      where.push(`o.parent_id = $${params.length}`);
    }
    if (s.type) {
      params.push(s.type);
      where.push(`o.type = $${params.length}`);
    }
    if (s.q) {
      params.push(`%${s.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`, s.q);
      where.push(`(o.name ILIKE $${params.length - 1} OR o.code = $${params.length})`);
    }
    const filter = where.join(' AND ');
    const [{ total }] = await sqlRows<{ total: string }>(
      this.db,
      `SELECT count(*) AS total FROM orgs o WHERE ${filter}`,
      params,
    );
    const rows = await sqlRows<Row>(
      this.db,
      `SELECT ${WITH_COUNT} FROM orgs o WHERE ${filter}
        ORDER BY nlevel(o.path), o.name, o.id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, s.limit, s.offset],
    );
    return { items: rows.map(toEntity), total: Number(total) };
  }

  /**
   * Orgs among `s.ids` of `s.type` whose own name or an ancestor's contains `s.q`, each with the names of its
   * path (root first, itself last). Exact names come first, then names starting with `q`, names containing it,
   * and last the orgs found only by an ancestor's name (a place: 小店 → the unions under 小店区总工会).
   */
  async searchNamed(s: NamedSearch): Promise<{ items: OrgWithPathNames[]; total: number }> {
    const contains = `%${escapeLike(s.q)}%`;
    const params: unknown[] = [s.ids, s.type, contains];
    const filter = `o.id = ANY($1::bigint[]) AND o.type = $2
      AND EXISTS (SELECT 1 FROM orgs a WHERE ${ancestorOf('a.path', 'o.path')} AND a.name ILIKE $3)`;
    const [{ total }] = await sqlRows<{ total: string }>(
      this.db,
      `SELECT count(*) AS total FROM orgs o WHERE ${filter}`,
      params,
    );
    const rows = await sqlRows<Row & { path_names: string[] }>(
      this.db,
      `SELECT ${COLUMNS},
              ARRAY(SELECT a.name FROM orgs a WHERE ${ancestorOf('a.path', 'o.path')} ORDER BY nlevel(a.path)) AS path_names
         FROM orgs o WHERE ${filter}
        ORDER BY CASE WHEN lower(o.name) = lower($4) THEN 0 WHEN o.name ILIKE $5 THEN 1 WHEN o.name ILIKE $3 THEN 2 ELSE 3 END,
                 o.name, o.id
        LIMIT $6 OFFSET $7`,
      [...params, s.q, `${escapeLike(s.q)}%`, s.limit, s.offset],
    );
    return {
      items: rows.map((r) => ({ ...toEntity(r), pathNames: r.path_names })),
      total: Number(total),
    };
  }

  /** Inserts one org under a parent; returns null if the code is taken. */
  async insert(
    org: NewOrg,
    parentId: string | null,
    manager: EntityManager = this.db.manager,
  ): Promise<OrgWithCount | null> {
    const rows = await sqlRows<Row>(
      manager,
      `INSERT INTO orgs AS o (code, name, type, area_code, parent_id) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (code) DO NOTHING RETURNING ${COLUMNS}`,
      [org.code, org.name, org.type, org.areaCode, parentId],
    );
    return rows[0] ? toEntity(rows[0]) : null;
  }

  /** Inserts orgs whose parents (by code) already exist, one statement for the batch. Returns how many. */
  async insertBatchUnderCodes(
    rows: (NewOrg & { parentCode: string })[],
    manager: EntityManager,
  ): Promise<number> {
    if (rows.length === 0) return 0;
    const inserted = await sqlRows<unknown>(
      manager,
      `INSERT INTO orgs (code, name, type, area_code, parent_id)
       SELECT r.code, r.name, r.type, r.area_code, p.id
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) WITH ORDINALITY
              AS r(code, name, type, area_code, parent_code, n)
         JOIN orgs p ON p.code = r.parent_code
        ORDER BY r.n
       RETURNING id`,
      [
        rows.map((r) => r.code),
        rows.map((r) => r.name),
        rows.map((r) => r.type),
        rows.map((r) => r.areaCode),
        rows.map((r) => r.parentCode),
      ],
    );
    return inserted.length;
  }

  async update(
    id: string,
    patch: Partial<Pick<NewOrg, 'code' | 'name' | 'areaCode'>>,
    manager: EntityManager,
  ): Promise<OrgWithCount> {
    const rows = await sqlRows<Row>(
      manager,
      `UPDATE orgs AS o SET code = COALESCE($2, o.code), name = COALESCE($3, o.name),
              area_code = COALESCE($4, o.area_code), updated_at = now()
        WHERE o.id = $1 RETURNING ${COLUMNS}`,
      [id, patch.code ?? null, patch.name ?? null, patch.areaCode ?? null],
    );
    return toEntity(rows[0]);
  }

  /** Direct children whose area code would no longer fit a parent with `areaCode` at `digits` significant digits. */
  async childrenOutsideArea(
    id: string,
    areaCode: string,
    digits: number,
    manager: EntityManager,
  ): Promise<number> {
    const [{ n }] = await sqlRows<{ n: string }>(
      manager,
      `SELECT count(*) AS n FROM orgs WHERE parent_id = $1 AND left(area_code, $3) <> left($2, $3)`,
      [id, areaCode, digits],
    );
    return Number(n);
  }

  /**
   * Re-parents an org; the trigger rewrites the paths of its whole subtree in the same statement. With
   * `areaCode`, the org and every descendant that shared its old area code take the new one.
   */
  async move(
    id: string,
    newParentId: string,
    areaCode: string | undefined,
    manager: EntityManager,
  ): Promise<void> {
    if (areaCode) {
      await sqlRows(
        manager,
        `UPDATE orgs SET area_code = $2, updated_at = now()
          WHERE ${subtreeOf('path', '(SELECT path FROM orgs WHERE id = $1)')}
            AND area_code = (SELECT area_code FROM orgs WHERE id = $1)`,
        [id, areaCode],
      );
    }
    await sqlRows(manager, `UPDATE orgs SET parent_id = $2, updated_at = now() WHERE id = $1`, [
      id,
      newParentId,
    ]);
  }

  async delete(id: string, manager: EntityManager): Promise<void> {
    await sqlRows(manager, `DELETE FROM orgs WHERE id = $1`, [id]);
  }
}

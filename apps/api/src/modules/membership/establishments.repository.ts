import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  EstablishmentStatus,
  FoundingMember,
  OrgRef,
  OrgType,
  UpperUnionOption,
} from '@smartunion/contracts';
import type { DataSource, EntityManager } from 'typeorm';

import { type Db, sqlRows } from '../../platform/database/sql';
import { ancestorOf, type OrgScope } from '../../platform/scope/org-scope';

export interface EstablishmentRow {
  id: string;
  applicantUserId: string;
  applicantName: string;
  parent: OrgRef & { path: string };
  enterpriseName: string;
  creditCode: string;
  address: string;
  employeeCount: number;
  /** Mobiles in clear; responses mask them. */
  foundingMembers: FoundingMember[];
  status: EstablishmentStatus;
  rejectReason: string | null;
  decidedBy: string | null;
  decidedAt: Date | null;
  createdOrg: OrgRef | null;
  createdAt: Date;
}

export interface NewEstablishment {
  applicantUserId: string;
  applicantName: string;
  parentOrgId: string;
  enterpriseName: string;
  creditCode: string;
  address: string;
  employeeCount: number;
  foundingMembers: FoundingMember[];
}

interface Row {
  id: string;
  applicant_user_id: string;
  applicant_name: string;
  parent_id: string;
  parent_name: string;
  parent_type: OrgType;
  parent_area_code: string;
  parent_path: string;
  enterprise_name: string;
  credit_code: string;
  address: string;
  employee_count: number;
  founding_members: FoundingMember[];
  status: EstablishmentStatus;
  reject_reason: string | null;
  decided_by: string | null;
  decided_at: Date | null;
  created_id: string | null;
  created_name: string | null;
  created_type: OrgType | null;
  created_area_code: string | null;
  created_at: Date;
}

const COLUMNS = `e.id, e.applicant_user_id, e.applicant_name,
  p.id AS parent_id, p.name AS parent_name, p.type AS parent_type, p.area_code AS parent_area_code,
  p.path::text AS parent_path, e.enterprise_name, e.credit_code, e.address, e.employee_count, e.founding_members,
  e.status, e.reject_reason, e.decided_by, e.decided_at,
  c.id AS created_id, c.name AS created_name, c.type AS created_type, c.area_code AS created_area_code, e.created_at`;

const FROM = `establishment_applications e JOIN orgs p ON p.id = e.parent_org_id
  LEFT JOIN orgs c ON c.id = e.created_org_id`;

const toRow = (r: Row): EstablishmentRow => ({
  id: r.id,
  applicantUserId: r.applicant_user_id,
  applicantName: r.applicant_name,
  parent: {
    id: r.parent_id,
    name: r.parent_name,
    type: r.parent_type,
    areaCode: r.parent_area_code,
    path: r.parent_path,
  },
  enterpriseName: r.enterprise_name,
  creditCode: r.credit_code,
  address: r.address,
  employeeCount: r.employee_count,
  foundingMembers: r.founding_members,
  status: r.status,
  rejectReason: r.reject_reason,
  decidedBy: r.decided_by,
  decidedAt: r.decided_at,
  createdOrg:
    r.created_id && r.created_name && r.created_type && r.created_area_code
      ? { id: r.created_id, name: r.created_name, type: r.created_type, areaCode: r.created_area_code }
      : null,
  createdAt: r.created_at,
});

const likePattern = (q: string): string => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Enterprises' applications to found a grassroots union (网上建会). */
@Injectable()
export class EstablishmentsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /**
   * Files an application; null when the credit code already has one pending or approved (the partial unique
   * index decides, so simultaneous duplicates leave one row).
   */
  async insertPending(a: NewEstablishment, db: Db = this.db): Promise<string | null> {
    const rows = await sqlRows<{ id: string }>(
      db,
      `INSERT INTO establishment_applications (applicant_user_id, applicant_name, parent_org_id, enterprise_name,
                                              credit_code, address, employee_count, founding_members)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)
       ON CONFLICT (credit_code) WHERE status IN ('pending', 'approved') DO NOTHING
       RETURNING id`,
      [
        a.applicantUserId,
        a.applicantName,
        a.parentOrgId,
        a.enterpriseName,
        a.creditCode,
        a.address,
        a.employeeCount,
        JSON.stringify(a.foundingMembers),
      ],
    );
    return rows[0]?.id ?? null;
  }

  async findById(id: string, db: Db = this.db, lock = false): Promise<EstablishmentRow | null> {
    const rows = await sqlRows<Row>(
      db,
      `SELECT ${COLUMNS} FROM ${FROM} WHERE e.id = $1${lock ? ' FOR UPDATE OF e' : ''}`,
      [id],
    );
    return rows[0] ? toRow(rows[0]) : null;
  }

  /** The pending or approved application of a credit code, if any. */
  async findOpenByCreditCode(creditCode: string, db: Db = this.db): Promise<EstablishmentRow | null> {
    const rows = await sqlRows<Row>(
      db,
      `SELECT ${COLUMNS} FROM ${FROM} WHERE e.credit_code = $1 AND e.status IN ('pending', 'approved')`,
      [creditCode],
    );
    return rows[0] ? toRow(rows[0]) : null;
  }

  async listOfUser(
    userId: string,
    offset: number,
    limit: number,
  ): Promise<{ items: EstablishmentRow[]; total: number }> {
    const [{ total }] = await sqlRows<{ total: string }>(
      this.db,
      `SELECT count(*) AS total FROM establishment_applications WHERE applicant_user_id = $1`,
      [userId],
    );
    const rows = await sqlRows<Row>(
      this.db,
      `SELECT ${COLUMNS} FROM ${FROM} WHERE e.applicant_user_id = $1 ORDER BY e.created_at DESC, e.id DESC
        LIMIT $2 OFFSET $3`,
      [userId, limit, offset],
    );
    return { items: rows.map(toRow), total: Number(total) };
  }

  /** Applications under upper unions in the scope; oldest first, a queue. */
  async search(
    scope: OrgScope,
    status: EstablishmentStatus | undefined,
    offset: number,
    limit: number,
  ): Promise<{ items: EstablishmentRow[]; total: number }> {
    const params: unknown[] = [];
    const where = [scope.sqlWhere('p.path', params)];
    if (status) {
      params.push(status);
      where.push(`e.status = $${params.length}`);
    }
    const filter = where.join(' AND ');
    const [{ total }] = await sqlRows<{ total: string }>(
      this.db,
      `SELECT count(*) AS total FROM establishment_applications e JOIN orgs p ON p.id = e.parent_org_id
        WHERE ${filter}`,
      params,
    );
    const rows = await sqlRows<Row>(
      this.db,
      `SELECT ${COLUMNS} FROM ${FROM} WHERE ${filter}
        ORDER BY e.created_at, e.id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, limit, offset],
    );
    return { items: rows.map(toRow), total: Number(total) };
  }

  async approve(id: string, by: string, createdOrgId: string, manager: EntityManager): Promise<void> {
    await sqlRows(
      manager,
      `UPDATE establishment_applications SET status = 'approved', decided_by = $2, decided_at = now(),
              created_org_id = $3
        WHERE id = $1 AND status = 'pending'`,
      [id, by, createdOrgId],
    );
  }

  async reject(id: string, by: string, reason: string, manager: EntityManager): Promise<void> {
    await sqlRows(
      manager,
      `UPDATE establishment_applications SET status = 'rejected', decided_by = $2, decided_at = now(),
              reject_reason = $3
        WHERE id = $1 AND status = 'pending'`,
      [id, by, reason],
    );
  }

  /**
   * County and street unions an enterprise may apply under, matching a name, with the names of the path from
   * the root down to the union itself; by level, then name.
   */
  async upperUnions(
    q: string | undefined,
    offset: number,
    limit: number,
  ): Promise<{ items: UpperUnionOption[]; total: number }> {
    const params: unknown[] = [];
    const where = [`o.type IN ('county', 'street')`];
    if (q) {
      params.push(likePattern(q));
      where.push(`o.name ILIKE $${params.length}`);
    }
    const filter = where.join(' AND ');
    const [{ total }] = await sqlRows<{ total: string }>(
      this.db,
      `SELECT count(*) AS total FROM orgs o WHERE ${filter}`,
      params,
    );
    const rows = await sqlRows<{
      id: string;
      name: string;
      type: OrgType;
      area_code: string;
      path_names: string[];
    }>(
      this.db,
      `SELECT o.id, o.name, o.type, o.area_code,
              ARRAY(SELECT a.name FROM orgs a WHERE ${ancestorOf('a.path', 'o.path')} ORDER BY nlevel(a.path)) AS path_names
         FROM orgs o WHERE ${filter}
        ORDER BY nlevel(o.path), o.name, o.id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, limit, offset],
    );
    return {
      items: rows.map((r) => ({
        id: r.id,
        name: r.name,
        type: r.type,
        areaCode: r.area_code,
        pathNames: r.path_names,
      })),
      total: Number(total),
    };
  }
}

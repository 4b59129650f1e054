import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { OrgType, TransferStatus } from '@smartunion/contracts';
import type { DataSource, EntityManager } from 'typeorm';

import { type Db, sqlRows } from '../../platform/database/sql';
import type { OrgScope } from '../../platform/scope/org-scope';

/** One end of a transfer: the org as it is now, with its path for scope checks. */
export interface TransferOrg {
  id: string;
  name: string;
  type: OrgType;
  areaCode: string;
  path: string;
}

export interface TransferRow {
  id: string;
  memberId: string;
  memberNo: string;
  memberName: string;
  memberUserId: string | null;
  status: TransferStatus;
  from: TransferOrg;
  to: TransferOrg;
  reason: string;
  rejectReason: string | null;
  requestedBy: string | null;
  outDecidedBy: string | null;
  outDecidedAt: Date | null;
  inDecidedBy: string | null;
  inDecidedAt: Date | null;
  createdAt: Date;
}

export interface NewTransfer {
  memberId: string;
  fromOrgId: string;
  toOrgId: string;
  reason: string;
  requestedBy: string;
}

export interface TransferSearch {
  direction?: 'out' | 'in';
  status?: TransferStatus;
  offset: number;
  limit: number;
}

/** The states in which a member has a transfer under way (the partial unique index allows one). */
export const OPEN_TRANSFER_STATUSES: readonly TransferStatus[] = ['pending_out', 'pending_in'];

interface Row {
  id: string;
  member_id: string;
  member_no: string;
  member_name: string;
  member_user_id: string | null;
  status: TransferStatus;
  from_id: string;
  from_name: string;
  from_type: OrgType;
  from_area_code: string;
  from_path: string;
  to_id: string;
  to_name: string;
  to_type: OrgType;
  to_area_code: string;
  to_path: string;
  reason: string;
  reject_reason: string | null;
  requested_by: string | null;
  out_decided_by: string | null;
  out_decided_at: Date | null;
  in_decided_by: string | null;
  in_decided_at: Date | null;
  created_at: Date;
}

const COLUMNS = `t.id, t.member_id, m.member_no, m.name AS member_name, m.user_id AS member_user_id, t.status,
  f.id AS from_id, f.name AS from_name, f.type AS from_type, f.area_code AS from_area_code, f.path::text AS from_path,
  n.id AS to_id, n.name AS to_name, n.type AS to_type, n.area_code AS to_area_code, n.path::text AS to_path,
  t.reason, t.reject_reason, t.requested_by, t.out_decided_by, t.out_decided_at, t.in_decided_by, t.in_decided_at,
  t.created_at`;

const FROM = `transfers t JOIN members m ON m.id = t.member_id
  JOIN orgs f ON f.id = t.from_org_id JOIN orgs n ON n.id = t.to_org_id`;

const toRow = (r: Row): TransferRow => ({
  id: r.id,
  memberId: r.member_id,
  memberNo: r.member_no,
  memberName: r.member_name,
  memberUserId: r.member_user_id,
  status: r.status,
  from: {
    id: r.from_id,
    name: r.from_name,
    type: r.from_type,
    areaCode: r.from_area_code,
    path: r.from_path,
  },
  to: { id: r.to_id, name: r.to_name, type: r.to_type, areaCode: r.to_area_code, path: r.to_path },
  reason: r.reason,
  rejectReason: r.reject_reason,
  requestedBy: r.requested_by,
  outDecidedBy: r.out_decided_by,
  outDecidedAt: r.out_decided_at,
  inDecidedBy: r.in_decided_by,
  inDecidedAt: r.in_decided_at,
  createdAt: r.created_at,
});

/** Transfers of members between grassroots unions (组织关系转接), with both ends' orgs joined in. */
@Injectable()
export class TransfersRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /**
   * Opens a transfer; null when the member already has one open (the partial unique index decides, so two
   * simultaneous requests cannot both open one).
   */
  async insertOpen(t: NewTransfer, manager: EntityManager): Promise<string | null> {
    const rows = await sqlRows<{ id: string }>(
      manager,
      `INSERT INTO transfers (member_id, from_org_id, to_org_id, reason, requested_by)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (member_id) WHERE status IN ('pending_out', 'pending_in') DO NOTHING
       RETURNING id`,
      [t.memberId, t.fromOrgId, t.toOrgId, t.reason, t.requestedBy],
    );
    return rows[0]?.id ?? null;
  }

  async findById(id: string, db: Db = this.db, lock = false): Promise<TransferRow | null> {
    const rows = await sqlRows<Row>(
      db,
      `SELECT ${COLUMNS} FROM ${FROM} WHERE t.id = $1${lock ? ' FOR UPDATE OF t' : ''}`,
      [id],
    );
    return rows[0] ? toRow(rows[0]) : null;
  }

  async findOpenByMember(memberId: string, db: Db = this.db): Promise<TransferRow | null> {
    const rows = await sqlRows<Row>(
      db,
      `SELECT ${COLUMNS} FROM ${FROM} WHERE t.member_id = $1 AND t.status = ANY($2::text[])`,
      [memberId, OPEN_TRANSFER_STATUSES],
    );
    return rows[0] ? toRow(rows[0]) : null;
  }

  /** Transfers of the member record linked to this account, newest first. */
  async listOfUser(
    userId: string,
    offset: number,
    limit: number,
  ): Promise<{ items: TransferRow[]; total: number }> {
    const [{ total }] = await sqlRows<{ total: string }>(
      this.db,
      `SELECT count(*) AS total FROM transfers t JOIN members m ON m.id = t.member_id WHERE m.user_id = $1`,
      [userId],
    );
    const rows = await sqlRows<Row>(
      this.db,
      `SELECT ${COLUMNS} FROM ${FROM} WHERE m.user_id = $1 ORDER BY t.created_at DESC, t.id DESC
        LIMIT $2 OFFSET $3`,
      [userId, limit, offset],
    );
    return { items: rows.map(toRow), total: Number(total) };
  }

  /** Transfers leaving (`out`) or arriving at (`in`) unions in the scope, or either; oldest first, a queue. */
  async search(scope: OrgScope, s: TransferSearch): Promise<{ items: TransferRow[]; total: number }> {
    const params: unknown[] = [];
    const ends =
      s.direction === 'out'
        ? scope.sqlWhere('f.path', params)
        : s.direction === 'in'
          ? scope.sqlWhere('n.path', params)
          : `(${scope.sqlWhere('f.path', params)} OR ${scope.sqlWhere('n.path', params)})`;
    const where = [ends];
    if (s.status) {
      params.push(s.status);
      where.push(`t.status = $${params.length}`);
    }
    const filter = where.join(' AND ');
    const [{ total }] = await sqlRows<{ total: string }>(
      this.db,
      `SELECT count(*) AS total FROM ${FROM} WHERE ${filter}`,
      params,
    );
    const rows = await sqlRows<Row>(
      this.db,
      `SELECT ${COLUMNS} FROM ${FROM} WHERE ${filter}
        ORDER BY t.created_at, t.id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, s.limit, s.offset],
    );
    return { items: rows.map(toRow), total: Number(total) };
  }

  /** The old union lets the member go. */
  async approveOut(id: string, userId: string, manager: EntityManager): Promise<void> {
    await sqlRows(
      manager,
      `UPDATE transfers SET status = 'pending_in', out_decided_by = $2, out_decided_at = now(), updated_at = now()
        WHERE id = $1 AND status = 'pending_out'`,
      [id, userId],
    );
  }

  /** The new union takes the member in. */
  async complete(id: string, userId: string, manager: EntityManager): Promise<void> {
    await sqlRows(
      manager,
      `UPDATE transfers SET status = 'completed', in_decided_by = $2, in_decided_at = now(), updated_at = now()
        WHERE id = $1 AND status = 'pending_in'`,
      [id, userId],
    );
  }

  /** Refused at whichever step it waits at; the decision is recorded on that step. */
  async reject(id: string, userId: string, reason: string, manager: EntityManager): Promise<void> {
    await sqlRows(
      manager,
      `UPDATE transfers SET status = 'rejected', reject_reason = $3, updated_at = now(),
              out_decided_by = CASE WHEN status = 'pending_out' THEN $2 ELSE out_decided_by END,
              out_decided_at = CASE WHEN status = 'pending_out' THEN now() ELSE out_decided_at END,
              in_decided_by = CASE WHEN status = 'pending_in' THEN $2 ELSE in_decided_by END,
              in_decided_at = CASE WHEN status = 'pending_in' THEN now() ELSE in_decided_at END
        WHERE id = $1 AND status IN ('pending_out', 'pending_in')`,
      [id, userId, reason],
    );
  }

  async cancel(id: string, manager: EntityManager): Promise<void> {
    await sqlRows(
      manager,
      `UPDATE transfers SET status = 'cancelled', updated_at = now()
        WHERE id = $1 AND status IN ('pending_out', 'pending_in')`,
      [id],
    );
  }
}

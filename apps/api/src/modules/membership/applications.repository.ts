import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ApplicationStatus, Occupation, OrgType, VerificationStatus } from '@smartunion/contracts';
import type { DataSource, EntityManager } from 'typeorm';

import { type Db, sqlRows } from '../../platform/database/sql';
import { type OrgScope, subtreeOf } from '../../platform/scope/org-scope';
import type { PersonData } from './members.repository';

export interface ApplicationRow {
  id: string;
  userId: string;
  orgId: string;
  orgName: string;
  orgType: OrgType;
  orgAreaCode: string;
  orgPath: string;
  status: ApplicationStatus;
  name: string;
  mobile: string;
  idHash: Buffer;
  idMasked: string;
  birthDate: string;
  gender: 'male' | 'female';
  employer: string;
  occupation: Occupation;
  newEmploymentForm: boolean;
  verification: VerificationStatus;
  verifiedAt: Date | null;
  rejectReason: string | null;
  decidedAt: Date | null;
  memberId: string | null;
  createdAt: Date;
}

export interface NewApplication extends PersonData {
  userId: string;
  orgId: string;
  joinCodeId: string | null;
  verification: VerificationStatus;
}

export interface ReviewSearch {
  status: ApplicationStatus;
  /** Restrict to this org's subtree (already checked against the scope). */
  orgPath?: string;
  occupation?: Occupation;
  /** Born on or before this day (YYYY-MM-DD): at least minAge. */
  bornOnOrBefore?: string;
  /** Born after this day: at most maxAge. */
  bornAfter?: string;
  waitingDays?: number;
  offset: number;
  limit: number;
}

interface Row {
  id: string;
  user_id: string;
  org_id: string;
  org_name: string;
  org_type: OrgType;
  org_area_code: string;
  org_path: string;
  status: ApplicationStatus;
  name: string;
  mobile: string;
  id_hash: Buffer;
  id_masked: string;
  birth_date: string;
  gender: 'male' | 'female';
  employer: string;
  occupation: Occupation;
  new_employment_form: boolean;
  verification: VerificationStatus;
  verified_at: Date | null;
  reject_reason: string | null;
  decided_at: Date | null;
  member_id: string | null;
  created_at: Date;
}

const COLUMNS = `a.id, a.user_id, a.org_id, o.name AS org_name, o.type AS org_type, o.area_code AS org_area_code,
  o.path::text AS org_path, a.status, a.name, a.mobile, a.id_hash, a.id_masked,
  to_char(a.birth_date, 'YYYY-MM-DD') AS birth_date, a.gender, a.employer, a.occupation, a.new_employment_form,
  a.verification, a.verified_at, a.reject_reason, a.decided_at, a.member_id, a.created_at`;

const toRow = (r: Row): ApplicationRow => ({
  id: r.id,
  userId: r.user_id,
  orgId: r.org_id,
  orgName: r.org_name,
  orgType: r.org_type,
  orgAreaCode: r.org_area_code,
  orgPath: r.org_path,
  status: r.status,
  name: r.name,
  mobile: r.mobile,
  idHash: r.id_hash,
  idMasked: r.id_masked,
  birthDate: r.birth_date,
  gender: r.gender,
  employer: r.employer,
  occupation: r.occupation,
  newEmploymentForm: r.new_employment_form,
  verification: r.verification,
  verifiedAt: r.verified_at,
  rejectReason: r.reject_reason,
  decidedAt: r.decided_at,
  memberId: r.member_id,
  createdAt: r.created_at,
});

/** Join applications. At most one pending per person and per account, enforced by partial unique indexes. */
@Injectable()
export class ApplicationsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /** Inserts a pending application; null when the person or the account already has a pending one. */
  async insertPending(a: NewApplication): Promise<ApplicationRow | null> {
    const id = await this.insert(a, null, this.db.manager);
    return id ? this.findById(id) : null;
  }

  /** An application recorded as already approved: a roster-imported person claiming their membership. */
  async insertClaimed(a: NewApplication, memberId: string, manager: EntityManager): Promise<string> {
    const id = await this.insert(a, memberId, manager);
    if (!id) throw new Error('a claimed application cannot conflict');
    return id;
  }

  /** Pending without `approvedMember`; approved on the spot (a claim) with it. */
  private async insert(
    a: NewApplication,
    approvedMember: string | null,
    manager: EntityManager,
  ): Promise<string | null> {
    const rows = await sqlRows<{ id: string }>(
      manager,
      `INSERT INTO join_applications (user_id, org_id, join_code_id, name, mobile, id_cipher, id_hash, id_masked,
                                      birth_date, gender, employer, occupation, new_employment_form, verification,
                                      verified_at, status, decided_at, member_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14,
               CASE WHEN $14 = 'verified' THEN now() END,
               CASE WHEN $15::bigint IS NULL THEN 'pending' ELSE 'approved' END,
               CASE WHEN $15::bigint IS NULL THEN NULL ELSE now() END, $15)
       ON CONFLICT DO NOTHING
       RETURNING id`,
      [
        a.userId,
        a.orgId,
        a.joinCodeId,
        a.name,
        a.mobile,
        a.idCipher,
        a.idHash,
        a.idMasked,
        a.birthDate,
        a.gender,
        a.employer,
        a.occupation,
        a.newEmploymentForm,
        a.verification,
        approvedMember,
      ],
    );
    return rows[0]?.id ?? null;
  }

  async findById(id: string, db: Db = this.db, lock = false): Promise<ApplicationRow | null> {
    const rows = await sqlRows<Row>(
      db,
      `SELECT ${COLUMNS} FROM join_applications a JOIN orgs o ON o.id = a.org_id WHERE a.id = $1${
        lock ? ' FOR UPDATE OF a' : ''
      }`,
      [id],
    );
    return rows[0] ? toRow(rows[0]) : null;
  }

  /** The pending application of this account or of this person, if any. */
  async findPending(userId: string, idHash: Buffer): Promise<ApplicationRow | null> {
    const rows = await sqlRows<Row>(
      this.db,
      `SELECT ${COLUMNS} FROM join_applications a JOIN orgs o ON o.id = a.org_id
        WHERE a.status = 'pending' AND (a.user_id = $1 OR a.id_hash = $2)
        ORDER BY a.user_id = $1 DESC LIMIT 1`,
      [userId, idHash],
    );
    return rows[0] ? toRow(rows[0]) : null;
  }

  async latestOf(userId: string): Promise<ApplicationRow | null> {
    const rows = await sqlRows<Row>(
      this.db,
      `SELECT ${COLUMNS} FROM join_applications a JOIN orgs o ON o.id = a.org_id
        WHERE a.user_id = $1 ORDER BY a.created_at DESC, a.id DESC LIMIT 1`,
      [userId],
    );
    return rows[0] ? toRow(rows[0]) : null;
  }

  async idCipherOf(id: string, manager: EntityManager): Promise<Buffer> {
    const [row] = await sqlRows<{ id_cipher: Buffer }>(
      manager,
      `SELECT id_cipher FROM join_applications WHERE id = $1`,
      [id],
    );
    return row.id_cipher;
  }

  async decide(
    id: string,
    decision: {
      status: 'approved' | 'rejected' | 'withdrawn';
      by: string | null;
      reason?: string;
      memberId?: string;
    },
    manager: EntityManager,
  ): Promise<void> {
    await sqlRows(
      manager,
      `UPDATE join_applications SET status = $2, decided_by = $3, decided_at = now(), reject_reason = $4,
              member_id = COALESCE($5, member_id)
        WHERE id = $1`,
      [id, decision.status, decision.by, decision.reason ?? null, decision.memberId ?? null],
    );
  }

  /**
   * The review queue of a scope, oldest first. The scope is applied to the orgs (a GiST-indexed path test), and
   * applications are reached through their pending partial indexes, so a county's queue never scans the
   * province's.
   *
   * The total is a separate aggregate in the same statement (an InitPlan, run once), not `count(*) OVER ()`: a
   * window over the whole result makes PostgreSQL fetch, join and buffer every matching row before returning
   * the first, so page 1 of a province's 50,000 pending cost as much as reading them all (~120 ms). Without
   * it, LIMIT ends the walk along `(created_at, id)` after the page, and the count reads only the covering
   * per-union index (bench/pending-list.mjs).
   */
  async search(scope: OrgScope, s: ReviewSearch): Promise<{ items: ApplicationRow[]; total: number }> {
    const params: unknown[] = [s.status];
    const where = [`a.status = $1`, scope.sqlWhere('o.path', params)];
    const add = (sql: (n: number) => string, value: unknown): void => {
      params.push(value);
      where.push(sql(params.length));
    };
    if (s.orgPath) add((n) => subtreeOf('o.path', `$${n}::ltree`), s.orgPath);
    if (s.occupation) add((n) => `a.occupation = $${n}`, s.occupation);
    if (s.bornOnOrBefore) add((n) => `a.birth_date <= $${n}::date`, s.bornOnOrBefore);
    if (s.bornAfter) add((n) => `a.birth_date > $${n}::date`, s.bornAfter);
    if (s.waitingDays) add((n) => `a.created_at <= now() - make_interval(days => $${n})`, s.waitingDays);
    const matching = `FROM join_applications a JOIN orgs o ON o.id = a.org_id WHERE ${where.join(' AND ')}`;
    const count = `SELECT count(*) AS total ${matching}`;
    const pending = s.status === 'pending';
    const rows = await sqlRows<Row & { total: string }>(
      this.db,
      `SELECT ${COLUMNS}, (${count}) AS total
         ${matching}
        ORDER BY ${pending ? 'a.created_at, a.id' : 'a.decided_at DESC, a.id DESC'}
        LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, s.limit, s.offset],
    );
    if (rows.length === 0 && s.offset > 0) {
      const [{ total }] = await sqlRows<{ total: string }>(this.db, count, params);
      return { items: [], total: Number(total) };
    }
    return { items: rows.map(toRow), total: Number(rows[0]?.total ?? 0) };
  }
}

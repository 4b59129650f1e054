import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  MemberEventResponse,
  MemberStatus,
  Occupation,
  OrgRef,
  OrgType,
  VerificationStatus,
} from '@smartunion/contracts';
import type { DataSource, EntityManager } from 'typeorm';

import { businessTimeSql } from '../../platform/database/business-calendar-sql';
import { type Db, sqlRows } from '../../platform/database/sql';
import { type OrgScope, subtreeOf } from '../../platform/scope/org-scope';

/** The personal data of a person as a join form, a roster row or an application carries it, ID number sealed. */
export interface PersonData {
  name: string;
  mobile: string;
  idCipher: Buffer;
  idHash: Buffer;
  idMasked: string;
  birthDate: string;
  gender: 'male' | 'female';
  employer: string;
  occupation: Occupation;
  newEmploymentForm: boolean;
}

export interface NewMember extends PersonData {
  userId: string | null;
  orgId: string;
  source: 'join' | 'import' | 'establishment';
  verification: VerificationStatus;
  verifiedAt: Date | null;
  importId?: string | null;
}

export interface MemberRow {
  id: string;
  memberNo: string;
  userId: string | null;
  orgId: string;
  orgName: string;
  orgType: OrgType;
  orgAreaCode: string;
  orgPath: string;
  status: MemberStatus;
  name: string;
  mobile: string;
  idCipher: Buffer;
  idMasked: string;
  birthDate: string;
  gender: 'male' | 'female';
  employer: string;
  occupation: Occupation;
  newEmploymentForm: boolean;
  verification: VerificationStatus;
  verifiedAt: Date | null;
  source: 'join' | 'import' | 'establishment';
  joinedAt: Date;
}

/**
 * A member as other areas need them (points, the mall, benefits, station doors): who, of which union, still in
 * or not, and what audiences check (occupation, verification) — the name unmasked (callers mask it for staff),
 * no personal data beyond it: never the ID cipher, mobile or birth date of {@link MemberRow}.
 */
export interface MemberSummary {
  id: string;
  userId: string | null;
  memberNo: string;
  name: string;
  status: MemberStatus;
  org: OrgRef;
  orgPath: string;
  occupation: Occupation;
  verification: VerificationStatus;
}

const SUMMARY_COLUMNS = `m.id::text AS id, m.user_id AS "userId", m.member_no AS "memberNo", m.name, m.status,
  json_build_object('id', o.id::text, 'name', o.name, 'type', o.type, 'areaCode', o.area_code) AS org,
  o.path::text AS "orgPath", m.occupation, m.verification`;

export interface MemberEvent {
  memberId: string;
  kind: MemberEventResponse['kind'];
  orgId: string;
  fromOrgId?: string | null;
  actorUserId?: string | null;
}

export interface MemberSearch {
  orgId?: string;
  q?: string;
  occupation?: Occupation;
  verification?: VerificationStatus;
  offset: number;
  limit: number;
}

interface Row {
  id: string;
  member_no: string;
  user_id: string | null;
  org_id: string;
  org_name: string;
  org_type: OrgType;
  org_area_code: string;
  org_path: string;
  status: MemberStatus;
  name: string;
  mobile: string;
  id_cipher: Buffer;
  id_masked: string;
  birth_date: string;
  gender: 'male' | 'female';
  employer: string;
  occupation: Occupation;
  new_employment_form: boolean;
  verification: VerificationStatus;
  verified_at: Date | null;
  source: 'join' | 'import' | 'establishment';
  joined_at: Date;
}

export const MEMBER_COLUMNS = `m.id, m.member_no, m.user_id, m.org_id, o.name AS org_name, o.type AS org_type,
  o.area_code AS org_area_code, o.path::text AS org_path, m.status, m.name, m.mobile, m.id_cipher, m.id_masked,
  to_char(m.birth_date, 'YYYY-MM-DD') AS birth_date, m.gender, m.employer, m.occupation, m.new_employment_form,
  m.verification, m.verified_at, m.source, m.joined_at`;

export const toMemberRow = (r: Row): MemberRow => ({
  id: r.id,
  memberNo: r.member_no,
  userId: r.user_id,
  orgId: r.org_id,
  orgName: r.org_name,
  orgType: r.org_type,
  orgAreaCode: r.org_area_code,
  orgPath: r.org_path,
  status: r.status,
  name: r.name,
  mobile: r.mobile,
  idCipher: r.id_cipher,
  idMasked: r.id_masked,
  birthDate: r.birth_date,
  gender: r.gender,
  employer: r.employer,
  occupation: r.occupation,
  newEmploymentForm: r.new_employment_form,
  verification: r.verification,
  verifiedAt: r.verified_at,
  source: r.source,
  joinedAt: r.joined_at,
});

/**
 * Member numbers: the union's area code, the two-digit year of joining (Asia/Shanghai) and a global sequence,
 * e.g. 1401052600000042 — unique without a lock, readable at a counter.
 */
export const MEMBER_NO_SQL = (areaCodeExpr: string): string =>
  `${areaCodeExpr} || to_char(${businessTimeSql('now()')}, 'YY') || lpad(nextval('member_no_seq')::text, 8, '0')`;

/** Members (one row per person, keyed by the HMAC of their ID number) and their history. */
@Injectable()
export class MembersRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /** Inserts a member; null if a member with this ID number already exists (the caller decides what that means). */
  async insert(m: NewMember, manager: EntityManager): Promise<MemberRow | null> {
    const inserted = await sqlRows<{ id: string }>(
      manager,
      `INSERT INTO members (member_no, user_id, org_id, name, mobile, id_cipher, id_hash, id_masked, birth_date,
                            gender, employer, occupation, new_employment_form, verification, verified_at, source,
                            import_id)
       SELECT ${MEMBER_NO_SQL('o.area_code')}, $1, o.id, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16
         FROM orgs o WHERE o.id = $2
       ON CONFLICT (id_hash) DO NOTHING
       RETURNING id`,
      [
        m.userId,
        m.orgId,
        m.name,
        m.mobile,
        m.idCipher,
        m.idHash,
        m.idMasked,
        m.birthDate,
        m.gender,
        m.employer,
        m.occupation,
        m.newEmploymentForm,
        m.verification,
        m.verifiedAt,
        m.source,
        m.importId ?? null,
      ],
    );
    if (inserted.length === 0) return null;
    return this.findById(inserted[0].id, manager);
  }

  async findById(id: string, db: Db = this.db, lock = false): Promise<MemberRow | null> {
    const rows = await sqlRows<Row>(
      db,
      `SELECT ${MEMBER_COLUMNS} FROM members m JOIN orgs o ON o.id = m.org_id WHERE m.id = $1${
        lock ? ' FOR UPDATE OF m' : ''
      }`,
      [id],
    );
    return rows[0] ? toMemberRow(rows[0]) : null;
  }

  /** The names of these members (absent ids are left out). */
  async namesByIds(ids: string[]): Promise<{ id: string; name: string }[]> {
    if (ids.length === 0) return [];
    return sqlRows<{ id: string; name: string }>(
      this.db,
      `SELECT id::text AS id, name FROM members WHERE id = ANY($1::bigint[])`,
      [ids],
    );
  }

  /** Summaries of these members, whatever their status (absent ids are left out). */
  async summariesByIds(ids: string[]): Promise<MemberSummary[]> {
    if (ids.length === 0) return [];
    return sqlRows<MemberSummary>(
      this.db,
      `SELECT ${SUMMARY_COLUMNS} FROM members m JOIN orgs o ON o.id = m.org_id WHERE m.id = ANY($1::bigint[])`,
      [ids],
    );
  }

  /** The summary of the member this account belongs to, whatever their status, or null. */
  async summaryByUserId(userId: string): Promise<MemberSummary | null> {
    const rows = await sqlRows<MemberSummary>(
      this.db,
      `SELECT ${SUMMARY_COLUMNS} FROM members m JOIN orgs o ON o.id = m.org_id WHERE m.user_id = $1`,
      [userId],
    );
    return rows[0] ?? null;
  }

  async findByUserId(userId: string, db: Db = this.db, lock = false): Promise<MemberRow | null> {
    const rows = await sqlRows<Row>(
      db,
      `SELECT ${MEMBER_COLUMNS} FROM members m JOIN orgs o ON o.id = m.org_id WHERE m.user_id = $1${
        lock ? ' FOR UPDATE OF m' : ''
      }`,
      [userId],
    );
    return rows[0] ? toMemberRow(rows[0]) : null;
  }

  async findByIdHash(idHash: Buffer, db: Db = this.db): Promise<MemberRow | null> {
    const rows = await sqlRows<Row>(
      db,
      `SELECT ${MEMBER_COLUMNS} FROM members m JOIN orgs o ON o.id = m.org_id WHERE m.id_hash = $1`,
      [idHash],
    );
    return rows[0] ? toMemberRow(rows[0]) : null;
  }

  async addEvents(events: MemberEvent[], manager: EntityManager): Promise<void> {
    if (events.length === 0) return;
    await sqlRows(
      manager,
      `INSERT INTO member_events (member_id, kind, org_id, from_org_id, actor_user_id)
       SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::bigint[], $5::uuid[])`,
      [
        events.map((e) => e.memberId),
        events.map((e) => e.kind),
        events.map((e) => e.orgId),
        events.map((e) => e.fromOrgId ?? null),
        events.map((e) => e.actorUserId ?? null),
      ],
    );
  }

  async events(memberId: string): Promise<MemberEventResponse[]> {
    const rows = await sqlRows<{
      kind: MemberEventResponse['kind'];
      at: Date;
      org_id: string;
      org_name: string;
      org_type: OrgType;
      org_area_code: string;
      from_id: string | null;
      from_name: string | null;
      from_type: OrgType | null;
      from_area_code: string | null;
    }>(
      this.db,
      `SELECT e.kind, e.at, o.id AS org_id, o.name AS org_name, o.type AS org_type, o.area_code AS org_area_code,
              f.id AS from_id, f.name AS from_name, f.type AS from_type, f.area_code AS from_area_code
         FROM member_events e JOIN orgs o ON o.id = e.org_id LEFT JOIN orgs f ON f.id = e.from_org_id
        WHERE e.member_id = $1 ORDER BY e.at, e.id`,
      [memberId],
    );
    return rows.map((r) => ({
      kind: r.kind,
      at: r.at.toISOString(),
      org: { id: r.org_id, name: r.org_name, type: r.org_type, areaCode: r.org_area_code },
      fromOrg:
        r.from_id && r.from_name && r.from_type && r.from_area_code
          ? { id: r.from_id, name: r.from_name, type: r.from_type, areaCode: r.from_area_code }
          : null,
    }));
  }

  /** Re-homes a member (a completed transfer). */
  async moveToOrg(memberId: string, orgId: string, manager: EntityManager): Promise<void> {
    await sqlRows(manager, `UPDATE members SET org_id = $2, updated_at = now() WHERE id = $1`, [
      memberId,
      orgId,
    ]);
  }

  async setVerification(
    memberId: string,
    verification: VerificationStatus,
    manager: EntityManager,
  ): Promise<void> {
    await sqlRows(
      manager,
      `UPDATE members SET verification = $2,
              verified_at = CASE WHEN $2 = 'verified' THEN COALESCE(verified_at, now()) ELSE NULL END,
              updated_at = now()
        WHERE id = $1`,
      [memberId, verification],
    );
  }

  /**
   * A person who left returns (to any union): the row is theirs again, re-homed and active. Null when the
   * person's row is active (a member elsewhere) or held by another account.
   */
  async reactivate(
    idHash: Buffer,
    data: PersonData & { userId: string | null; orgId: string },
    manager: EntityManager,
  ): Promise<string | null> {
    const rows = await sqlRows<{ id: string }>(
      manager,
      `UPDATE members SET status = 'active', org_id = $2, user_id = COALESCE(user_id, $3), name = $4, mobile = $5,
              employer = $6, occupation = $7, new_employment_form = $8, joined_at = now(), left_at = NULL,
              updated_at = now()
        WHERE id_hash = $1 AND status = 'left' AND (user_id IS NULL OR user_id = $3)
        RETURNING id`,
      [
        idHash,
        data.orgId,
        data.userId,
        data.name,
        data.mobile,
        data.employer,
        data.occupation,
        data.newEmploymentForm,
      ],
    );
    return rows[0]?.id ?? null;
  }

  /** Links an account to a member record that has none (a roster-imported person logging in for the first time). */
  async linkUser(memberId: string, userId: string, manager: EntityManager): Promise<boolean> {
    const rows = await sqlRows<unknown>(
      manager,
      `UPDATE members SET user_id = $2, updated_at = now() WHERE id = $1 AND user_id IS NULL RETURNING id`,
      [memberId, userId],
    );
    return rows.length > 0;
  }

  /** Active members of unions in the scope, newest first. */
  async search(scope: OrgScope, s: MemberSearch): Promise<{ items: MemberRow[]; total: number }> {
    const params: unknown[] = [];
    const where = [`m.status = 'active'`, scope.sqlWhere('o.path', params)];
    if (s.orgId) {
      params.push(s.orgId);
      where.push(subtreeOf('o.path', `(SELECT path FROM orgs WHERE id = $${params.length})`));
    }
    if (s.occupation) {
      params.push(s.occupation);
      where.push(`m.occupation = $${params.length}`);
    }
    if (s.verification) {
      params.push(s.verification);
      where.push(`m.verification = $${params.length}`);
    }
    if (s.q) {
      params.push(`${s.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`, s.q);
      where.push(`(m.name LIKE $${params.length - 1} OR m.member_no = $${params.length})`);
    }
    const filter = where.join(' AND ');
    const [{ total }] = await sqlRows<{ total: string }>(
      this.db,
      `SELECT count(*) AS total FROM members m JOIN orgs o ON o.id = m.org_id WHERE ${filter}`,
      params,
    );
    const rows = await sqlRows<Row>(
      this.db,
      `SELECT ${MEMBER_COLUMNS} FROM members m JOIN orgs o ON o.id = m.org_id WHERE ${filter}
        ORDER BY m.id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, s.limit, s.offset],
    );
    return { items: rows.map(toMemberRow), total: Number(total) };
  }
}

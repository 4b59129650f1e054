import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ImportStatus, OrgType, RosterFormat } from '@smartunion/contracts';
import type { DataSource, EntityManager } from 'typeorm';

import { ReadSession } from '../../platform/database/read-session';
import { type Db, sqlRow, sqlRows } from '../../platform/database/sql';
import { type OrgScope, subtreeOf } from '../../platform/scope/org-scope';
import { MEMBER_NO_SQL, type PersonData } from './members.repository';

export interface RosterImportRow {
  id: string;
  orgId: string;
  orgName: string;
  orgType: OrgType;
  orgAreaCode: string;
  orgPath: string;
  uploadId: string | null;
  createdBy: string | null;
  fileName: string;
  format: RosterFormat;
  status: ImportStatus;
  processedRows: number;
  insertedRows: number;
  unchangedRows: number;
  errorRows: number;
  failure: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

/** An org as the import needs it: where it sits and whether members can belong to it. */
export interface ImportOrg {
  id: string;
  name: string;
  type: OrgType;
  path: string;
}

/** A person to load into a union, ID number sealed. */
export interface RosterLoad {
  line: number;
  orgId: string;
  person: PersonData;
}

/** The member a sealed ID number already belongs to. */
export interface ExistingMember {
  idHash: Buffer;
  orgId: string;
  status: 'active' | 'left';
}

export interface RosterErrorEntry {
  line: number;
  field: string;
  reason: string;
}

export interface ProgressDelta {
  processed: number;
  inserted: number;
  unchanged: number;
  errors: number;
}

interface Row {
  id: string;
  org_id: string;
  org_name: string;
  org_type: OrgType;
  org_area_code: string;
  org_path: string;
  upload_id: string | null;
  created_by: string | null;
  file_name: string;
  format: RosterFormat;
  status: ImportStatus;
  processed_rows: number;
  inserted_rows: number;
  unchanged_rows: number;
  error_rows: number;
  failure: string | null;
  created_at: Date;
  finished_at: Date | null;
}

const COLUMNS = `i.id, i.org_id, o.name AS org_name, o.type AS org_type, o.area_code AS org_area_code,
  o.path::text AS org_path, i.upload_id, i.created_by, i.file_name, i.format, i.status, i.processed_rows,
  i.inserted_rows, i.unchanged_rows, i.error_rows, i.failure, i.created_at, i.finished_at`;

const toImport = (r: Row): RosterImportRow => ({
  id: r.id,
  orgId: r.org_id,
  orgName: r.org_name,
  orgType: r.org_type,
  orgAreaCode: r.org_area_code,
  orgPath: r.org_path,
  uploadId: r.upload_id,
  createdBy: r.created_by,
  fileName: r.file_name,
  format: r.format,
  status: r.status,
  processedRows: r.processed_rows,
  insertedRows: r.inserted_rows,
  unchangedRows: r.unchanged_rows,
  errorRows: r.error_rows,
  failure: r.failure,
  createdAt: r.created_at,
  finishedAt: r.finished_at,
});

/** Roster imports, their error reports, and the batch loads into `members`. */
@Injectable()
export class RosterImportsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /** A snapshot to stream a report from; the caller closes it. */
  session(): Promise<ReadSession> {
    return ReadSession.open(this.db, { statementTimeoutMs: 10 * 60_000 });
  }

  async insert(
    i: { orgId: string; uploadId: string; createdBy: string | null; fileName: string; format: RosterFormat },
    manager: EntityManager,
  ): Promise<string> {
    const [{ id }] = await sqlRows<{ id: string }>(
      manager,
      `INSERT INTO roster_imports (org_id, upload_id, created_by, file_name, format) VALUES ($1, $2, $3, $4, $5)
       RETURNING id`,
      [i.orgId, i.uploadId, i.createdBy, i.fileName, i.format],
    );
    return id;
  }

  async findById(id: string, db: Db = this.db): Promise<RosterImportRow | null> {
    const row = await sqlRow<Row>(
      db,
      `SELECT ${COLUMNS} FROM roster_imports i JOIN orgs o ON o.id = i.org_id WHERE i.id = $1`,
      [id],
    );
    return row ? toImport(row) : null;
  }

  /** Imports into orgs of the scope (under `orgPath` when given), newest first. */
  async list(
    scope: OrgScope,
    orgPath: string | undefined,
    offset: number,
    limit: number,
  ): Promise<{ items: RosterImportRow[]; total: number }> {
    const params: unknown[] = [];
    const where = [scope.sqlWhere('o.path', params)];
    if (orgPath) {
      params.push(orgPath);
      where.push(subtreeOf('o.path', `$${params.length}::ltree`));
    }
    const filter = where.join(' AND ');
    const [{ total }] = await sqlRows<{ total: string }>(
      this.db,
      `SELECT count(*) AS total FROM roster_imports i JOIN orgs o ON o.id = i.org_id WHERE ${filter}`,
      params,
    );
    const rows = await sqlRows<Row>(
      this.db,
      `SELECT ${COLUMNS} FROM roster_imports i JOIN orgs o ON o.id = i.org_id WHERE ${filter}
        ORDER BY i.created_at DESC, i.id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, limit, offset],
    );
    return { items: rows.map(toImport), total: Number(total) };
  }

  /** queued → running (a retried job finds it running already). False when it is finished or gone. */
  async markRunning(id: string): Promise<boolean> {
    const rows = await sqlRows<unknown>(
      this.db,
      `UPDATE roster_imports SET status = 'running', started_at = COALESCE(started_at, now())
        WHERE id = $1 AND status IN ('queued', 'running') RETURNING id`,
      [id],
    );
    return rows.length > 0;
  }

  /** Ends an import that is not finished yet; false if it already was. */
  async finish(
    id: string,
    status: 'completed' | 'failed',
    failure: string | null,
    manager: EntityManager,
  ): Promise<boolean> {
    const rows = await sqlRows<unknown>(
      manager,
      `UPDATE roster_imports SET status = $2, failure = $3, finished_at = now()
        WHERE id = $1 AND status IN ('queued', 'running') RETURNING id`,
      [id, status, failure],
    );
    return rows.length > 0;
  }

  /**
   * Locks the import's row for the batch's transaction and returns how many rows are committed, so a batch
   * commits only on top of exactly the progress it started from (two runners of one import cannot both count).
   */
  async lockProgress(
    id: string,
    manager: EntityManager,
  ): Promise<{ processed: number; status: ImportStatus } | null> {
    const row = await sqlRow<{ processed_rows: number; status: ImportStatus }>(
      manager,
      `SELECT processed_rows, status FROM roster_imports WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return row ? { processed: row.processed_rows, status: row.status } : null;
  }

  async advance(id: string, d: ProgressDelta, manager: EntityManager): Promise<void> {
    await sqlRows(
      manager,
      `UPDATE roster_imports SET processed_rows = processed_rows + $2, inserted_rows = inserted_rows + $3,
              unchanged_rows = unchanged_rows + $4, error_rows = error_rows + $5
        WHERE id = $1`,
      [id, d.processed, d.inserted, d.unchanged, d.errors],
    );
  }

  async orgsByCodes(codes: string[]): Promise<(ImportOrg & { code: string })[]> {
    if (codes.length === 0) return [];
    return sqlRows<ImportOrg & { code: string }>(
      this.db,
      `SELECT id, code, name, type, path::text AS path FROM orgs WHERE code = ANY($1::text[])`,
      [codes],
    );
  }

  /**
   * Inserts the people who are not members yet, one statement for the batch, with an 'imported' event each.
   * Returns the ID hashes (hex) that were inserted; the others already belonged to a member.
   */
  async insertMembers(
    importId: string,
    actorUserId: string | null,
    loads: RosterLoad[],
    manager: EntityManager,
  ): Promise<Set<string>> {
    if (loads.length === 0) return new Set();
    const p = loads.map((l) => l.person);
    const rows = await sqlRows<{ hash: string }>(
      manager,
      `WITH input AS (
         SELECT * FROM unnest($3::bigint[], $4::text[], $5::text[], $6::bytea[], $7::bytea[], $8::text[], $9::date[],
                              $10::text[], $11::text[], $12::text[], $13::boolean[], $14::integer[])
           AS r(org_id, name, mobile, id_cipher, id_hash, id_masked, birth_date, gender, employer, occupation,
                new_employment_form, line)
       ), ins AS (
         INSERT INTO members (member_no, org_id, name, mobile, id_cipher, id_hash, id_masked, birth_date, gender,
                              employer, occupation, new_employment_form, verification, source, import_id)
         SELECT ${MEMBER_NO_SQL('o.area_code')}, r.org_id, r.name, r.mobile, r.id_cipher, r.id_hash, r.id_masked,
                r.birth_date, r.gender, r.employer, r.occupation, r.new_employment_form, 'unverified', 'import', $1
           FROM input r JOIN orgs o ON o.id = r.org_id
          ORDER BY r.line
         ON CONFLICT (id_hash) DO NOTHING
         RETURNING id, id_hash, org_id
       ), events AS (
         INSERT INTO member_events (member_id, kind, org_id, actor_user_id)
         SELECT id, 'imported', org_id, $2::uuid FROM ins
       )
       SELECT encode(id_hash, 'hex') AS hash FROM ins`,
      [
        importId,
        actorUserId,
        loads.map((l) => l.orgId),
        p.map((x) => x.name),
        p.map((x) => x.mobile),
        p.map((x) => x.idCipher),
        p.map((x) => x.idHash),
        p.map((x) => x.idMasked),
        p.map((x) => x.birthDate),
        p.map((x) => x.gender),
        p.map((x) => x.employer),
        p.map((x) => x.occupation),
        p.map((x) => x.newEmploymentForm),
        loads.map((l) => l.line),
      ],
    );
    return new Set(rows.map((r) => r.hash));
  }

  async membersByIdHash(hashes: Buffer[], manager: EntityManager): Promise<ExistingMember[]> {
    if (hashes.length === 0) return [];
    const rows = await sqlRows<{ id_hash: Buffer; org_id: string; status: 'active' | 'left' }>(
      manager,
      `SELECT id_hash, org_id, status FROM members WHERE id_hash = ANY($1::bytea[])`,
      [hashes],
    );
    return rows.map((r) => ({ idHash: r.id_hash, orgId: r.org_id, status: r.status }));
  }

  async insertErrors(importId: string, errors: RosterErrorEntry[], manager: EntityManager): Promise<void> {
    if (errors.length === 0) return;
    await sqlRows(
      manager,
      `INSERT INTO roster_import_errors (import_id, line, field, reason)
       SELECT $1, * FROM unnest($2::integer[], $3::text[], $4::text[])
       ON CONFLICT DO NOTHING`,
      [importId, errors.map((e) => e.line), errors.map((e) => e.field), errors.map((e) => e.reason)],
    );
  }

  /** The error report, line by line, through a cursor. */
  streamErrors(session: ReadSession, importId: string): AsyncIterable<RosterErrorEntry> {
    return session.stream<RosterErrorEntry>(
      `SELECT line, field, reason FROM roster_import_errors WHERE import_id = $1 ORDER BY line, field`,
      [importId],
      1000,
    );
  }
}

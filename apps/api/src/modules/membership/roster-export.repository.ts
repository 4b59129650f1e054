import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Occupation, VerificationStatus } from '@smartunion/contracts';
import type { DataSource } from 'typeorm';

import { businessTimeSql } from '../../platform/database/business-calendar-sql';
import { ReadSession } from '../../platform/database/read-session';
import { inSubtrees } from '../../platform/scope/org-scope';

/** One member as the roster export lists it. `id_cipher` only when the export is unmasked. */
export interface MemberExportRow {
  member_no: string;
  name: string;
  id_masked: string;
  id_cipher?: Buffer;
  mobile: string;
  gender: 'male' | 'female';
  birth_date: string;
  employer: string;
  occupation: Occupation;
  new_employment_form: boolean;
  union_code: string;
  union_name: string;
  verification: VerificationStatus;
  joined_at: string;
}

/** Active members of unions under `paths`, bound as the next parameter of `params`. */
const activeUnder = (paths: string[], params: unknown[]): string =>
  `m.status = 'active' AND ${inSubtrees('o.path', paths, params)}`;

/** Reads for the roster export: a count and the rows, in one snapshot, through a cursor. */
@Injectable()
export class RosterExportRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** A whole province's roster may take a while to stream; the session allows it an hour. */
  session(): Promise<ReadSession> {
    return ReadSession.open(this.db, { statementTimeoutMs: 60 * 60_000 });
  }

  async countActive(session: ReadSession, paths: string[]): Promise<number> {
    const params: unknown[] = [];
    const where = activeUnder(paths, params);
    const [{ n }] = await session.rows<{ n: string }>(
      `SELECT count(*) AS n FROM members m JOIN orgs o ON o.id = m.org_id WHERE ${where}`,
      params,
    );
    return Number(n);
  }

  /** Active members of unions under `paths`, union by union. */
  streamActive(session: ReadSession, paths: string[], withCipher: boolean): AsyncIterable<MemberExportRow> {
    const params: unknown[] = [];
    const where = activeUnder(paths, params);
    return session.stream<MemberExportRow>(
      `SELECT m.member_no, m.name, m.id_masked,${withCipher ? ' m.id_cipher,' : ''} m.mobile, m.gender,
              to_char(m.birth_date, 'YYYY-MM-DD') AS birth_date, m.employer, m.occupation, m.new_employment_form,
              o.code AS union_code, o.name AS union_name, m.verification,
              to_char(${businessTimeSql('m.joined_at')}, 'YYYY-MM-DD') AS joined_at
         FROM members m JOIN orgs o ON o.id = m.org_id
        WHERE ${where}
        ORDER BY m.org_id, m.id`,
      params,
      1000,
    );
  }
}

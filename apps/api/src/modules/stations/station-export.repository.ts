import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Amenity, StationLevel, StationStatus } from '@smartunion/contracts';
import type { DataSource } from 'typeorm';

import { ReadSession } from '../../platform/database/read-session';
import { inSubtrees } from '../../platform/scope/org-scope';

/** One station as the map export lists it: WGS-84 coordinates as stored, opening times as `HH:MM`. */
export interface StationExportRow {
  id: string;
  name: string;
  address: string;
  lat: number;
  lng: number;
  always_open: boolean;
  opens: string | null;
  closes: string | null;
  amenities: Amenity[];
  level: StationLevel;
  status: StationStatus;
  org_name: string;
}

/** Reads for the station map export: a count and the rows, in one snapshot, through a cursor. */
@Injectable()
export class StationExportRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** A whole province's stations may take a while to stream; the session allows them ten minutes. */
  session(): Promise<ReadSession> {
    return ReadSession.open(this.db, { statementTimeoutMs: 10 * 60_000 });
  }

  async count(session: ReadSession, paths: string[]): Promise<number> {
    const params: unknown[] = [];
    const where = inSubtrees('o.path', paths, params);
    const [{ n }] = await session.rows<{ n: number }>(
      `SELECT count(*)::int AS n FROM stations s JOIN orgs o ON o.id = s.org_id WHERE ${where}`,
      params,
    );
    return n;
  }

  /** Stations of orgs under `paths`, by id. */
  stream(session: ReadSession, paths: string[]): AsyncIterable<StationExportRow> {
    const params: unknown[] = [];
    const where = inSubtrees('o.path', paths, params);
    return session.stream<StationExportRow>(
      `SELECT s.id, s.name, s.address, ST_Y(s.location::geometry) AS lat, ST_X(s.location::geometry) AS lng,
              s.always_open, to_char(s.opens_at, 'HH24:MI') AS opens, to_char(s.closes_at, 'HH24:MI') AS closes,
              s.amenities, s.level, s.status, o.name AS org_name
         FROM stations s JOIN orgs o ON o.id = s.org_id
        WHERE ${where}
        ORDER BY s.id`,
      params,
      500,
    );
  }
}

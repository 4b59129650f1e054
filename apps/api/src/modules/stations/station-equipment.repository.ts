import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  EquipmentFaultResponse,
  EquipmentReportItem,
  EquipmentReportResponse,
} from '@smartunion/contracts';
import type { DataSource, EntityManager } from 'typeorm';

import { type Db, sqlRows } from '../../platform/database/sql';
import { inSubtrees } from '../../platform/scope/org-scope';

export interface NewEquipmentReport {
  stationId: string;
  reportedBy: string;
  items: EquipmentReportItem[];
  note: string | null;
}

/** A report as stored: `reportedBy` is the user id, named by the service through identity. */
export type EquipmentReportRecord = Omit<EquipmentReportResponse, 'reportedBy'> & { reportedBy: string };

interface ReportRow {
  id: string;
  station_id: string;
  reported_by: string;
  items: EquipmentReportItem[];
  note: string | null;
  created_at: Date;
}

interface FaultRow {
  station_id: string;
  name: string;
  org_id: string;
  org_name: string;
  report_id: string;
  reported_at: Date;
  items: EquipmentReportItem[];
}

const isFault = (i: EquipmentReportItem): boolean => i.status !== 'ok';

const toReport = (r: ReportRow): EquipmentReportRecord => ({
  id: r.id,
  stationId: r.station_id,
  reportedBy: r.reported_by,
  items: r.items,
  faults: r.items.filter(isFault).length,
  note: r.note,
  createdAt: r.created_at.toISOString(),
});

/**
 * Each station's latest report (alias lr), for stations under `paths` (bound as the next parameter of
 * `params`), kept when it has a fault.
 */
const latestFaulty = (paths: string[], params: unknown[]): string => `
  FROM stations s
  JOIN orgs o ON o.id = s.org_id
  JOIN LATERAL (
    SELECT r.id, r.created_at, r.items FROM station_equipment_reports r
     WHERE r.station_id = s.id
     ORDER BY r.created_at DESC, r.id DESC LIMIT 1) lr ON true
 WHERE ${inSubtrees('o.path', paths, params)}
   AND EXISTS (SELECT 1 FROM jsonb_array_elements(lr.items) e WHERE e->>'status' <> 'ok')`;

/** SQL of station_equipment_reports (migration 1764403200000). */
@Injectable()
export class StationEquipmentRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  async insert(r: NewEquipmentReport, db: Db = this.db): Promise<string> {
    const [{ id }] = await sqlRows<{ id: string }>(
      db,
      `INSERT INTO station_equipment_reports (station_id, reported_by, items, note)
       VALUES ($1, $2, $3::jsonb, $4) RETURNING id::text AS id`,
      [r.stationId, r.reportedBy, JSON.stringify(r.items), r.note],
    );
    return id;
  }

  async findById(id: string, db: Db = this.db): Promise<EquipmentReportRecord | null> {
    const rows = await this.select(db, `r.id = $1`, [id], '');
    return rows[0] ?? null;
  }

  async listForStation(
    stationId: string,
    offset: number,
    limit: number,
  ): Promise<{ items: EquipmentReportRecord[]; total: number }> {
    const [{ total }] = await sqlRows<{ total: number }>(
      this.db,
      `SELECT count(*)::int AS total FROM station_equipment_reports WHERE station_id = $1`,
      [stationId],
    );
    const items = await this.select(
      this.db,
      `r.station_id = $1`,
      [stationId, limit, offset],
      'ORDER BY r.created_at DESC, r.id DESC LIMIT $2 OFFSET $3',
    );
    return { items, total };
  }

  /** Stations under `paths` whose latest report has a faulty or missing item, the latest reports first. */
  async faults(
    paths: string[],
    offset: number,
    limit: number,
  ): Promise<{ items: EquipmentFaultResponse[]; total: number }> {
    const params: unknown[] = [];
    const from = latestFaulty(paths, params);
    const [{ total }] = await sqlRows<{ total: number }>(
      this.db,
      `SELECT count(*)::int AS total ${from}`,
      params,
    );
    const rows = await sqlRows<FaultRow>(
      this.db,
      `SELECT s.id::text AS station_id, s.name, o.id::text AS org_id, o.name AS org_name,
              lr.id::text AS report_id, lr.created_at AS reported_at, lr.items
       ${from}
        ORDER BY lr.created_at DESC, s.id
        LIMIT $2 OFFSET $3`,
      [...params, limit, offset],
    );
    return {
      items: rows.map((r) => ({
        stationId: r.station_id,
        name: r.name,
        org: { id: r.org_id, name: r.org_name },
        reportId: r.report_id,
        reportedAt: r.reported_at.toISOString(),
        items: r.items.filter(isFault),
      })),
      total,
    };
  }

  private async select(
    db: Db,
    where: string,
    params: unknown[],
    tail: string,
  ): Promise<EquipmentReportRecord[]> {
    const rows = await sqlRows<ReportRow>(
      db,
      `SELECT r.id::text AS id, r.station_id::text AS station_id, r.reported_by, r.items, r.note, r.created_at
         FROM station_equipment_reports r
        WHERE ${where} ${tail}`,
      params,
    );
    return rows.map(toReport);
  }
}

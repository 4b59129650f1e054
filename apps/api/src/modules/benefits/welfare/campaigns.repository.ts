import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  Occupation,
  OrgRef,
  OrgType,
  WelfareCampaignStatus,
  WelfareStationRef,
} from '@smartunion/contracts';
import type { DataSource, EntityManager } from 'typeorm';

import { type Db, sqlRow, sqlRows } from '../../../platform/database/sql';
import { meetsSubtrees } from '../../../platform/scope/org-scope';

/** What create and update write (the organising union is fixed at create). */
export interface CampaignFields {
  title: string;
  goods: string;
  unit: string;
  description: string;
  quantityPerMember: number;
  occupations: Occupation[];
  verifiedOnly: boolean;
  startsAt: Date;
  endsAt: Date;
}

export interface CampaignRow extends CampaignFields {
  id: string;
  org: OrgRef;
  orgPath: string;
  status: WelfareCampaignStatus;
  publishedAt: Date | null;
  closedAt: Date | null;
  allocatedAt: Date | null;
  allotted: number;
  pickedUp: number;
  regions: (OrgRef & { path: string })[];
  stations: WelfareStationRef[];
  createdAt: Date;
  updatedAt: Date;
}

interface Row {
  id: string;
  org_id: string;
  org_name: string;
  org_type: OrgType;
  org_area_code: string;
  org_path: string;
  title: string;
  goods: string;
  unit: string;
  description: string;
  quantity_per_member: number;
  occupations: Occupation[];
  verified_only: boolean;
  starts_at: Date;
  ends_at: Date;
  status: WelfareCampaignStatus;
  published_at: Date | null;
  closed_at: Date | null;
  allocated_at: Date | null;
  allotted: number;
  picked_up: number;
  regions: (OrgRef & { path: string })[];
  stations: WelfareStationRef[];
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `c.id, c.org_id, o.name AS org_name, o.type AS org_type, o.area_code AS org_area_code,
  o.path::text AS org_path, c.title, c.goods, c.unit, c.description, c.quantity_per_member, c.occupations,
  c.verified_only, c.starts_at, c.ends_at, c.status, c.published_at, c.closed_at, c.allocated_at, c.allotted,
  c.picked_up, c.created_at, c.updated_at,
  COALESCE((SELECT json_agg(json_build_object('id', ro.id::text, 'name', ro.name, 'type', ro.type,
                                              'areaCode', ro.area_code, 'path', ro.path::text) ORDER BY ro.path)
              FROM welfare_campaign_regions r JOIN orgs ro ON ro.id = r.org_id
             WHERE r.campaign_id = c.id), '[]'::json) AS regions,
  COALESCE((SELECT json_agg(json_build_object('id', s.id::text, 'name', s.name, 'address', s.address)
                            ORDER BY s.id)
              FROM welfare_campaign_stations cs JOIN station_directory s ON s.id = cs.station_id
             WHERE cs.campaign_id = c.id), '[]'::json) AS stations`;

const toRow = (r: Row): CampaignRow => ({
  id: r.id,
  org: { id: r.org_id, name: r.org_name, type: r.org_type, areaCode: r.org_area_code },
  orgPath: r.org_path,
  title: r.title,
  goods: r.goods,
  unit: r.unit,
  description: r.description,
  quantityPerMember: r.quantity_per_member,
  occupations: r.occupations,
  verifiedOnly: r.verified_only,
  startsAt: r.starts_at,
  endsAt: r.ends_at,
  status: r.status,
  publishedAt: r.published_at,
  closedAt: r.closed_at,
  allocatedAt: r.allocated_at,
  allotted: r.allotted,
  pickedUp: r.picked_up,
  regions: r.regions,
  stations: r.stations,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** Binds the fields in the order insert and update use: title … ends_at (9 values). */
const fieldParams = (f: CampaignFields): unknown[] => [
  f.title,
  f.goods,
  f.unit,
  f.description,
  f.quantityPerMember,
  f.occupations,
  f.verifiedOnly,
  f.startsAt,
  f.endsAt,
];

/**
 * A campaign is visible where the caller's scope and the campaign's target subtree meet: campaigns of orgs in
 * the scope, and campaigns of an org above the scope (a city campaign seen by a county's staff).
 */
const visibleTo = (scopePaths: string[], params: unknown[]): string =>
  meetsSubtrees('o.path', scopePaths, params);

@Injectable()
export class WelfareCampaignsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  async insert(orgId: string, f: CampaignFields, createdBy: string | null, db: Db): Promise<string> {
    const [{ id }] = await sqlRows<{ id: string }>(
      db,
      `INSERT INTO welfare_campaigns (org_id, title, goods, unit, description, quantity_per_member, occupations,
                                      verified_only, starts_at, ends_at, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7::text[], $8, $9, $10, $11)
       RETURNING id`,
      [orgId, ...fieldParams(f), createdBy],
    );
    return id;
  }

  async update(id: string, f: CampaignFields, db: Db): Promise<void> {
    await sqlRows(
      db,
      `UPDATE welfare_campaigns
          SET title = $2, goods = $3, unit = $4, description = $5, quantity_per_member = $6,
              occupations = $7::text[], verified_only = $8, starts_at = $9, ends_at = $10, updated_at = now()
        WHERE id = $1`,
      [id, ...fieldParams(f)],
    );
  }

  async replaceRegions(id: string, orgIds: string[], db: Db): Promise<void> {
    await sqlRows(db, `DELETE FROM welfare_campaign_regions WHERE campaign_id = $1`, [id]);
    await sqlRows(
      db,
      `INSERT INTO welfare_campaign_regions (campaign_id, org_id) SELECT $1, unnest($2::bigint[])`,
      [id, orgIds],
    );
  }

  async replaceStations(id: string, stationIds: string[], db: Db): Promise<void> {
    await sqlRows(db, `DELETE FROM welfare_campaign_stations WHERE campaign_id = $1`, [id]);
    await sqlRows(
      db,
      `INSERT INTO welfare_campaign_stations (campaign_id, station_id) SELECT $1, unnest($2::bigint[])`,
      [id, stationIds],
    );
  }

  async findById(id: string, db: Db = this.db, lock = false): Promise<CampaignRow | null> {
    const row = await sqlRow<Row>(
      db,
      `SELECT ${COLUMNS} FROM welfare_campaigns c JOIN orgs o ON o.id = c.org_id WHERE c.id = $1
       ${lock ? 'FOR UPDATE OF c' : ''}`,
      [id],
    );
    return row ? toRow(row) : null;
  }

  /** Campaigns visible to the scope (see {@link visibleTo}), newest first. */
  async list(
    scopePaths: string[],
    status: WelfareCampaignStatus | undefined,
    offset: number,
    limit: number,
  ): Promise<{ items: CampaignRow[]; total: number }> {
    const params: unknown[] = [];
    let where = visibleTo(scopePaths, params);
    if (status) {
      params.push(status);
      where += ` AND c.status = $${params.length}`;
    }
    const [{ total }] = await sqlRows<{ total: number }>(
      this.db,
      `SELECT count(*)::int AS total FROM welfare_campaigns c JOIN orgs o ON o.id = c.org_id WHERE ${where}`,
      params,
    );
    const rows = await sqlRows<Row>(
      this.db,
      `SELECT ${COLUMNS} FROM welfare_campaigns c JOIN orgs o ON o.id = c.org_id WHERE ${where}
        ORDER BY c.created_at DESC, c.id DESC
        LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, limit, offset],
    );
    return { items: rows.map(toRow), total };
  }

  /** Draft → published; false if it was not a draft. */
  async publish(id: string, db: Db): Promise<boolean> {
    const rows = await sqlRows(
      db,
      `UPDATE welfare_campaigns SET status = 'published', published_at = now(), updated_at = now()
        WHERE id = $1 AND status = 'draft' RETURNING id`,
      [id],
    );
    return rows.length > 0;
  }

  /** Draft or published → closed; false if it was closed already. */
  async close(id: string, db: Db): Promise<boolean> {
    const rows = await sqlRows(
      db,
      `UPDATE welfare_campaigns SET status = 'closed', closed_at = now(), updated_at = now()
        WHERE id = $1 AND status <> 'closed' RETURNING id`,
      [id],
    );
    return rows.length > 0;
  }

  /** Published campaigns whose window has not ended: what the daily re-allocation walks. */
  async publishedUnended(): Promise<string[]> {
    const rows = await sqlRows<{ id: string }>(
      this.db,
      `SELECT id FROM welfare_campaigns WHERE status = 'published' AND ends_at > now() ORDER BY id`,
    );
    return rows.map((r) => r.id);
  }

  /** Seed use: the campaign of this org with this title, if any. */
  async findIdByOrgTitle(orgId: string, title: string): Promise<string | null> {
    const row = await sqlRow<{ id: string }>(
      this.db,
      `SELECT id FROM welfare_campaigns WHERE org_id = $1 AND title = $2 ORDER BY id LIMIT 1`,
      [orgId, title],
    );
    return row?.id ?? null;
  }
}

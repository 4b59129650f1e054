import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  MemberStatus,
  OrgRef,
  OrgType,
  WelfareAllocationStatus,
  WelfareCampaignStatus,
  WelfareStationRef,
} from '@smartunion/contracts';
import type { DataSource, EntityManager } from 'typeorm';

import { type Db, sqlRow, sqlRows } from '../../../platform/database/sql';
import { inSubtrees } from '../../../platform/scope/org-scope';

/** Whether a campaign accepts pick-ups at `now()`: published and inside its window. */
const OPEN = `(c.status = 'published' AND now() >= c.starts_at AND now() < c.ends_at)`;

const STATION_REF = (alias: string): string =>
  `json_build_object('id', ${alias}.id::text, 'name', ${alias}.name, 'address', ${alias}.address)`;

/** One of a member's allocations with its campaign, for "my welfare". */
export interface MyAllocationRow {
  id: string;
  quantity: number;
  status: WelfareAllocationStatus;
  open: boolean;
  pickedUpAt: Date | null;
  pickedUpStation: WelfareStationRef | null;
  stations: WelfareStationRef[];
  campaign: {
    id: string;
    title: string;
    goods: string;
    unit: string;
    description: string;
    org: OrgRef;
    startsAt: Date;
    endsAt: Date;
    status: WelfareCampaignStatus;
  };
}

/** An allocation as the pick-up desk needs it. */
export interface PickupAllocationRow {
  id: string;
  campaignId: string;
  campaignTitle: string;
  goods: string;
  unit: string;
  campaignOpen: boolean;
  memberId: string;
  memberStatus: MemberStatus;
  memberOrg: OrgRef;
  quantity: number;
  status: WelfareAllocationStatus;
  pickedUpAt: Date | null;
  pickedUpStation: WelfareStationRef | null;
}

/** A station as seen from one campaign and one caller. */
export interface PickupStationRow extends WelfareStationRef {
  orgPath: string;
  active: boolean;
  isMaster: boolean;
  inCampaign: boolean;
}

interface MyRow {
  id: string;
  quantity: number;
  status: WelfareAllocationStatus;
  open: boolean;
  picked_up_at: Date | null;
  picked_station: WelfareStationRef | null;
  stations: WelfareStationRef[];
  campaign_id: string;
  title: string;
  goods: string;
  unit: string;
  description: string;
  org_id: string;
  org_name: string;
  org_type: OrgType;
  org_area_code: string;
  starts_at: Date;
  ends_at: Date;
  campaign_status: WelfareCampaignStatus;
}

interface PickupRow {
  id: string;
  campaign_id: string;
  title: string;
  goods: string;
  unit: string;
  campaign_open: boolean;
  member_id: string;
  member_status: MemberStatus;
  org_id: string;
  org_name: string;
  org_type: OrgType;
  org_area_code: string;
  quantity: number;
  status: WelfareAllocationStatus;
  picked_up_at: Date | null;
  picked_station: WelfareStationRef | null;
}

/** Most allocations "my welfare" lists (a member gets a handful a year). */
const MINE_LIMIT = 50;

@Injectable()
export class WelfareAllocationsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /** The range of member ids, so allocation can walk membership's `member_directory` in id batches. */
  async memberIdBounds(): Promise<{ min: number; max: number } | null> {
    const row = await sqlRow<{ min: string | null; max: string | null }>(
      this.db,
      `SELECT min(id) AS min, max(id) AS max FROM member_directory`,
    );
    return row?.min && row.max ? { min: Number(row.min), max: Number(row.max) } : null;
  }

  /**
   * Allots a share to every eligible member with an id in [from, to): active, of an org under one of
   * `targetPaths`, of one of the campaign's occupations, verified if the campaign says so. One statement:
   * ON CONFLICT DO NOTHING makes a re-run (or a concurrent one) add nothing, and the campaign's `allotted`
   * counter grows by exactly the rows inserted. Nothing is inserted unless the campaign is published and not
   * ended, so closing a campaign stops an allocation in progress.
   */
  async allocateRange(campaignId: string, targetPaths: string[], from: number, to: number): Promise<number> {
    const params: unknown[] = [campaignId];
    const inTarget = inSubtrees('o.path', targetPaths, params);
    params.push(from, to);
    const [{ n }] = await sqlRows<{ n: number }>(
      this.db,
      `WITH c AS (
         SELECT id, quantity_per_member, occupations, verified_only FROM welfare_campaigns
          WHERE id = $1 AND status = 'published' AND ends_at > now()),
       ins AS (
         INSERT INTO welfare_allocations (campaign_id, member_id, org_id, quantity)
         SELECT c.id, m.id, m.org_id, c.quantity_per_member
           FROM c
           JOIN member_directory m ON m.occupation = ANY (c.occupations)
                         AND (NOT c.verified_only OR m.verification = 'verified')
           JOIN orgs o ON o.id = m.org_id
          WHERE m.status = 'active' AND m.id >= $3 AND m.id < $4 AND ${inTarget}
         ON CONFLICT (campaign_id, member_id) DO NOTHING
         RETURNING 1),
       counted AS (
         UPDATE welfare_campaigns SET allotted = allotted + (SELECT count(*) FROM ins)
          WHERE id = $1 AND EXISTS (SELECT 1 FROM ins))
       SELECT count(*)::int AS n FROM ins`,
      params,
    );
    return n;
  }

  async markAllocated(campaignId: string): Promise<void> {
    await sqlRows(this.db, `UPDATE welfare_campaigns SET allocated_at = now() WHERE id = $1`, [campaignId]);
  }

  /** A member's allocations: open ones first, then the newest campaigns. */
  async mine(memberId: string): Promise<MyAllocationRow[]> {
    const rows = await sqlRows<MyRow>(
      this.db,
      `SELECT a.id, a.quantity, a.status, a.picked_up_at, (a.status = 'allotted' AND ${OPEN}) AS open,
              CASE WHEN ps.id IS NOT NULL THEN ${STATION_REF('ps')} END AS picked_station,
              COALESCE((SELECT json_agg(${STATION_REF('s')} ORDER BY s.id)
                          FROM welfare_campaign_stations cs JOIN station_directory s ON s.id = cs.station_id
                         WHERE cs.campaign_id = c.id AND s.status = 'active'), '[]'::json) AS stations,
              c.id AS campaign_id, c.title, c.goods, c.unit, c.description, c.starts_at, c.ends_at,
              c.status AS campaign_status, o.id AS org_id, o.name AS org_name, o.type AS org_type,
              o.area_code AS org_area_code
         FROM welfare_allocations a
         JOIN welfare_campaigns c ON c.id = a.campaign_id
         JOIN orgs o ON o.id = c.org_id
         LEFT JOIN station_directory ps ON ps.id = a.station_id
        WHERE a.member_id = $1
        ORDER BY open DESC, c.ends_at DESC, a.id DESC
        LIMIT ${MINE_LIMIT}`,
      [memberId],
    );
    return rows.map((r) => ({
      id: r.id,
      quantity: r.quantity,
      status: r.status,
      open: r.open,
      pickedUpAt: r.picked_up_at,
      pickedUpStation: r.picked_station,
      stations: r.stations,
      campaign: {
        id: r.campaign_id,
        title: r.title,
        goods: r.goods,
        unit: r.unit,
        description: r.description,
        org: { id: r.org_id, name: r.org_name, type: r.org_type, areaCode: r.org_area_code },
        startsAt: r.starts_at,
        endsAt: r.ends_at,
        status: r.campaign_status,
      },
    }));
  }

  async findForPickup(id: string, db: Db = this.db): Promise<PickupAllocationRow | null> {
    const r = await sqlRow<PickupRow>(
      db,
      `SELECT a.id, a.campaign_id, c.title, c.goods, c.unit, ${OPEN} AS campaign_open, a.member_id,
              m.status AS member_status, o.id AS org_id, o.name AS org_name, o.type AS org_type,
              o.area_code AS org_area_code, a.quantity, a.status, a.picked_up_at,
              CASE WHEN ps.id IS NOT NULL THEN ${STATION_REF('ps')} END AS picked_station
         FROM welfare_allocations a
         JOIN welfare_campaigns c ON c.id = a.campaign_id
         JOIN member_directory m ON m.id = a.member_id
         JOIN orgs o ON o.id = a.org_id
         LEFT JOIN station_directory ps ON ps.id = a.station_id
        WHERE a.id = $1`,
      [id],
    );
    if (!r) return null;
    return {
      id: r.id,
      campaignId: r.campaign_id,
      campaignTitle: r.title,
      goods: r.goods,
      unit: r.unit,
      campaignOpen: r.campaign_open,
      memberId: r.member_id,
      memberStatus: r.member_status,
      memberOrg: { id: r.org_id, name: r.org_name, type: r.org_type, areaCode: r.org_area_code },
      quantity: r.quantity,
      status: r.status,
      pickedUpAt: r.picked_up_at,
      pickedUpStation: r.picked_station,
    };
  }

  /** The member's own allocation `id`, or null when it is someone else's. */
  async findMemberAllocation(id: string, memberId: string): Promise<PickupAllocationRow | null> {
    const row = await this.findForPickup(id);
    return row && row.memberId === memberId ? row : null;
  }

  /**
   * A station as the pick-up desk sees it: its org (for the scope check) and whether it is a pick-up point of
   * the campaign, read through stations' `station_directory` view. Whether the caller masters it is asked of
   * StationsService.
   */
  async pickupStation(
    stationId: string,
    campaignId: string,
  ): Promise<Omit<PickupStationRow, 'isMaster'> | null> {
    const r = await sqlRow<{
      id: string;
      name: string;
      address: string;
      org_path: string;
      active: boolean;
      in_campaign: boolean;
    }>(
      this.db,
      `SELECT s.id, s.name, s.address, o.path::text AS org_path, s.status = 'active' AS active,
              EXISTS (SELECT 1 FROM welfare_campaign_stations cs
                       WHERE cs.station_id = s.id AND cs.campaign_id = $2) AS in_campaign
         FROM station_directory s JOIN orgs o ON o.id = s.org_id
        WHERE s.id = $1`,
      [stationId, campaignId],
    );
    if (!r) return null;
    return {
      id: r.id,
      name: r.name,
      address: r.address,
      orgPath: r.org_path,
      active: r.active,
      inCampaign: r.in_campaign,
    };
  }

  /**
   * Writes the pick-up off, once: the guarded UPDATE matches only an allotted share of an open campaign, so of
   * two concurrent pick-ups the second finds the row already picked up (READ COMMITTED re-checks the WHERE on
   * the updated row) and gets nothing. The campaign's counter moves in the same statement.
   */
  async pickUp(id: string, stationId: string, userId: string, db: Db): Promise<Date | null> {
    const row = await sqlRow<{ picked_up_at: Date }>(
      db,
      `WITH up AS (
         UPDATE welfare_allocations a
            SET status = 'picked_up', picked_up_at = now(), station_id = $2, picked_up_by = $3
           FROM welfare_campaigns c
          WHERE a.id = $1 AND a.status = 'allotted' AND c.id = a.campaign_id AND ${OPEN}
         RETURNING a.campaign_id, a.picked_up_at),
       counted AS (
         UPDATE welfare_campaigns SET picked_up = picked_up + 1 WHERE id = (SELECT campaign_id FROM up))
       SELECT picked_up_at FROM up`,
      [id, stationId, userId],
    );
    return row?.picked_up_at ?? null;
  }
}

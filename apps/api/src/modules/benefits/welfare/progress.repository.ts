import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  OrgType,
  WelfareProgressGroup,
  WelfarePickupStationsResponse,
  WelfareStationProgress,
} from '@smartunion/contracts';
import type { DataSource } from 'typeorm';

import { sqlRows } from '../../../platform/database/sql';
import { inSubtrees } from '../../../platform/scope/org-scope';

interface GroupRow {
  id: string;
  name: string;
  type: OrgType;
  area_code: string;
  allotted: number;
  picked_up: number;
  allotted_quantity: number;
  picked_up_quantity: number;
}

/** Reads for the staff dashboard (progress per city and per station) and for the pick-up desk. */
@Injectable()
export class WelfareProgressRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * One campaign's allocations of members in the scope, grouped by the ancestor at `groupLevel` (the
   * organising union's children: cities under a province, counties under a city). The inner query counts per
   * union from the (campaign_id, org_id) INCLUDE (status, quantity) index alone; only those few thousand unions
   * are then joined to the org tree.
   */
  async groups(
    campaignId: string,
    groupLevel: number,
    scopePaths: string[],
  ): Promise<WelfareProgressGroup[]> {
    const params: unknown[] = [campaignId, groupLevel];
    const inScope = inSubtrees('o.path', scopePaths, params);
    const rows = await sqlRows<GroupRow>(
      this.db,
      `WITH per_union AS (
         SELECT a.org_id, count(*) AS allotted, count(*) FILTER (WHERE a.status = 'picked_up') AS picked_up,
                sum(a.quantity) AS allotted_quantity,
                COALESCE(sum(a.quantity) FILTER (WHERE a.status = 'picked_up'), 0) AS picked_up_quantity
           FROM welfare_allocations a
          WHERE a.campaign_id = $1
          GROUP BY a.org_id),
       per_group AS (
         SELECT CASE WHEN nlevel(o.path) >= $2 THEN subpath(o.path, 0, $2) ELSE o.path END AS path,
                sum(p.allotted) AS allotted, sum(p.picked_up) AS picked_up,
                sum(p.allotted_quantity) AS allotted_quantity, sum(p.picked_up_quantity) AS picked_up_quantity
           FROM per_union p JOIN orgs o ON o.id = p.org_id
          WHERE ${inScope}
          GROUP BY 1)
       SELECT g.id, g.name, g.type, g.area_code, pg.allotted::int, pg.picked_up::int,
              pg.allotted_quantity::int, pg.picked_up_quantity::int
         FROM per_group pg JOIN orgs g ON g.path = pg.path
        ORDER BY g.area_code, g.name, g.id`,
      params,
    );
    return rows.map((r) => ({
      org: { id: r.id, name: r.name, type: r.type, areaCode: r.area_code },
      allotted: r.allotted,
      pickedUp: r.picked_up,
      allottedQuantity: r.allotted_quantity,
      pickedUpQuantity: r.picked_up_quantity,
    }));
  }

  /** Pick-ups per station of the campaign (every station listed, zero included), of members in the scope. */
  async stations(campaignId: string, scopePaths: string[]): Promise<WelfareStationProgress[]> {
    const params: unknown[] = [campaignId];
    const inScope = inSubtrees('o.path', scopePaths, params);
    const rows = await sqlRows<{
      id: string;
      name: string;
      address: string;
      picked_up: number;
      picked_up_quantity: number;
    }>(
      this.db,
      `SELECT s.id, s.name, s.address, COALESCE(p.picked_up, 0)::int AS picked_up,
              COALESCE(p.picked_up_quantity, 0)::int AS picked_up_quantity
         FROM welfare_campaign_stations cs
         JOIN station_directory s ON s.id = cs.station_id
         LEFT JOIN (SELECT a.station_id, count(*) AS picked_up, sum(a.quantity) AS picked_up_quantity
                      FROM welfare_allocations a JOIN orgs o ON o.id = a.org_id
                     WHERE a.campaign_id = $1 AND a.status = 'picked_up' AND ${inScope}
                     GROUP BY a.station_id) p ON p.station_id = s.id
        WHERE cs.campaign_id = $1
        ORDER BY s.id`,
      params,
    );
    return rows.map((r) => ({
      station: { id: r.id, name: r.name, address: r.address },
      pickedUp: r.picked_up,
      pickedUpQuantity: r.picked_up_quantity,
    }));
  }

  /**
   * Active stations of open campaigns where the caller may hand out goods: the ones they master
   * (`masteredIds`, from StationsService), then those in their scope; each with its open campaigns.
   */
  async pickupStations(
    masteredIds: string[],
    scopePaths: string[],
  ): Promise<WelfarePickupStationsResponse['items']> {
    const params: unknown[] = [masteredIds];
    const inScope = inSubtrees('o.path', scopePaths, params);
    return sqlRows(
      this.db,
      `WITH candidates AS (
         SELECT s.id, s.name, s.address,
                s.id = ANY ($1::bigint[]) AS mine,
                ${inScope} AS in_scope,
                json_build_object('id', c.id::text, 'title', c.title, 'goods', c.goods) AS campaign, c.ends_at
           FROM welfare_campaigns c
           JOIN welfare_campaign_stations cs ON cs.campaign_id = c.id
           JOIN station_directory s ON s.id = cs.station_id
           JOIN orgs o ON o.id = s.org_id
          WHERE c.status = 'published' AND now() >= c.starts_at AND now() < c.ends_at AND s.status = 'active')
       SELECT id::text, name, address, json_agg(campaign ORDER BY ends_at) AS campaigns
         FROM candidates
        WHERE mine OR in_scope
        GROUP BY id, name, address, mine
        ORDER BY mine DESC, name, id
        LIMIT 200`,
      params,
    );
  }
}

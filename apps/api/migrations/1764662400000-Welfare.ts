import type { MigrationInterface, QueryRunner } from 'typeorm';

const OCCUPATIONS = `'delivery_rider', 'courier', 'ride_hailing_driver', 'truck_driver', 'sanitation', 'domestic_service', 'other'`;

/**
 * Welfare campaigns (智送清凉): goods for the members of a region and occupations, a quantity each, picked up
 * at one of the campaign's stations and written off there.
 *
 * An allocation is one member's share, unique per (campaign, member), so re-running the allocation adds
 * nothing; it is picked up at most once (a guarded UPDATE … WHERE status = 'allotted'). The campaign row keeps
 * `allotted`/`picked_up` counters, changed in the same statement or transaction as the allocations they count.
 *
 * Area: benefits.
 */
export class Welfare1764662400000 implements MigrationInterface {
  name = 'Welfare1764662400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE welfare_campaigns (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        org_id bigint NOT NULL REFERENCES orgs (id) ON DELETE RESTRICT,
        title text NOT NULL CHECK (char_length(title) BETWEEN 2 AND 60),
        goods text NOT NULL CHECK (char_length(goods) BETWEEN 1 AND 200),
        unit text NOT NULL DEFAULT '份' CHECK (char_length(unit) BETWEEN 1 AND 6),
        description text NOT NULL DEFAULT '' CHECK (char_length(description) <= 500),
        quantity_per_member integer NOT NULL CHECK (quantity_per_member BETWEEN 1 AND 99),
        occupations text[] NOT NULL
          CHECK (cardinality(occupations) > 0 AND occupations <@ ARRAY[${OCCUPATIONS}]::text[]),
        verified_only boolean NOT NULL DEFAULT false,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'closed')),
        published_at timestamptz,
        closed_at timestamptz,
        allocated_at timestamptz,
        allotted integer NOT NULL DEFAULT 0 CHECK (allotted >= 0),
        picked_up integer NOT NULL DEFAULT 0 CHECK (picked_up >= 0),
        created_by uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT welfare_campaigns_window CHECK (ends_at > starts_at),
        CONSTRAINT welfare_campaigns_published CHECK (status <> 'published' OR published_at IS NOT NULL),
        CONSTRAINT welfare_campaigns_closed CHECK ((status = 'closed') = (closed_at IS NOT NULL)),
        CONSTRAINT welfare_campaigns_counts CHECK (picked_up <= allotted)
      )`);
    await q.query(
      `CREATE INDEX welfare_campaigns_org_idx ON welfare_campaigns (org_id, created_at DESC, id)`,
    );
    // The daily re-allocation walks the published ones.
    await q.query(
      `CREATE INDEX welfare_campaigns_published_idx ON welfare_campaigns (ends_at) WHERE status = 'published'`,
    );

    // Narrower target orgs inside the organising union's subtree; none means the whole subtree.
    await q.query(`
      CREATE TABLE welfare_campaign_regions (
        campaign_id bigint NOT NULL REFERENCES welfare_campaigns (id) ON DELETE CASCADE,
        org_id bigint NOT NULL REFERENCES orgs (id) ON DELETE RESTRICT,
        PRIMARY KEY (campaign_id, org_id)
      )`);

    await q.query(`
      CREATE TABLE welfare_campaign_stations (
        campaign_id bigint NOT NULL REFERENCES welfare_campaigns (id) ON DELETE CASCADE,
        station_id bigint NOT NULL REFERENCES stations (id) ON DELETE RESTRICT,
        PRIMARY KEY (campaign_id, station_id)
      )`);
    // A station's campaigns (the pick-up desk's station chooser).
    await q.query(
      `CREATE INDEX welfare_campaign_stations_station_idx ON welfare_campaign_stations (station_id)`,
    );

    await q.query(`
      CREATE TABLE welfare_allocations (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        campaign_id bigint NOT NULL REFERENCES welfare_campaigns (id) ON DELETE RESTRICT,
        member_id bigint NOT NULL REFERENCES members (id) ON DELETE RESTRICT,
        -- The member's union when allotted: progress per city counts where the member was, not where they moved.
        org_id bigint NOT NULL REFERENCES orgs (id) ON DELETE RESTRICT,
        quantity integer NOT NULL CHECK (quantity BETWEEN 1 AND 99),
        status text NOT NULL DEFAULT 'allotted' CHECK (status IN ('allotted', 'picked_up')),
        allotted_at timestamptz NOT NULL DEFAULT now(),
        picked_up_at timestamptz,
        station_id bigint REFERENCES stations (id) ON DELETE RESTRICT,
        picked_up_by uuid REFERENCES users (id) ON DELETE SET NULL,
        CONSTRAINT welfare_allocations_member_uq UNIQUE (campaign_id, member_id),
        CONSTRAINT welfare_allocations_picked CHECK (
          (status = 'picked_up') = (picked_up_at IS NOT NULL AND station_id IS NOT NULL))
      )`);
    // "My welfare": a member's allocations.
    await q.query(
      `CREATE INDEX welfare_allocations_member_idx ON welfare_allocations (member_id, campaign_id)`,
    );
    // Progress per city: one campaign's allocations by union, counted from the index alone.
    await q.query(
      `CREATE INDEX welfare_allocations_progress_idx ON welfare_allocations (campaign_id, org_id) INCLUDE (status, quantity)`,
    );
    // Progress per station.
    await q.query(
      `CREATE INDEX welfare_allocations_station_idx ON welfare_allocations (campaign_id, station_id)
        INCLUDE (quantity, org_id) WHERE status = 'picked_up'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'welfare_allocations',
      'welfare_campaign_stations',
      'welfare_campaign_regions',
      'welfare_campaigns',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}

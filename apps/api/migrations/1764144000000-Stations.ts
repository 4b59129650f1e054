import type { MigrationInterface, QueryRunner } from 'typeorm';

const AMENITIES = `'water', 'heating_cooling', 'charging', 'microwave', 'restroom', 'first_aid', 'rest_seats'`;

/**
 * Post stations (工会驿站): the registry, their masters, and the live state their devices report.
 *
 * `location` is WGS-84 geography: GiST-indexed for `ST_DWithin` and KNN (`<->`) searches in metres. Opening
 * hours are columns, not JSON, so "open now" is a plain predicate in the nearby query; `closes_at` earlier than
 * `opens_at` means the station closes after midnight.
 *
 * Area: stations.
 */
export class Stations1764144000000 implements MigrationInterface {
  name = 'Stations1764144000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE stations (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        org_id bigint NOT NULL REFERENCES orgs (id) ON DELETE RESTRICT,
        name text NOT NULL CHECK (char_length(name) BETWEEN 2 AND 60),
        address text NOT NULL CHECK (char_length(address) BETWEEN 2 AND 200),
        location geography(Point, 4326) NOT NULL,
        always_open boolean NOT NULL DEFAULT false,
        opens_at time(0),
        closes_at time(0),
        capacity int NOT NULL CHECK (capacity BETWEEN 1 AND 10000),
        amenities text[] NOT NULL DEFAULT '{}' CHECK (amenities <@ ARRAY[${AMENITIES}]::text[]),
        level text NOT NULL CHECK (level IN ('province', 'city', 'county')),
        photos text[] NOT NULL DEFAULT '{}' CHECK (cardinality(photos) <= 9),
        verified_only boolean NOT NULL DEFAULT false,
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'closed')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT stations_hours CHECK (
          CASE WHEN always_open THEN opens_at IS NULL AND closes_at IS NULL
               ELSE opens_at IS NOT NULL AND closes_at IS NOT NULL AND opens_at <> closes_at END)
      )`);
    await q.query(`CREATE INDEX stations_location_gist ON stations USING gist (location)`);
    await q.query(`CREATE INDEX stations_org_idx ON stations (org_id, id)`);
    await q.query(`CREATE INDEX stations_name_trgm ON stations USING gin (name gin_trgm_ops)`);

    await q.query(`
      CREATE TABLE station_masters (
        station_id bigint NOT NULL REFERENCES stations (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (station_id, user_id)
      )`);
    await q.query(`CREATE INDEX station_masters_user_idx ON station_masters (user_id)`);

    // Written by the devices' MQTT reports (issue 4 slice 2, now stations/station-states.repository.ts); one row per
    // station, upserted. A station without a row has never reported; readers LEFT JOIN and treat it as offline.
    await q.query(`
      CREATE TABLE station_states (
        station_id bigint PRIMARY KEY REFERENCES stations (id) ON DELETE CASCADE,
        occupancy int NOT NULL CHECK (occupancy >= 0),
        door_closed boolean,
        last_seen_at timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE station_states`);
    await q.query(`DROP TABLE station_masters`);
    await q.query(`DROP TABLE stations`);
  }
}

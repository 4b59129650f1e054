import type { MigrationInterface, QueryRunner } from 'typeorm';

const PATROL_ITEMS = `'facilities', 'water', 'heating_cooling', 'hygiene', 'first_aid', 'signage', 'opening_hours'`;

/**
 * Running the station network: patrols (巡查) and the daily overdue flags, members' monthly ratings, and the
 * monthly report per city federation.
 *
 * A patrol's checklist is a JSON array with one `{item, passed, note?}` per fixed item; the DTO validates the
 * shape, the CHECK keeps a hand-written row honest about length and item names. Flags are keyed by
 * (station, due date), so the daily job can re-run freely. Months are stored as the first day (a date) of the
 * Asia/Shanghai month.
 *
 * Area: stations.
 */
export class StationPatrols1764316800000 implements MigrationInterface {
  name = 'StationPatrols1764316800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION station_patrol_checklist_ok(c jsonb) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
        SELECT jsonb_typeof(c) = 'array'
           AND jsonb_array_length(c) = 7
           AND (SELECT count(DISTINCT e->>'item') FROM jsonb_array_elements(c) e
                 WHERE e->>'item' IN (${PATROL_ITEMS}) AND jsonb_typeof(e->'passed') = 'boolean') = 7
      $$`);
    await q.query(`
      CREATE TABLE station_patrols (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        station_id bigint NOT NULL REFERENCES stations (id) ON DELETE CASCADE,
        patrolled_by uuid NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
        org_id bigint NOT NULL REFERENCES orgs (id) ON DELETE RESTRICT,
        patrolled_at timestamptz NOT NULL,
        checklist jsonb NOT NULL CHECK (station_patrol_checklist_ok(checklist)),
        notes text CHECK (char_length(notes) <= 2000),
        photo_urls text[] NOT NULL DEFAULT '{}' CHECK (cardinality(photo_urls) <= 9),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX station_patrols_station_idx ON station_patrols (station_id, patrolled_at DESC)`,
    );

    await q.query(`
      CREATE TABLE station_patrol_flags (
        station_id bigint NOT NULL REFERENCES stations (id) ON DELETE CASCADE,
        due_on date NOT NULL,
        flagged_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (station_id, due_on)
      )`);

    await q.query(`
      CREATE TABLE station_ratings (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        station_id bigint NOT NULL REFERENCES stations (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        month date NOT NULL CHECK (extract(day FROM month) = 1),
        score smallint NOT NULL CHECK (score BETWEEN 1 AND 5),
        comment text CHECK (char_length(comment) <= 300),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT station_ratings_uq UNIQUE (station_id, user_id, month)
      )`);
    await q.query(`CREATE INDEX station_ratings_month_idx ON station_ratings (month, station_id)`);
    // The rankings read a month's attendance across all stations.
    await q.query(`CREATE INDEX station_attendance_day_idx ON station_attendance (day, station_id)`);

    await q.query(`
      CREATE TABLE station_reports (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        city_org_id bigint NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
        month date NOT NULL CHECK (extract(day FROM month) = 1),
        visits int NOT NULL CHECK (visits >= 0),
        unique_visitors int NOT NULL CHECK (unique_visitors >= 0),
        stations int NOT NULL CHECK (stations >= 0),
        active_stations int NOT NULL CHECK (active_stations >= 0),
        offline_stations int NOT NULL CHECK (offline_stations >= 0),
        change_vs_last_month jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT station_reports_uq UNIQUE (city_org_id, month)
      )`);
    await q.query(`CREATE INDEX station_reports_month_idx ON station_reports (month)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE station_reports`);
    await q.query(`DROP INDEX station_attendance_day_idx`);
    await q.query(`DROP TABLE station_ratings`);
    await q.query(`DROP TABLE station_patrol_flags`);
    await q.query(`DROP TABLE station_patrols`);
    await q.query(`DROP FUNCTION station_patrol_checklist_ok(jsonb)`);
  }
}

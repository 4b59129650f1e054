import type { MigrationInterface, QueryRunner } from 'typeorm';

const EQUIPMENT_ITEMS = `'water_dispenser', 'heating_cooling', 'charging', 'microwave', 'restroom', 'first_aid', 'door_lock', 'seats'`;

/**
 * Station masters' equipment status reports (设备状况/报修): one row per report, its items a JSON array of
 * `{item, status, note?}` with each equipment kind at most once. The DTO validates the shape; the CHECK keeps a
 * hand-written row honest about item names, statuses and duplicates.
 *
 * Area: stations.
 */
export class StationEquipment1764403200000 implements MigrationInterface {
  name = 'StationEquipment1764403200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION station_equipment_items_ok(c jsonb) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
        SELECT jsonb_typeof(c) = 'array'
           AND jsonb_array_length(c) BETWEEN 1 AND 8
           AND (SELECT count(DISTINCT e->>'item') FROM jsonb_array_elements(c) e
                 WHERE e->>'item' IN (${EQUIPMENT_ITEMS})
                   AND e->>'status' IN ('ok', 'faulty', 'missing')) = jsonb_array_length(c)
      $$`);
    await q.query(`
      CREATE TABLE station_equipment_reports (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        station_id bigint NOT NULL REFERENCES stations (id) ON DELETE CASCADE,
        reported_by uuid NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
        items jsonb NOT NULL CHECK (station_equipment_items_ok(items)),
        note text CHECK (char_length(note) <= 200),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX station_equipment_reports_station_idx ON station_equipment_reports (station_id, created_at DESC)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE station_equipment_reports`);
    await q.query(`DROP FUNCTION station_equipment_items_ok(jsonb)`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Area: stations. `station_directory` is what other areas may read of stations in set-based SQL — a welfare
 * campaign's pick-up points listed with every campaign and share, progress per station, the stations a desk
 * may hand out at. Its columns are the contract: who masters a station is asked of StationsService, not read
 * here. A plain view over one table, so the planner inlines it and the `stations` indexes serve its readers.
 */
export class StationDirectoryView1764835200000 implements MigrationInterface {
  name = 'StationDirectoryView1764835200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE VIEW station_directory AS
        SELECT id, org_id, name, address, status FROM stations`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW station_directory`);
  }
}

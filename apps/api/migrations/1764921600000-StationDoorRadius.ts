import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Area: stations. How near a member must stand to open a station's door (扫码开门), per station: the printed door
 * QR never changes, so a photo of it must not open the door from anywhere else. 200 m by default, as the
 * masters' check-in; 50 m at least, as a phone's fix is seldom better.
 */
export class StationDoorRadius1764921600000 implements MigrationInterface {
  name = 'StationDoorRadius1764921600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE stations
        ADD COLUMN door_radius_m int NOT NULL DEFAULT 200 CHECK (door_radius_m BETWEEN 50 AND 2000)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE stations DROP COLUMN door_radius_m`);
  }
}

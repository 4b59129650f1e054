import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Station door visits (扫码开门) and station masters' daily check-ins (站长到岗打卡).
 *
 * A visit is inserted 'pending' in its own committed statement before the door command goes out, then marked
 * 'opened' or 'failed' once the lock answers; `request_id` (the client's idempotency key, also what the device
 * echoes) is unique so a retried tap finds the first attempt. A visit left pending by a crash between the two
 * writes is failed by the `expire-stale-visits` job (partial index below).
 *
 * Area: stations.
 */
export class StationVisits1764230400000 implements MigrationInterface {
  name = 'StationVisits1764230400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE station_visits (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        station_id bigint NOT NULL REFERENCES stations (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        member_id bigint NOT NULL REFERENCES members (id) ON DELETE CASCADE,
        request_id uuid NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'opened', 'failed')),
        failure text,
        failure_detail text,
        latency_ms double precision,
        created_at timestamptz NOT NULL DEFAULT now(),
        decided_at timestamptz,
        CONSTRAINT station_visits_request_uq UNIQUE (request_id),
        CONSTRAINT station_visits_decided CHECK ((status = 'pending') = (decided_at IS NULL)),
        CONSTRAINT station_visits_failure CHECK ((status = 'failed') = (failure IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX station_visits_station_idx ON station_visits (station_id, created_at)`);
    await q.query(`CREATE INDEX station_visits_user_idx ON station_visits (user_id, created_at)`);
    await q.query(
      `CREATE INDEX station_visits_pending_idx ON station_visits (created_at) WHERE status = 'pending'`,
    );

    await q.query(`
      CREATE TABLE station_attendance (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        station_id bigint NOT NULL REFERENCES stations (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        day date NOT NULL,
        checked_in_at timestamptz NOT NULL DEFAULT now(),
        location geography(Point, 4326) NOT NULL,
        distance_m double precision NOT NULL CHECK (distance_m >= 0),
        CONSTRAINT station_attendance_day_uq UNIQUE (station_id, user_id, day)
      )`);
    await q.query(`CREATE INDEX station_attendance_user_idx ON station_attendance (user_id, day)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE station_attendance`);
    await q.query(`DROP TABLE station_visits`);
  }
}

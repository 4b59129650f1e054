import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

import type { AppConfig } from '../../platform/config/app-config';
import { APP_CONFIG } from '../../platform/config/config.module';
import { isForeignKeyViolation } from '../../platform/database/postgres-errors';
import { sqlRows } from '../../platform/database/sql';
import type { StateReport } from '../../platform/devices/device-messages';

/**
 * The SQL of `station_states` (created by the Stations migration, 1764144000000):
 *   station_id bigint PRIMARY KEY REFERENCES stations ON DELETE CASCADE, occupancy int CHECK (>= 0),
 *   last_seen_at timestamptz.
 *
 * `last_seen_at` is the device's `at`, capped at the database's now() so a device clock running ahead cannot
 * keep a station "online"; an update only applies when it is not older than the stored row, so reports handled
 * out of order by several workers never move a station back in time. (`doorClosed` of a report is validated but
 * not stored: the table has no column for it yet.)
 */
const UPSERT = `
INSERT INTO station_states AS s (station_id, occupancy, last_seen_at)
VALUES ($1::bigint, $2::int, LEAST($3::timestamptz, now()))
ON CONFLICT (station_id) DO UPDATE
   SET occupancy = EXCLUDED.occupancy,
       last_seen_at = EXCLUDED.last_seen_at
 WHERE s.last_seen_at IS NULL OR s.last_seen_at <= EXCLUDED.last_seen_at
RETURNING station_id`;

const READ = `
SELECT station_id::text AS "stationId", occupancy, last_seen_at AS "lastSeenAt",
       coalesce(last_seen_at > now() - make_interval(secs => $2), false) AS online
  FROM station_states
 WHERE station_id = ANY($1::bigint[])`;

export interface StationState {
  stationId: string;
  occupancy: number | null;
  lastSeenAt: Date | null;
  /** Heard from within STATION_OFFLINE_AFTER_SECONDS. */
  online: boolean;
}

/**
 * `written`; `outdated`: a newer report is already stored; `stale`: older than STATION_OFFLINE_AFTER_SECONDS
 * (it proves nothing about the station now); `unknown-station`: no such station.
 */
export type WriteOutcome = 'written' | 'outdated' | 'stale' | 'unknown-station';

/** Device state of stations: written from heartbeats by the worker, read before a door opens. */
@Injectable()
export class StationStatesRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async write(stationId: string, report: StateReport): Promise<WriteOutcome> {
    if (Date.now() - report.at.getTime() > this.config.devices.offlineAfterSeconds * 1000) return 'stale';
    try {
      const rows = await sqlRows(this.db, UPSERT, [stationId, report.occupancy, report.at.toISOString()]);
      return rows.length > 0 ? 'written' : 'outdated';
    } catch (err) {
      if (isForeignKeyViolation(err)) return 'unknown-station';
      throw err;
    }
  }

  /** Last known state of the given stations (those never heard from are absent). */
  async read(stationIds: string[]): Promise<StationState[]> {
    if (stationIds.length === 0) return [];
    return sqlRows<StationState>(this.db, READ, [stationIds, this.config.devices.offlineAfterSeconds]);
  }
}

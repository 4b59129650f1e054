import { Readable } from 'node:stream';

import { Injectable, Logger } from '@nestjs/common';
import {
  AMENITY_LABELS,
  businessDay,
  type CoordSystem,
  DEFAULT_COORD_SYSTEM,
  type OpeningHours,
  STATION_EXPORT_COLUMNS,
  STATION_LEVEL_LABELS,
  STATION_STATUS_LABELS,
  type StationExportQuery,
} from '@smartunion/contracts';

import { AuditService } from '../../platform/audit/audit.service';
import type { FileDownload } from '../../platform/files/download';
import { type Cell, TABULAR_CONTENT_TYPES, tabularStream } from '../../platform/files/tabular-stream';
import type { OrgScope } from '../../platform/scope/org-scope';
import { fromWgs84, roundPoint } from './coordinates';
import { StationExportRepository, type StationExportRow } from './station-export.repository';

export const GEOJSON_CONTENT_TYPE = 'application/geo+json; charset=utf-8';

const hoursOf = (r: StationExportRow): OpeningHours =>
  r.always_open || !r.opens || !r.closes
    ? { always: true }
    : { always: false, opens: r.opens, closes: r.closes };

const hoursText = (h: OpeningHours): string => (h.always ? '24小时' : `${h.opens}-${h.closes}`);

/**
 * The map export of the stations in scope, as GeoJSON (codes, for GIS tools and map layers) or CSV (UTF-8 with
 * BOM and Chinese labels, for spreadsheets). Coordinates are converted from the stored WGS-84 to the datum asked
 * for. Rows stream from a cursor in one read-only snapshot; the export is audited, with its row count, before
 * the first byte leaves.
 */
@Injectable()
export class StationExportService {
  private readonly logger = new Logger(StationExportService.name);

  constructor(
    private readonly repo: StationExportRepository,
    private readonly audit: AuditService,
  ) {}

  async export(scope: OrgScope, query: StationExportQuery, now = new Date()): Promise<FileDownload> {
    const format = query.format ?? 'geojson';
    const coord = query.coord ?? DEFAULT_COORD_SYSTEM;
    const session = await this.repo.session();
    try {
      const n = await this.repo.count(session, scope.paths);
      await this.audit.record({
        actorUserId: scope.userId,
        action: 'station.exported',
        targetType: 'station-export',
        targetId: 'scope',
        after: { format, coord, rows: n, paths: scope.paths },
      });
      const rows = this.repo.stream(session, scope.paths);
      const onClose = async (outcome: { rows: number; completed: boolean; error?: Error }): Promise<void> => {
        await session.close();
        if (!outcome.completed) {
          this.logger.warn(
            { err: outcome.error, userId: scope.userId, sent: outcome.rows, rows: n },
            'Station export did not complete',
          );
        }
      };
      const stamp = businessDay(now).replace(/-/g, '');
      if (format === 'csv') {
        return {
          stream: tabularStream({
            format: 'csv',
            columns: STATION_EXPORT_COLUMNS,
            rows,
            toCells: (r) => this.cells(r, coord),
            onClose,
          }),
          fileName: `stations-${coord}-${stamp}.csv`,
          contentType: TABULAR_CONTENT_TYPES.csv,
        };
      }
      return {
        stream: Readable.from(this.geojson(rows, coord, onClose)),
        fileName: `stations-${coord}-${stamp}.geojson`,
        contentType: GEOJSON_CONTENT_TYPE,
      };
    } catch (e) {
      await session.close();
      throw e;
    }
  }

  /** A FeatureCollection, one Feature per chunk; pulled only as fast as the client reads. */
  private async *geojson(
    rows: AsyncIterable<StationExportRow>,
    coord: CoordSystem,
    onClose: (outcome: { rows: number; completed: boolean; error?: Error }) => Promise<void>,
  ): AsyncGenerator<string> {
    let sent = 0;
    let completed = false;
    let error: Error | undefined;
    try {
      yield `{"type":"FeatureCollection","coord":${JSON.stringify(coord)},"features":[`;
      for await (const r of rows) {
        const p = roundPoint(fromWgs84({ lat: r.lat, lng: r.lng }, coord));
        const feature = {
          type: 'Feature',
          id: r.id,
          geometry: { type: 'Point', coordinates: [p.lng, p.lat] },
          properties: {
            id: r.id,
            name: r.name,
            address: r.address,
            hours: hoursOf(r),
            amenities: r.amenities,
            level: r.level,
            status: r.status,
            orgName: r.org_name,
          },
        };
        yield `${sent === 0 ? '' : ','}${JSON.stringify(feature)}`;
        sent += 1;
      }
      yield ']}';
      completed = true;
    } catch (e) {
      error = e instanceof Error ? e : new Error(String(e));
      throw e;
    } finally {
      await onClose({ rows: sent, completed, error });
    }
  }

  private cells(r: StationExportRow, coord: CoordSystem): Cell[] {
    const p = roundPoint(fromWgs84({ lat: r.lat, lng: r.lng }, coord));
    return [
      r.id,
      r.name,
      r.address,
      p.lng,
      p.lat,
      coord,
      hoursText(hoursOf(r)),
      r.amenities.map((a) => AMENITY_LABELS[a]).join('、'),
      STATION_LEVEL_LABELS[r.level],
      STATION_STATUS_LABELS[r.status],
      r.org_name,
    ];
  }
}

import { Injectable } from '@nestjs/common';
import {
  DEFAULT_PAGE_SIZE,
  EQUIPMENT_ITEMS,
  type EquipmentFaultListResponse,
  type EquipmentReportListResponse,
  type EquipmentReportRequest,
  type EquipmentReportResponse,
  ErrorCode,
} from '@smartunion/contracts';

import { AuditService } from '../../platform/audit/audit.service';
import type { OrgScope } from '../../platform/scope/org-scope';
import { UsersService } from '../identity/users.service';
import { type EquipmentReportRecord, StationEquipmentRepository } from './station-equipment.repository';
import { StationError } from './stations.errors';
import { type StationRow, StationsRepository } from './stations.repository';

/**
 * Equipment status reports (设备状况/报修): a station's masters report what is faulty or missing; its masters and
 * staff in scope read the history, and staff see the stations whose latest report still has a fault.
 */
@Injectable()
export class StationEquipmentService {
  constructor(
    private readonly reports: StationEquipmentRepository,
    private readonly stations: StationsRepository,
    private readonly audit: AuditService,
    private readonly users: UsersService,
  ) {}

  /** Masters of the station only; audited. */
  async report(
    userId: string,
    stationId: string,
    request: EquipmentReportRequest,
  ): Promise<EquipmentReportResponse> {
    const station = await this.requireStation(stationId);
    if (!(await this.stations.isMaster(stationId, userId))) {
      throw new StationError(ErrorCode.Forbidden, 'Only a master of this station reports its equipment');
    }
    // Stored in the fixed item order, whatever order the client sent.
    const items = [...request.items]
      .sort((a, b) => EQUIPMENT_ITEMS.indexOf(a.item) - EQUIPMENT_ITEMS.indexOf(b.item))
      .map((i) =>
        i.note ? { item: i.item, status: i.status, note: i.note } : { item: i.item, status: i.status },
      );
    const created = await this.reports.transaction(async (m) => {
      const id = await this.reports.insert(
        { stationId, reportedBy: userId, items, note: request.note || null },
        m,
      );
      await this.audit.record(
        {
          actorUserId: userId,
          action: 'station.equipment_reported',
          targetType: 'station',
          targetId: stationId,
          orgId: station.orgId,
          after: {
            reportId: id,
            faults: items.filter((i) => i.status !== 'ok').map((i) => ({ item: i.item, status: i.status })),
          },
        },
        m,
      );
      const created = await this.reports.findById(id, m);
      if (!created) throw new StationError(ErrorCode.Internal, 'Equipment report vanished after insert');
      return created;
    });
    const [named] = await this.named([created]);
    return named;
  }

  /** A station's reports, newest first, for its masters and staff whose station:read scope covers it. */
  async list(
    scope: OrgScope,
    stationId: string,
    page = 1,
    pageSize = DEFAULT_PAGE_SIZE,
  ): Promise<EquipmentReportListResponse> {
    const station = await this.requireStation(stationId);
    if (!(await this.stations.isMaster(stationId, scope.userId))) {
      scope.assertCovers({ path: station.orgPath }, 'This station');
    }
    const { items, total } = await this.reports.listForStation(stationId, (page - 1) * pageSize, pageSize);
    return { items: await this.named(items), total, page, pageSize };
  }

  /** Stations in scope whose latest report has a faulty or missing item, with those items. */
  async faults(scope: OrgScope, page = 1, pageSize = DEFAULT_PAGE_SIZE): Promise<EquipmentFaultListResponse> {
    const { items, total } = await this.reports.faults(scope.paths, (page - 1) * pageSize, pageSize);
    return { items, total, page, pageSize };
  }

  /** Names who reported, through identity: one look-up for the whole page. */
  private async named(reports: EquipmentReportRecord[]): Promise<EquipmentReportResponse[]> {
    const names = await this.users.displayNames(reports.map((r) => r.reportedBy));
    return reports.map((r) => ({
      ...r,
      reportedBy: { userId: r.reportedBy, displayName: names.get(r.reportedBy) ?? '' },
    }));
  }

  private async requireStation(id: string): Promise<StationRow> {
    const station = await this.stations.findById(id);
    if (!station) throw new StationError(ErrorCode.StationNotFound, 'No such station');
    return station;
  }
}

import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  businessMonth,
  monthLabel,
  previousMonth,
  Role,
  DEFAULT_PAGE_SIZE,
  type StationReportChange,
  type StationReportListResponse,
  type StationReportMetrics,
  type StationReportQuery,
  type StationReportResponse,
} from '@smartunion/contracts';

import type { AppConfig } from '../../platform/config/app-config';
import { APP_CONFIG } from '../../platform/config/config.module';
import type { OrgScope } from '../../platform/scope/org-scope';
import { UsersService } from '../identity/users.service';
import { NoticesService } from '../notices/notices.service';
import { type CityMetrics, StationReportsRepository } from './station-reports.repository';

const METRICS: readonly (keyof StationReportMetrics)[] = [
  'visits',
  'uniqueVisitors',
  'activeStations',
  'offlineStations',
];

function changeOf(
  current: StationReportMetrics,
  previous: StationReportResponse | null,
): StationReportChange {
  const entry = (k: keyof StationReportMetrics): { previous: number; delta: number } | null =>
    previous ? { previous: previous[k], delta: current[k] - previous[k] } : null;
  return {
    visits: entry('visits'),
    uniqueVisitors: entry('uniqueVisitors'),
    activeStations: entry('activeStations'),
    offlineStations: entry('offlineStations'),
  };
}

const signed = (n: number): string => (n > 0 ? `+${n}` : String(n));

/**
 * The monthly station report of each city federation: written once per city and month by the
 * `monthly-station-report` job (for the month just ended), and sent to the city's city_staff as a notice.
 */
@Injectable()
export class StationReportsService {
  private readonly logger = new Logger(StationReportsService.name);

  constructor(
    private readonly reports: StationReportsRepository,
    private readonly notices: NoticesService,
    private readonly users: UsersService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Writes `month`'s report (default: the Asia/Shanghai month before `now`) for every city org that has none
   * yet, each with its notices in one transaction, so a re-run writes and sends nothing more.
   */
  async writeMonthly(
    month?: string,
    now = new Date(),
  ): Promise<{ month: string; written: number; notified: number }> {
    const target = month ?? previousMonth(businessMonth(now));
    const cities = await this.reports.cityMetrics(target, this.config.devices.offlineAfterSeconds);
    let written = 0;
    let notified = 0;
    for (const city of cities) {
      const sent = await this.reports.transaction(async (m) => {
        const previous = await this.reports.find(city.cityOrgId, previousMonth(target), m);
        const id = await this.reports.insert(city, target, changeOf(city, previous), m);
        if (!id) return null;
        const staff = await this.users.holdersOf(Role.CityStaff, city.cityOrgId, m);
        await this.notices.send(
          staff.map((userId) => ({
            userId,
            kind: 'station.monthly_report',
            title: `${monthLabel(target)}驿站运行月报`,
            body: this.body(city, target, previous),
            refType: 'station_report',
            refId: id,
            dedupeKey: `station_report:${city.cityOrgId}:${target}`,
          })),
          m,
        );
        return staff.length;
      });
      if (sent !== null) {
        written += 1;
        notified += sent;
      }
    }
    if (written > 0) this.logger.log({ month: target, written, notified }, 'Wrote monthly station reports');
    return { month: target, written, notified };
  }

  async list(scope: OrgScope, query: StationReportQuery): Promise<StationReportListResponse> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
    const { items, total } = await this.reports.list(
      scope.paths,
      query.month,
      (page - 1) * pageSize,
      pageSize,
    );
    return { items, total, page, pageSize };
  }

  private body(city: CityMetrics, month: string, previous: StationReportResponse | null): string {
    const text =
      `${city.cityName}${monthLabel(month)}：驿站开门 ${city.visits} 次，服务 ${city.uniqueVisitors} 人；` +
      `在运营驿站 ${city.stations} 个，其中有到访的 ${city.activeStations} 个，设备离线 ${city.offlineStations} 个。`;
    if (!previous) return text;
    const deltas = METRICS.map((k) => city[k] - previous[k]);
    return `${text}较上月：开门 ${signed(deltas[0])} 次，服务人数 ${signed(deltas[1])}，有到访驿站 ${signed(deltas[2])} 个，离线驿站 ${signed(deltas[3])} 个。`;
  }
}

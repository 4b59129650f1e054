import { Injectable, Logger } from '@nestjs/common';
import {
  businessDay,
  ErrorCode,
  maskMobile,
  Permission,
  type RosterExportQuery,
} from '@smartunion/contracts';

import { AuditService } from '../../platform/audit/audit.service';
import type { FileDownload } from '../../platform/files/download';
import { type Cell, TABULAR_CONTENT_TYPES, tabularStream } from '../../platform/files/tabular-stream';
import type { OrgScope } from '../../platform/scope/org-scope';
import { ScopeService } from '../../platform/scope/scope.service';
import { OrgsService } from '../orgs/orgs.service';
import { MembershipError } from './membership.errors';
import { PersonDataSealer } from './person-data';
import { type MemberExportRow, RosterExportRepository } from './roster-export.repository';

export const ROSTER_EXPORT_COLUMNS = [
  'member_no',
  'name',
  'id_number',
  'mobile',
  'gender',
  'birth_date',
  'employer',
  'occupation',
  'new_employment_form',
  'union_code',
  'union_name',
  'verification',
  'joined_at',
] as const;

/**
 * Exports the active members in scope as CSV or XLSX, streamed from a cursor. ID numbers and mobiles are
 * masked unless the caller holds membership:export-unmasked over every org exported. Each export is audited
 * (who, what, how many rows, masked or not) before the first byte leaves.
 */
@Injectable()
export class RosterExportService {
  private readonly logger = new Logger(RosterExportService.name);

  constructor(
    private readonly repo: RosterExportRepository,
    private readonly orgs: OrgsService,
    private readonly scopes: ScopeService,
    private readonly sealer: PersonDataSealer,
    private readonly audit: AuditService,
  ) {}

  async exportMembers(scope: OrgScope, query: RosterExportQuery): Promise<FileDownload> {
    const format = query.format ?? 'csv';
    const unmasked = query.unmasked === true;
    const org = query.orgId ? await this.orgs.get(scope, query.orgId) : null;
    const paths = org ? [org.path] : scope.paths;
    if (unmasked) {
      const allowed = await this.scopes.resolve(scope.userId, Permission.MembershipExportUnmasked);
      if (allowed.isEmpty || !paths.every((p) => allowed.covers(p))) {
        throw new MembershipError(
          ErrorCode.Forbidden,
          `Full ID numbers and mobiles need ${Permission.MembershipExportUnmasked} over the exported organisations`,
        );
      }
    }
    const session = await this.repo.session();
    try {
      // Counted in the snapshot the rows are read from, so the audit entry says exactly what left.
      const rows = await this.repo.countActive(session, paths);
      await this.audit.record({
        actorUserId: scope.userId,
        action: 'membership.exported',
        targetType: 'member-export',
        targetId: org?.id ?? 'scope',
        orgId: org?.id ?? null,
        after: { orgId: org?.id ?? null, format, unmasked, rows },
      });
      const stream = tabularStream({
        format,
        columns: ROSTER_EXPORT_COLUMNS,
        sheetName: '会员名册',
        rows: this.repo.streamActive(session, paths, unmasked),
        toCells: (m) => this.cells(m, unmasked),
        onClose: async ({ rows: sent, completed, error }) => {
          await session.close();
          if (!completed) {
            this.logger.warn(
              { err: error, userId: scope.userId, sent, rows },
              'Member export did not complete',
            );
          }
        },
      });
      return {
        stream,
        fileName: `members-${org?.code ?? 'all'}-${businessDay().replace(/-/g, '')}.${format}`,
        contentType: TABULAR_CONTENT_TYPES[format],
      };
    } catch (e) {
      await session.close();
      throw e;
    }
  }

  private cells(m: MemberExportRow, unmasked: boolean): Cell[] {
    return [
      m.member_no,
      m.name,
      unmasked && m.id_cipher ? this.sealer.reveal(m.id_cipher) : m.id_masked,
      unmasked ? m.mobile : maskMobile(m.mobile),
      m.gender,
      m.birth_date,
      m.employer,
      m.occupation,
      m.new_employment_form ? 'true' : 'false',
      m.union_code,
      m.union_name,
      m.verification,
      m.joined_at,
    ];
  }
}

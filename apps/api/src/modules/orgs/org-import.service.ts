import { Readable } from 'node:stream';

import { Injectable } from '@nestjs/common';
import { ErrorCode, ORG_IMPORT_COLUMNS, type OrgImportResponse, type RowError } from '@smartunion/contracts';
import { parseStream } from 'fast-csv';

import { AuditService } from '../../platform/audit/audit.service';
import type { OrgScope } from '../../platform/scope/org-scope';
import { type ExistingOrg, type OrgImportRow, planOrgImport } from './org-import.plan';
import { OrgError } from './orgs.errors';
import { OrgsRepository } from './orgs.repository';

/** Rows reported back at most; the count of all errors is always given. */
const MAX_REPORTED_ERRORS = 1000;
const MAX_ROWS = 200_000;

/**
 * Imports an org tree from CSV (columns: code,name,type,area_code,parent_code) under orgs in the caller's
 * scope. All or nothing: one bad row imports nothing and every bad row is reported by line. Re-importing the
 * same file adds nothing.
 */
@Injectable()
export class OrgImportService {
  constructor(
    private readonly orgs: OrgsRepository,
    private readonly audit: AuditService,
  ) {}

  async importCsv(scope: OrgScope, csv: unknown): Promise<OrgImportResponse> {
    if (typeof csv !== 'string' && !Buffer.isBuffer(csv)) {
      throw new OrgError(ErrorCode.UnsupportedMediaType, 'Send the file as text/csv');
    }
    const rows = await this.parse(csv);
    return this.importRows(scope, rows);
  }

  async importRows(scope: OrgScope, rows: OrgImportRow[]): Promise<OrgImportResponse> {
    return this.orgs.transaction(async (m) => {
      const codes = [...new Set(rows.flatMap((r) => [r.code, r.parentCode]).filter(Boolean))];
      const existing = new Map<string, ExistingOrg>(
        (await this.orgs.findByCodes(codes, m)).map((o) => [o.code, o]),
      );
      const plan = planOrgImport(rows, existing, (path) => scope.covers(path));
      if (plan.errors.length > 0) throw this.invalid(plan.errors);

      let created = 0;
      for (let depth = 1; ; depth += 1) {
        const level = plan.creates.filter((c) => c.depth === depth);
        if (level.length === 0) break;
        for (let i = 0; i < level.length; i += 5000) {
          created += await this.orgs.insertBatchUnderCodes(level.slice(i, i + 5000), m);
        }
      }
      if (created !== plan.creates.length) {
        // Someone created one of these codes concurrently; the unique index let only one of us in.
        throw new OrgError(ErrorCode.Conflict, 'The tree changed during the import; please retry');
      }
      if (created > 0) {
        await this.audit.record(
          {
            actorUserId: scope.actorUserId,
            action: 'org.imported',
            targetType: 'org-import',
            targetId: `${plan.creates[0].code}+${created - 1}`,
            after: {
              created,
              unchanged: plan.unchanged,
              codes: plan.creates.slice(0, 100).map((c) => c.code),
            },
          },
          m,
        );
      }
      return { created, unchanged: plan.unchanged };
    });
  }

  private invalid(errors: RowError[]): OrgError {
    return new OrgError(
      ErrorCode.OrgImportInvalid,
      `${errors.length} problem(s) in the file; nothing was imported`,
      {
        total: errors.length,
        errors: errors.slice(0, MAX_REPORTED_ERRORS),
      },
    );
  }

  /** Parses the CSV, streaming it; the header must name exactly the import columns. */
  private async parse(csv: string | Buffer): Promise<OrgImportRow[]> {
    const rows: OrgImportRow[] = [];
    const errors: RowError[] = [];
    await new Promise<void>((resolve, reject) => {
      let line = 1;
      parseStream<Record<string, string>, Record<string, string>>(Readable.from([csv]), {
        headers: (header) =>
          header.map((h) =>
            h
              ?.replace(/^\uFEFF/, '')
              .trim()
              .toLowerCase(),
          ),
        ignoreEmpty: true,
        trim: true,
        strictColumnHandling: true,
      })
        .on('headers', (header: string[]) => {
          const expected = ORG_IMPORT_COLUMNS.join(',');
          if (header.join(',') !== expected) {
            errors.push({ line: 1, reason: `header must be exactly: ${expected}` });
          }
        })
        .on('data', (r: Record<string, string>) => {
          line += 1;
          if (rows.length >= MAX_ROWS) return;
          rows.push({
            line,
            code: r.code ?? '',
            name: r.name ?? '',
            type: r.type ?? '',
            areaCode: r.area_code ?? '',
            parentCode: r.parent_code ?? '',
          });
        })
        .on('data-invalid', () => {
          line += 1;
          errors.push({ line, reason: `expected ${ORG_IMPORT_COLUMNS.length} columns` });
        })
        .on('error', (e: Error) =>
          reject(new OrgError(ErrorCode.OrgImportInvalid, `Not a readable CSV: ${e.message}`)),
        )
        .on('end', () => resolve());
    });
    if (rows.length >= MAX_ROWS)
      errors.push({ line: MAX_ROWS + 1, reason: `at most ${MAX_ROWS} rows per file` });
    if (rows.length === 0 && errors.length === 0)
      errors.push({ line: 1, reason: 'the file has no data rows' });
    if (errors.length > 0) throw this.invalid(errors);
    return rows;
  }
}

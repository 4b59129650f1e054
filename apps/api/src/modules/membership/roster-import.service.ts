import type { Readable } from 'node:stream';

import { Injectable, Logger } from '@nestjs/common';
import {
  businessDay,
  DEFAULT_PAGE_SIZE,
  ErrorCode,
  type ImportStatus,
  OrgType,
  type RosterFormat,
  type RosterImportListResponse,
  type RosterImportResponse,
  ROSTER_COLUMN_LABELS,
} from '@smartunion/contracts';

import { AuditService } from '../../platform/audit/audit.service';
import type { FileDownload } from '../../platform/files/download';
import { TABULAR_CONTENT_TYPES, tabularStream } from '../../platform/files/tabular-stream';
import { CSV_MIME, UploadNotFoundError, UploadStore, XLSX_MIME } from '../../platform/files/upload-store';
import { JobName } from '../../platform/queues/queue-names';
import { QueueRegistry } from '../../platform/queues/queues.module';
import type { OrgScope } from '../../platform/scope/org-scope';
import { OrgsService } from '../orgs/orgs.service';
import { MembershipError } from './membership.errors';
import { type ImportRun, ImportSupersededError, RosterBatchLoader } from './roster-batch.loader';
import type { RosterImportJobData } from './roster-import.job';
import { type RosterImportRow, RosterImportsRepository } from './roster-imports.repository';
import { type RawRow, readRoster } from './roster-reader';
import { IdNumberLines, isBlankRow, readHeader } from './roster-row';
import { rosterTemplate } from './roster-template';
import { toRosterImportResponse } from './roster.mapper';

/** Rows per transaction: large enough to amortise round trips, small enough for frequent progress. */
export const ROSTER_BATCH_SIZE = 1000;
/** Data rows per file at most; the upload limit usually stops a file well before. */
export const ROSTER_MAX_ROWS = 1_000_000;

export const rosterImportJobId = (importId: string): string => `roster-import-${importId}`;

export interface NewRosterImport {
  orgId: string;
  fileName?: string;
  contentType?: string;
  body: unknown;
}

export interface RosterImportResult {
  status: ImportStatus | 'missing' | 'superseded';
  processedRows: number;
  insertedRows: number;
  unchangedRows: number;
  errorRows: number;
}

/** The file could not be read as a roster (not the database's fault): the import fails, no retry helps. */
class RosterFileError extends Error {}

const XLSX_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

function formatOf(contentType: string | undefined): RosterFormat | null {
  const type = contentType?.split(';')[0].trim().toLowerCase();
  if (type === CSV_MIME || type === 'application/csv') return 'csv';
  if (type === XLSX_MIME) return 'xlsx';
  return null;
}

/** Why a file could not be read at all, by format. */
const UNREADABLE: Readonly<Record<RosterFormat, string>> = {
  csv: '文件无法读取：请确认是 UTF-8 或 GBK 编码的 CSV 文件，或改用 Excel 模板（.xlsx）',
  xlsx: '文件无法读取：不是完整的 Excel 工作簿（.xlsx），可能已损坏或未保存完；请用 Excel 打开后另存为 .xlsx 再上传',
};

/** A report line's column as its Chinese header; '' (the row as a whole) as 整行. */
const columnLabel = (field: string): string =>
  (ROSTER_COLUMN_LABELS as Readonly<Record<string, string>>)[field] ?? (field === '' ? '整行' : field);

// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/g;

/** A display name without paths or control characters. */
function cleanFileName(name: string | undefined, format: RosterFormat): string {
  const base = (name ?? '').replace(CONTROL_CHARS, '').split(/[\\/]/).pop() ?? '';
  return base.trim().slice(0, 200) || `roster.${format}`;
}

/**
 * Roster imports: a cadre uploads CSV or XLSX, a job streams it, checks each row, loads good rows idempotently
 * (re-importing the same file adds nothing) and keeps an error report (line, field, reason); progress is polled.
 */
@Injectable()
export class RosterImportService {
  private readonly logger = new Logger(RosterImportService.name);

  constructor(
    private readonly repo: RosterImportsRepository,
    private readonly loader: RosterBatchLoader,
    private readonly uploads: UploadStore,
    private readonly orgs: OrgsService,
    private readonly queues: QueueRegistry,
    private readonly audit: AuditService,
  ) {}

  /** Stores the file, records the import (queued) and enqueues its job. */
  async create(scope: OrgScope, request: NewRosterImport): Promise<RosterImportResponse> {
    const format = formatOf(request.contentType);
    if (!format) {
      throw new MembershipError(
        ErrorCode.UnsupportedMediaType,
        `Send the roster as ${CSV_MIME} or as an .xlsx file (${XLSX_MIME})`,
      );
    }
    const body = request.body;
    if (!Buffer.isBuffer(body) || body.length === 0) {
      throw new MembershipError(ErrorCode.ImportInvalid, 'The file is empty');
    }
    if (format === 'xlsx' && !body.subarray(0, 4).equals(XLSX_MAGIC)) {
      throw new MembershipError(ErrorCode.ImportInvalid, 'The file is not an .xlsx workbook');
    }
    const org = await this.orgs.get(scope, request.orgId);
    const fileName = cleanFileName(request.fileName, format);
    const id = await this.repo.transaction(async (m) => {
      const uploadId = await this.uploads.save(
        body,
        { fileName, contentType: format === 'csv' ? CSV_MIME : XLSX_MIME, ownerUserId: scope.userId },
        m,
      );
      const importId = await this.repo.insert(
        { orgId: org.id, uploadId, createdBy: scope.userId, fileName, format },
        m,
      );
      await this.audit.record(
        {
          actorUserId: scope.userId,
          action: 'membership.import.created',
          targetType: 'roster-import',
          targetId: importId,
          orgId: org.id,
          after: { fileName, format, bytes: body.length },
        },
        m,
      );
      return importId;
    });
    try {
      const data: RosterImportJobData = { importId: id };
      await this.queues.add(JobName.RosterImport, data, { jobId: rosterImportJobId(id) });
    } catch (e) {
      this.logger.error({ err: e, importId: id }, 'Could not queue a roster import');
      await this.failIfUnfinished(id, '导入任务排队失败，请稍后重新上传');
      throw new MembershipError(
        ErrorCode.ServiceUnavailable,
        'The import could not be queued; try again later',
      );
    }
    return this.get(scope, id);
  }

  async list(
    scope: OrgScope,
    query: { orgId?: string; page?: number; pageSize?: number },
  ): Promise<RosterImportListResponse> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
    const orgPath = query.orgId ? (await this.orgs.get(scope, query.orgId)).path : undefined;
    const { items, total } = await this.repo.list(scope, orgPath, (page - 1) * pageSize, pageSize);
    return { items: items.map(toRosterImportResponse), total, page, pageSize };
  }

  async get(scope: OrgScope, id: string): Promise<RosterImportResponse> {
    return toRosterImportResponse(await this.load(scope, id));
  }

  /** The error report (行号, 列, 原因: the column by its Chinese header), streamed from a cursor. */
  async errorReport(scope: OrgScope, id: string, format: RosterFormat = 'csv'): Promise<FileDownload> {
    await this.load(scope, id);
    const session = await this.repo.session();
    const stream = tabularStream({
      format,
      columns: ['行号', '列', '原因'],
      sheetName: '导入错误',
      rows: this.repo.streamErrors(session, id),
      toCells: (e) => [e.line, columnLabel(e.field), e.reason],
      onClose: async ({ error }) => {
        await session.close();
        if (error) this.logger.warn({ err: error, importId: id }, 'Error report stream failed');
      },
    });
    return {
      stream,
      fileName: `名册导入错误-${id}.${format}`,
      contentType: TABULAR_CONTENT_TYPES[format],
    };
  }

  /** The XLSX template: the Chinese header and one example row. */
  template(): FileDownload {
    return rosterTemplate();
  }

  /**
   * Runs an import to the end: idempotent and resumable. A finished import is left alone; a running one (a
   * retried job) skips the rows already committed and carries on from there.
   */
  async run(importId: string): Promise<RosterImportResult> {
    const found = await this.repo.findById(importId);
    if (!found)
      return { status: 'missing', processedRows: 0, insertedRows: 0, unchangedRows: 0, errorRows: 0 };
    if (found.status === 'completed' || found.status === 'failed') return this.result(found);
    if (!found.uploadId) return this.fail(found, '上传的文件已不存在，请重新上传');
    if (!(await this.repo.markRunning(importId))) return this.result(await this.reload(found));
    const started = Date.now();
    const source = this.uploads.open(found.uploadId);
    let sourceError: Error | undefined;
    source.on('error', (e) => (sourceError = e));
    try {
      const failure = await this.readAndLoad(found, source);
      const done = failure ? await this.fail(found, failure) : await this.complete(found);
      this.logger.log({ importId, ...done, ms: Date.now() - started }, 'Roster import finished');
      return done;
    } catch (e) {
      if (e instanceof ImportSupersededError) {
        this.logger.warn({ importId }, 'Roster import taken over by another runner');
        return { ...this.result(await this.reload(found)), status: 'superseded' };
      }
      if (!(e instanceof RosterFileError)) throw e;
      if (sourceError instanceof UploadNotFoundError)
        return this.fail(found, '上传的文件已不存在，请重新上传');
      // The database failed while reading the file: a retry may succeed.
      if (sourceError) throw sourceError;
      // The parser's own words (FILE_ENDED, Invalid Closing Quote…) go to the log; the cadre reads Chinese.
      this.logger.warn({ importId, reason: e.message }, 'Roster file unreadable');
      return this.fail(found, UNREADABLE[found.format]);
    } finally {
      source.destroy();
    }
  }

  /** For the job's last attempt: an import that cannot finish must not stay "running" forever. */
  async failIfUnfinished(importId: string, failure: string): Promise<void> {
    const found = await this.repo.findById(importId);
    if (found) await this.fail(found, failure);
  }

  /** Streams the rows and loads them in batches. Returns a failure text if the file as a whole is refused. */
  private async readAndLoad(imp: RosterImportRow, source: Readable): Promise<string | null> {
    const rows = readRoster(source, imp.format);
    // The XLSX reader pipes its input without passing errors on, so each read also listens for the source's own
    // failure: a database error while reading never leaves the job waiting forever. (A listener per read, not
    // one long-lived promise to race: that would keep every row it ever raced alive until the run ends.)
    const read = (): Promise<IteratorResult<RawRow>> =>
      new Promise((resolve, reject) => {
        if (source.errored) {
          reject(source.errored);
          return;
        }
        const onError = (e: Error): void => reject(e);
        source.once('error', onError);
        rows.next().then(
          (r) => {
            source.off('error', onError);
            resolve(r);
          },
          (e: unknown) => {
            source.off('error', onError);
            reject(e instanceof Error ? e : new Error(String(e)));
          },
        );
      });
    const next = async (): Promise<IteratorResult<RawRow>> => {
      try {
        return await read();
      } catch (e) {
        throw new RosterFileError(e instanceof Error ? e.message : String(e));
      }
    };
    let run: ImportRun | undefined;
    let committed = imp.processedRows;
    let position = 0;
    let batch: RawRow[] = [];
    try {
      for (let item = await next(); !item.done; item = await next()) {
        const row = item.value;
        if (isBlankRow(row.cells)) continue;
        if (!run) {
          const header = readHeader(row.cells);
          if (!header.ok) return header.reason;
          if (header.columns.union_code === undefined && imp.orgType !== OrgType.Grassroots) {
            return `「${imp.orgName}」不是基层工会：文件须有「${ROSTER_COLUMN_LABELS.union_code}」列，写明每位会员所属基层工会的代码`;
          }
          run = {
            importId: imp.id,
            actorUserId: imp.createdBy,
            org: { id: imp.orgId, name: imp.orgName, type: imp.orgType, path: imp.orgPath },
            columns: header.columns,
            today: businessDay(),
            seen: new IdNumberLines(),
            unions: new Map(),
          };
          continue;
        }
        position += 1;
        if (position > ROSTER_MAX_ROWS) {
          if (batch.length > 0) await this.loader.load(run, batch, committed);
          return `文件超过 ${ROSTER_MAX_ROWS} 行，第 ${row.line} 行及以后未导入；请拆分文件后导入其余部分`;
        }
        // Rows an earlier run committed: only their ID numbers matter now, for duplicates further down.
        if (position <= committed) {
          this.loader.replay(run, row);
          continue;
        }
        batch.push(row);
        if (batch.length >= ROSTER_BATCH_SIZE) {
          await this.loader.load(run, batch, committed);
          committed += batch.length;
          batch = [];
        }
      }
      if (!run) return '文件为空：第一行应为表头';
      if (batch.length > 0) await this.loader.load(run, batch, committed);
      return null;
    } finally {
      // Not awaited: after a failed read the reader may never settle; the caller destroys the source.
      void rows.return(undefined).catch(() => undefined);
    }
  }

  private async complete(imp: RosterImportRow): Promise<RosterImportResult> {
    return this.finish(imp, 'completed', null);
  }

  private async fail(imp: RosterImportRow, failure: string): Promise<RosterImportResult> {
    return this.finish(imp, 'failed', failure);
  }

  /** Marks the import finished and drops its file: the report keeps what the cadre needs. */
  private async finish(
    imp: RosterImportRow,
    status: 'completed' | 'failed',
    failure: string | null,
  ): Promise<RosterImportResult> {
    await this.repo.transaction(async (m) => {
      if ((await this.repo.finish(imp.id, status, failure, m)) && imp.uploadId) {
        await this.uploads.delete(imp.uploadId, m);
      }
    });
    return this.result(await this.reload(imp));
  }

  private async reload(imp: RosterImportRow): Promise<RosterImportRow> {
    return (await this.repo.findById(imp.id)) ?? imp;
  }

  private result(imp: RosterImportRow): RosterImportResult {
    return {
      status: imp.status,
      processedRows: imp.processedRows,
      insertedRows: imp.insertedRows,
      unchangedRows: imp.unchangedRows,
      errorRows: imp.errorRows,
    };
  }

  /** An import the scope covers: IMPORT_NOT_FOUND if there is none, OUT_OF_SCOPE if it is not the caller's. */
  private async load(scope: OrgScope, id: string): Promise<RosterImportRow> {
    const found = await this.repo.findById(id);
    if (!found) throw new MembershipError(ErrorCode.ImportNotFound, 'No such roster import');
    scope.assertCovers({ path: found.orgPath }, 'This import');
    return found;
  }
}

import type {
  RosterExportQuery,
  RosterFormat,
  RosterImportListResponse,
  RosterImportResponse,
} from '@smartunion/contracts';

import { apiGet, apiUpload } from './api';
import { IS_H5 } from './env';
import { downloadFile, type PickedFile } from './files';

// Roster files: H5 picks and saves them with the browser; WeChat picks from a chat and opens downloads.

const BASE = '/api/v1/membership';

export const ROSTER_MIME: Readonly<Record<RosterFormat, string>> = {
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** The format of a picked file by its name, or null for anything the import does not read. */
export function rosterFormatOf(fileName: string): RosterFormat | null {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.xlsx')) return 'xlsx';
  return null;
}

/** Uploads a roster file; the import runs in the background (poll {@link getImport}). */
export function uploadRoster(
  orgId: string,
  file: PickedFile,
  format: RosterFormat,
): Promise<RosterImportResponse> {
  return apiUpload<RosterImportResponse>(
    `${BASE}/imports`,
    { orgId, fileName: file.name },
    file.data,
    ROSTER_MIME[format],
  );
}

/** The import template (.xlsx): the Chinese header and one example row. */
export function downloadRosterTemplate(): Promise<void> {
  return downloadFile(`${BASE}/imports/template.xlsx`, {}, '会员名册导入模板.xlsx');
}

export function listImports(orgId?: string): Promise<RosterImportListResponse> {
  return apiGet<RosterImportListResponse>(`${BASE}/imports`, { orgId });
}

export function getImport(importId: string): Promise<RosterImportResponse> {
  return apiGet<RosterImportResponse>(`${BASE}/imports/${encodeURIComponent(importId)}`);
}

/** The rejected rows of an import (行号, 列, 原因): CSV in a browser, XLSX where only office files open. */
export function downloadImportErrors(importId: string): Promise<void> {
  const format: RosterFormat = IS_H5 ? 'csv' : 'xlsx';
  return downloadFile(
    `${BASE}/imports/${encodeURIComponent(importId)}/errors.${format}`,
    {},
    `名册导入错误-${importId}.${format}`,
  );
}

/** Saves the members in scope (masked unless asked otherwise) as CSV or XLSX. */
export function exportMembers(query: RosterExportQuery): Promise<void> {
  const format = query.format ?? 'csv';
  return downloadFile(`${BASE}/exports/members`, { ...query, format }, `members.${format}`);
}

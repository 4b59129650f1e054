import type {
  RosterExportQuery,
  RosterFormat,
  RosterImportListResponse,
  RosterImportResponse,
} from '@smartunion/contracts';

import { apiDownload, apiGet, apiUpload } from './api';
import { saveDownload } from './files';

// Roster files: the H5 build only (a browser picks and saves files); mini-programs show no entry for them.

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
export function uploadRoster(orgId: string, file: File, format: RosterFormat): Promise<RosterImportResponse> {
  return apiUpload<RosterImportResponse>(
    `${BASE}/imports`,
    { orgId, fileName: file.name },
    file,
    ROSTER_MIME[format],
  );
}

export function listImports(orgId?: string): Promise<RosterImportListResponse> {
  return apiGet<RosterImportListResponse>(`${BASE}/imports`, { orgId });
}

export function getImport(importId: string): Promise<RosterImportResponse> {
  return apiGet<RosterImportResponse>(`${BASE}/imports/${encodeURIComponent(importId)}`);
}

/** Saves the rejected rows of an import (line, field, reason) as a CSV file. */
export async function downloadImportErrors(importId: string): Promise<void> {
  const file = await apiDownload(`${BASE}/imports/${encodeURIComponent(importId)}/errors.csv`);
  saveDownload(file, `import-${importId}-errors.csv`);
}

/** Saves the members in scope (masked unless asked otherwise) as CSV or XLSX. */
export async function exportMembers(query: RosterExportQuery): Promise<void> {
  const format = query.format ?? 'csv';
  const file = await apiDownload(`${BASE}/exports/members`, { ...query, format });
  saveDownload(file, `members.${format}`);
}

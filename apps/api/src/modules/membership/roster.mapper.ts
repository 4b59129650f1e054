import type { RosterImportResponse } from '@smartunion/contracts';

import type { RosterImportRow } from './roster-imports.repository';

export function toRosterImportResponse(i: RosterImportRow): RosterImportResponse {
  return {
    id: i.id,
    org: { id: i.orgId, name: i.orgName, type: i.orgType, areaCode: i.orgAreaCode },
    fileName: i.fileName,
    format: i.format,
    status: i.status,
    processedRows: i.processedRows,
    insertedRows: i.insertedRows,
    unchangedRows: i.unchangedRows,
    errorRows: i.errorRows,
    failure: i.failure,
    createdAt: i.createdAt.toISOString(),
    finishedAt: i.finishedAt?.toISOString() ?? null,
  };
}

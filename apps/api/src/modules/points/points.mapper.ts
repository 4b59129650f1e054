import type { PointEntryResponse } from '@smartunion/contracts';

import type { EntryRow } from './points.repository';

export function toEntryResponse(e: EntryRow): PointEntryResponse {
  return {
    id: e.id,
    delta: e.delta,
    reason: e.reason,
    balanceAfter: e.balanceAfter,
    note: e.note,
    sourceType: e.sourceType,
    sourceId: e.sourceId,
    businessDay: e.businessDay,
    createdAt: e.createdAt.toISOString(),
  };
}

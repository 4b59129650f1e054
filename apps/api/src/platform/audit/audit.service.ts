import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

import { currentRequestId } from '../http/request-context';
import { sqlRows } from '../database/sql';

export interface AuditRecord {
  actorUserId: string | null;
  /** Verb in the past tense, namespaced by area: `org.created`, `org.moved`… */
  action: string;
  targetType: string;
  targetId: string;
  orgId?: string | null;
  before?: unknown;
  after?: unknown;
}

/** Append-only log of who changed what. Pass the transaction's manager so the entry commits with the change. */
@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async record(entry: AuditRecord, manager: EntityManager = this.db.manager): Promise<void> {
    await this.recordMany([entry], manager);
  }

  async recordMany(entries: AuditRecord[], manager: EntityManager = this.db.manager): Promise<void> {
    if (entries.length === 0) return;
    const requestId = currentRequestId() ?? null;
    await sqlRows(
      manager,
      `INSERT INTO audit_events (actor_user_id, action, target_type, target_id, org_id, before, after, request_id)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::jsonb[], $7::jsonb[], $8::text[])`,
      [
        entries.map((e) => e.actorUserId),
        entries.map((e) => e.action),
        entries.map((e) => e.targetType),
        entries.map((e) => e.targetId),
        entries.map((e) => e.orgId ?? null),
        entries.map((e) => (e.before === undefined ? null : JSON.stringify(e.before))),
        entries.map((e) => (e.after === undefined ? null : JSON.stringify(e.after))),
        entries.map(() => requestId),
      ],
    );
  }
}

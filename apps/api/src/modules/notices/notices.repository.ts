import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { NoticeResponse } from '@smartunion/contracts';
import type { DataSource, EntityManager } from 'typeorm';

import { sqlRows } from '../../platform/database/sql';

export interface NewNotice {
  userId: string;
  kind: string;
  title: string;
  body: string;
  refType?: string;
  refId?: string;
  /** Makes a retried write a no-op: one notice per user and key. */
  dedupeKey?: string;
}

interface Row {
  id: string;
  kind: string;
  title: string;
  body: string;
  ref_type: string | null;
  ref_id: string | null;
  read_at: Date | null;
  created_at: Date;
}

const toResponse = (r: Row): NoticeResponse => ({
  id: r.id,
  kind: r.kind,
  title: r.title,
  body: r.body,
  refType: r.ref_type,
  refId: r.ref_id,
  readAt: r.read_at?.toISOString() ?? null,
  createdAt: r.created_at.toISOString(),
});

@Injectable()
export class NoticesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async insertMany(notices: NewNotice[], manager: EntityManager = this.db.manager): Promise<void> {
    if (notices.length === 0) return;
    await sqlRows(
      manager,
      `INSERT INTO notices (user_id, kind, title, body, ref_type, ref_id, dedupe_key)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
       ON CONFLICT (user_id, dedupe_key) DO NOTHING`,
      [
        notices.map((n) => n.userId),
        notices.map((n) => n.kind),
        notices.map((n) => n.title),
        notices.map((n) => n.body),
        notices.map((n) => n.refType ?? null),
        notices.map((n) => n.refId ?? null),
        notices.map((n) => n.dedupeKey ?? null),
      ],
    );
  }

  async list(
    userId: string,
    offset: number,
    limit: number,
  ): Promise<{ items: NoticeResponse[]; total: number; unread: number }> {
    const [counts] = await sqlRows<{ total: string; unread: string }>(
      this.db,
      `SELECT count(*) AS total, count(*) FILTER (WHERE read_at IS NULL) AS unread FROM notices WHERE user_id = $1`,
      [userId],
    );
    const rows = await sqlRows<Row>(
      this.db,
      `SELECT id, kind, title, body, ref_type, ref_id, read_at, created_at FROM notices
        WHERE user_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3`,
      [userId, limit, offset],
    );
    return { items: rows.map(toResponse), total: Number(counts.total), unread: Number(counts.unread) };
  }

  /** Marks one notice (or all, with id null) of the user read; returns how many changed. */
  async markRead(userId: string, id: string | null): Promise<number> {
    const rows = await sqlRows<unknown>(
      this.db,
      `UPDATE notices SET read_at = now()
        WHERE user_id = $1 AND read_at IS NULL AND ($2::bigint IS NULL OR id = $2) RETURNING id`,
      [userId, id],
    );
    return rows.length;
  }

  async exists(userId: string, id: string): Promise<boolean> {
    const rows = await sqlRows<unknown>(this.db, `SELECT 1 FROM notices WHERE user_id = $1 AND id = $2`, [
      userId,
      id,
    ]);
    return rows.length > 0;
  }
}

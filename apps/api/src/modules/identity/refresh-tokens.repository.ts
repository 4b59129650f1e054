import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { sqlRows } from '../../platform/database/sql';

export interface RefreshTokenRow {
  id: string;
  userId: string;
  familyId: string;
  expiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
}

interface Row {
  id: string;
  user_id: string;
  family_id: string;
  expires_at: Date;
  used_at: Date | null;
  revoked_at: Date | null;
}

const toRow = (r: Row): RefreshTokenRow => ({
  id: r.id,
  userId: r.user_id,
  familyId: r.family_id,
  expiresAt: r.expires_at,
  usedAt: r.used_at,
  revokedAt: r.revoked_at,
});

/** Refresh tokens, stored as SHA-256 digests only. A family is one login and all its rotations. */
@Injectable()
export class RefreshTokensRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  async insert(
    token: { userId: string; familyId: string; hash: Buffer; expiresAt: Date },
    manager: EntityManager = this.db.manager,
  ): Promise<void> {
    await sqlRows(
      manager,
      `INSERT INTO refresh_tokens (user_id, family_id, token_hash, expires_at) VALUES ($1, $2, $3, $4)`,
      [token.userId, token.familyId, token.hash, token.expiresAt],
    );
  }

  /**
   * Spends a live token: marks it used in one statement, so of two concurrent refreshes with the same token
   * exactly one wins. Returns null when the token is unknown, spent, revoked or expired.
   */
  async consume(hash: Buffer, manager: EntityManager): Promise<RefreshTokenRow | null> {
    const rows = await sqlRows<Row>(
      manager,
      `UPDATE refresh_tokens SET used_at = now()
        WHERE token_hash = $1 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > now()
        RETURNING *`,
      [hash],
    );
    return rows[0] ? toRow(rows[0]) : null;
  }

  async findByHash(hash: Buffer): Promise<RefreshTokenRow | null> {
    const rows = await sqlRows<Row>(this.db, `SELECT * FROM refresh_tokens WHERE token_hash = $1`, [hash]);
    return rows[0] ? toRow(rows[0]) : null;
  }

  /** Revokes every live token of a family; returns how many. */
  async revokeFamily(familyId: string): Promise<number> {
    const rows = await sqlRows<unknown>(
      this.db,
      `UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL RETURNING id`,
      [familyId],
    );
    return rows.length;
  }

  /** Deletes tokens expired before `before`, in batches so a large purge never holds long locks. */
  async purgeExpired(before: Date, batchSize = 5000): Promise<number> {
    let total = 0;
    for (;;) {
      const rows = await sqlRows<unknown>(
        this.db,
        `DELETE FROM refresh_tokens WHERE id IN (
           SELECT id FROM refresh_tokens WHERE expires_at < $1 LIMIT $2 FOR UPDATE SKIP LOCKED)
         RETURNING id`,
        [before, batchSize],
      );
      total += rows.length;
      if (rows.length < batchSize) return total;
    }
  }
}

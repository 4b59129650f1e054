import { Readable } from 'node:stream';

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

import { sqlRow, sqlRows } from '../database/sql';

/** Size of one stored chunk: big enough for few round trips, small enough that a reader holds little. */
export const UPLOAD_CHUNK_BYTES = 1024 * 1024;

export const CSV_MIME = 'text/csv';
export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface UploadMeta {
  fileName: string;
  contentType: string;
  ownerUserId: string | null;
}

export interface UploadInfo extends UploadMeta {
  id: string;
  sizeBytes: number;
  complete: boolean;
  createdAt: Date;
}

/** The upload is missing or was never completed. */
export class UploadNotFoundError extends Error {}

/** Reading a stored upload failed (the database, not the file's content). */
export class UploadReadError extends Error {}

/** Yields `source` in pieces of exactly `size` bytes, the last one shorter. */
async function* fixedChunks(source: Readable | Buffer, size: number): AsyncGenerator<Buffer> {
  if (Buffer.isBuffer(source)) {
    for (let at = 0; at < source.length; at += size) yield source.subarray(at, at + size);
    return;
  }
  let parts: Buffer[] = [];
  let held = 0;
  for await (const piece of source as AsyncIterable<Buffer | string>) {
    let buf = typeof piece === 'string' ? Buffer.from(piece) : piece;
    while (held + buf.length >= size) {
      const take = size - held;
      parts.push(buf.subarray(0, take));
      yield Buffer.concat(parts);
      parts = [];
      held = 0;
      buf = buf.subarray(take);
    }
    if (buf.length > 0) {
      parts.push(buf);
      held += buf.length;
    }
  }
  if (held > 0) yield Buffer.concat(parts);
}

/**
 * Uploaded files kept in PostgreSQL (`uploads` + ~1 MiB `upload_chunks`), so whichever API or worker process
 * picks up the work can stream the file without shared disks. Reading fetches one chunk per query.
 */
@Injectable()
export class UploadStore {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Stores a file and returns its id. With `manager` the upload commits (or not) with the caller's transaction,
   * otherwise in its own: either way a half-stored file is never marked complete.
   */
  async save(source: Readable | Buffer, meta: UploadMeta, manager?: EntityManager): Promise<string> {
    if (!manager) return this.db.transaction((m) => this.save(source, meta, m));
    const [{ id }] = await sqlRows<{ id: string }>(
      manager,
      `INSERT INTO uploads (owner_user_id, file_name, content_type) VALUES ($1, $2, $3) RETURNING id`,
      [meta.ownerUserId, meta.fileName, meta.contentType],
    );
    let seq = 0;
    let size = 0;
    for await (const chunk of fixedChunks(source, UPLOAD_CHUNK_BYTES)) {
      await sqlRows(manager, `INSERT INTO upload_chunks (upload_id, seq, data) VALUES ($1, $2, $3)`, [
        id,
        seq,
        chunk,
      ]);
      seq += 1;
      size += chunk.length;
    }
    await sqlRows(manager, `UPDATE uploads SET size_bytes = $2, complete = true WHERE id = $1`, [id, size]);
    return id;
  }

  async info(uploadId: string): Promise<UploadInfo | null> {
    const row = await sqlRow<{
      id: string;
      owner_user_id: string | null;
      file_name: string;
      content_type: string;
      size_bytes: string;
      complete: boolean;
      created_at: Date;
    }>(
      this.db,
      `SELECT id, owner_user_id, file_name, content_type, size_bytes, complete, created_at FROM uploads WHERE id = $1`,
      [uploadId],
    );
    if (!row) return null;
    return {
      id: row.id,
      ownerUserId: row.owner_user_id,
      fileName: row.file_name,
      contentType: row.content_type,
      sizeBytes: Number(row.size_bytes),
      complete: row.complete,
      createdAt: row.created_at,
    };
  }

  /**
   * The file as a byte stream, fetched lazily chunk by chunk: at most one chunk is held ahead of the reader.
   * Fails with UploadNotFoundError if the upload is missing or incomplete, UploadReadError if a query fails.
   */
  open(uploadId: string): Readable {
    const db = this.db;
    async function* chunks(): AsyncGenerator<Buffer> {
      const read = async <T>(text: string, params: unknown[]): Promise<T | undefined> => {
        try {
          return await sqlRow<T>(db, text, params);
        } catch (e) {
          throw new UploadReadError(`Reading upload ${uploadId} failed: ${(e as Error).message}`);
        }
      };
      const upload = await read<{ complete: boolean }>(`SELECT complete FROM uploads WHERE id = $1`, [
        uploadId,
      ]);
      if (!upload?.complete) throw new UploadNotFoundError(`Upload ${uploadId} does not exist`);
      for (let seq = 0; ; seq += 1) {
        const chunk = await read<{ data: Buffer }>(
          `SELECT data FROM upload_chunks WHERE upload_id = $1 AND seq = $2`,
          [uploadId, seq],
        );
        if (!chunk) return;
        yield chunk.data;
      }
    }
    return Readable.from(chunks(), { objectMode: false, highWaterMark: 1 });
  }

  /** Deletes the file (its chunks cascade). Idempotent. */
  async delete(uploadId: string, manager?: EntityManager): Promise<void> {
    await sqlRows(manager ?? this.db, `DELETE FROM uploads WHERE id = $1`, [uploadId]);
  }
}

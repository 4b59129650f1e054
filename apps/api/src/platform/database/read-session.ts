import type { Pool, PoolClient, QueryResultRow } from 'pg';
import QueryStream from 'pg-query-stream';
import type { DataSource } from 'typeorm';

/**
 * One pooled connection inside a REPEATABLE READ, READ ONLY transaction, for long reads that stream: a count
 * and the rows it counted see the same snapshot, and rows come through a cursor a batch at a time. Always
 * `close()` it (the stream's end, error or abort all should), or the connection stays checked out.
 */
export class ReadSession {
  private closed = false;

  private constructor(private readonly client: PoolClient) {}

  static async open(db: DataSource, options: { statementTimeoutMs: number }): Promise<ReadSession> {
    const pool = (db.driver as unknown as { master: Pool }).master;
    const client = await pool.connect();
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      // A large export may legitimately run long; the pool default (30 s) is for request-sized queries.
      await client.query(
        `SET LOCAL statement_timeout = ${Math.max(0, Math.floor(options.statementTimeoutMs))}`,
      );
    } catch (e) {
      client.release(e instanceof Error ? e : true);
      throw e;
    }
    return new ReadSession(client);
  }

  async rows<T extends QueryResultRow>(text: string, params: unknown[] = []): Promise<T[]> {
    return (await this.client.query<T>(text, params)).rows;
  }

  /** Rows through a cursor, `batchSize` at a time; breaking out of the loop closes the cursor. */
  stream<T>(text: string, params: unknown[] = [], batchSize = 500): AsyncIterable<T> {
    return this.client.query(new QueryStream(text, params, { batchSize, highWaterMark: batchSize }));
  }

  /** Ends the transaction and returns the connection; a connection in doubt is discarded instead. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.client.query('ROLLBACK');
      this.client.release();
    } catch (e) {
      this.client.release(e instanceof Error ? e : true);
    }
  }
}

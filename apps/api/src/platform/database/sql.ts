import { DataSource, type EntityManager } from 'typeorm';

/** Where SQL runs: the pool (DataSource) or a transaction's EntityManager. */
export type Db = DataSource | EntityManager;

/**
 * Runs hand-written SQL and returns its rows, for every kind of statement. (TypeORM's plain `query()` returns
 * `[rows, count]` for UPDATE and DELETE but the rows for SELECT and INSERT, a trap for `… RETURNING`.)
 */
export async function sqlRows<T>(db: Db, text: string, params: unknown[] = []): Promise<T[]> {
  const manager = db instanceof DataSource ? db.manager : db;
  const owned = !manager.queryRunner;
  const runner = manager.queryRunner ?? manager.dataSource.createQueryRunner();
  try {
    const result = await runner.query(text, params, true);
    return result.records as T[];
  } finally {
    if (owned) await runner.release();
  }
}

/** The first row, or undefined. */
export async function sqlRow<T>(db: Db, text: string, params: unknown[] = []): Promise<T | undefined> {
  return (await sqlRows<T>(db, text, params))[0];
}

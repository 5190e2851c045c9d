import type { EntityManager } from 'typeorm';

/**
 * Runs raw SQL and returns its rows whatever the statement. TypeORM's plain `query()` answers
 * `[rows, count]` for UPDATE/DELETE on node-postgres but bare rows through PGlite; the structured
 * result is the same on both.
 */
export async function queryRecords<T>(manager: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  const runner = manager.queryRunner ?? manager.connection.createQueryRunner();
  try {
    const result = await runner.query(sql, params, true);
    return (result.records ?? []) as T[];
  } finally {
    if (!manager.queryRunner) await runner.release();
  }
}

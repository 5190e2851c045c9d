import type { EntityManager } from 'typeorm';

/**
 * Runs raw SQL and returns its rows whatever the statement. TypeORM's plain `query()` answers
 * `[rows, count]` for UPDATE/DELETE on node-postgres but bare rows through PGlite; the structured
 * result is the same on both.
 */
export async function queryRows<T>(manager: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  const runner = manager.queryRunner ?? manager.connection.createQueryRunner();
  try {
    const result = await runner.query(sql, params, true);
    return (result.records ?? []) as T[];
  } finally {
    if (!manager.queryRunner) await runner.release();
  }
}

/** Refuses a manager outside a transaction: a write would commit apart from the state change. */
export function assertInTransaction(manager: EntityManager, what: string): void {
  if (!manager.queryRunner?.isTransactionActive) {
    throw new Error(`${what} must run inside a transaction (pass the transaction's EntityManager)`);
  }
}

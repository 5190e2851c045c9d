import type { DataSource } from 'typeorm';
import { defineCollectedGauge } from '@coldreach/observability';

const poolConnections = defineCollectedGauge({
  name: 'coldreach_db_pool_connections',
  help: 'PostgreSQL pool connections by database and state (in_use, idle; waiting counts queued requests)',
  labelNames: ['database', 'state'],
});

/** The parts of node-postgres' Pool the metrics read. */
interface PgPool {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

/**
 * Reports the pool of a PostgreSQL data source (by database name: never the URL, which may carry a
 * password) on every scrape, until the data source is destroyed. PGlite has no pool and is skipped.
 */
export function watchPool(dataSource: DataSource, database: string): void {
  const remove = poolConnections.addSource((set) => {
    const pool = (dataSource.driver as { master?: PgPool }).master;
    if (!dataSource.isInitialized || !pool) return remove();
    set({ database, state: 'in_use' }, pool.totalCount - pool.idleCount);
    set({ database, state: 'idle' }, pool.idleCount);
    set({ database, state: 'waiting' }, pool.waitingCount);
  });
}

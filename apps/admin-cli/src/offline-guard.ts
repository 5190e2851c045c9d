import type { DataSource } from 'typeorm';
import { CommandError } from './cli-errors';

/** The backend pids of this process's own connections to `shard` (its pool's clients). */
function ownBackendPids(shard: DataSource): number[] {
  // TypeORM's PostgreSQL driver keeps its pg Pool as `master`; each pooled client knows its pid.
  const pool = (shard.driver as unknown as { master?: { _clients?: { processID?: number }[] } }).master;
  if (!pool?._clients) throw new Error("cannot list this process's own connections (not a pg pool)");
  return pool._clients.flatMap((client) => (client.processID === undefined ? [] : [client.processID]));
}

/**
 * Refuses (CommandError, nothing changed) while any other session is connected to one of the shard
 * databases: the email and campaign services write their ledgers without the bucket fence, so a
 * move is only safe with their processes stopped. Counts client backends in pg_stat_activity for
 * each shard's database, except this process's own connections.
 */
export async function assertNoOtherSessions(shards: readonly DataSource[], what: string): Promise<void> {
  const busy: string[] = [];
  for (const [index, shard] of shards.entries()) {
    // Its own connection first, so the query below opens none the list of our pids would miss.
    const runner = shard.createQueryRunner();
    await runner.connect();
    try {
      const own = shards.flatMap(ownBackendPids);
      const rows = (await runner.query(
        `SELECT current_database() AS database, count(*)::int AS sessions,
                string_agg(pid || ' ' || coalesce(nullif(application_name, ''), '?'), ', ') AS names
         FROM pg_stat_activity
         WHERE datname = current_database() AND backend_type = 'client backend' AND NOT (pid = ANY($1::int[]))`,
        [own],
      )) as { database: string; sessions: number; names: string | null }[];
      const row = rows[0]!;
      if (row.sessions > 0)
        busy.push(
          `shard ${index} (database ${row.database}): ${row.sessions} sessions (pid application: ${row.names})`,
        );
    } finally {
      await runner.release();
    }
  }
  if (busy.length > 0) {
    throw new CommandError(
      `${what} is resharded offline, but other sessions are connected to its shard databases: ` +
        `${busy.join('; ')}. Stop every process of ${what} (and anything else connected) and run again; ` +
        'nothing was changed',
    );
  }
}

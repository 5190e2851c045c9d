// A sampling profiler of PostgreSQL (--sample-sql): ten times a second, which statements of the
// run's databases are running or waiting (pg_stat_activity). The share of samples a statement has
// is the share of connection time it takes; "idle in transaction" is a transaction held open by
// the application (e.g. while it talks SMTP).
import { Client } from 'pg';

export interface SqlSampler {
  /** Stops sampling and answers the statements by share of samples, most first. */
  stop(): Promise<{ samples: number; rows: { database: string; what: string; share: number }[] }>;
}

const intervalMs = 100;

export async function startSqlSampler(databases: ReadonlyMap<string, string>): Promise<SqlSampler> {
  const client = new Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
  await client.connect();
  const counts = new Map<string, number>();
  let samples = 0;
  let stopping = false;
  const names = [...databases.keys()];
  const loop = (async () => {
    while (!stopping) {
      const { rows } = await client.query<{ datname: string; state: string; wait: string; query: string }>(
        `SELECT datname, state, coalesce(wait_event_type || ':' || wait_event, '') AS wait,
           regexp_replace(left(query, 90), '\\s+', ' ', 'g') AS query
         FROM pg_stat_activity WHERE datname = ANY($1) AND state <> 'idle' AND pid <> pg_backend_pid()`,
        [names],
      );
      samples++;
      for (const row of rows) {
        const what =
          row.state === 'active' ? `${row.query}${row.wait ? ` [${row.wait}]` : ''}` : `(${row.state})`;
        const key = `${databases.get(row.datname) ?? row.datname}\u0000${what}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();
  return {
    async stop() {
      stopping = true;
      await loop;
      await client.end();
      const rows = [...counts]
        .map(([key, count]) => {
          const [database = '', what = ''] = key.split('\u0000');
          return { database, what, share: count / Math.max(1, samples) };
        })
        .sort((a, b) => b.share - a.share);
      return { samples, rows };
    },
  };
}

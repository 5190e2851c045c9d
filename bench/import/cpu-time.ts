import { readFileSync } from 'node:fs';
import { Client as PgClient } from 'pg';
import { testPostgresAdminUrl } from '@coldreach/testing';

/** CPU seconds (user + system) a process has used so far; 0 once it is gone. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** The PostgreSQL backends serving `databases` now (the Client service's pooled connections). */
export async function backendPids(databases: string[]): Promise<number[]> {
  const pg = new PgClient({ connectionString: testPostgresAdminUrl });
  await pg.connect();
  try {
    const { rows } = await pg.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE datname = ANY($1::text[])',
      [databases],
    );
    return rows.map((row) => row.pid);
  } finally {
    await pg.end();
  }
}

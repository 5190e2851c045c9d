import type { DataSource } from 'typeorm';
import { quoteIdent } from '@coldreach/db';
import type { Query } from './shards-import-sql';

/**
 * A legacy table with no client id to route by, copied whole: `processed_events` to every shard (a
 * redelivered event must be found processed on whichever shard its client lives; the bucket mover
 * copies it whole the same way), `dead_letters` to shard 0 (where the Client service's consumers keep
 * theirs). Rows already there are kept as they are (ON CONFLICT DO NOTHING).
 */
export interface WholeTable {
  name: string;
  key: readonly string[];
  everyShard: boolean;
}

export const wholeTables: readonly WholeTable[] = [
  { name: 'processed_events', key: ['consumer_group', 'event_id'], everyShard: true },
  { name: 'dead_letters', key: ['id'], everyShard: false },
];

export interface WholeTableCopy {
  table: WholeTable;
  sourceRows: number;
  /** Rows new on each target shard. */
  inserted: number;
  /** Source rows a target shard lacks after the copy. */
  missing: number;
}

/**
 * Copies `table` to its shards in keyset pages (the last row of a page is the next page's cursor),
 * checking each page arrived.
 */
export async function copyWholeTable(
  source: Query,
  shards: readonly DataSource[],
  table: WholeTable,
  pageSize: number,
): Promise<WholeTableCopy> {
  const copy = { table, sourceRows: 0, inserted: 0, missing: 0 };
  const [present] = await source(`SELECT to_regclass(${quoteLiteral(table.name)}) IS NOT NULL AS present`);
  if (present?.present !== true) return copy;
  const targets = table.everyShard ? shards : shards.slice(0, 1);
  const name = quoteIdent(table.name);
  const keys = table.key.map(quoteIdent);
  const keyOf = (alias: string) => `ROW(${keys.map((key) => `${alias}.${key}`).join(', ')})`;
  const rows = `jsonb_populate_recordset(NULL::${name}, $1::jsonb)`;
  let cursor: string | undefined;
  for (;;) {
    const page = await source(
      `SELECT to_jsonb(t)::text AS value FROM ${name} t
       ${cursor === undefined ? '' : `WHERE ${keyOf('t')} > (SELECT ${keys.map((key) => `c.${key}`).join(', ')} FROM jsonb_populate_record(NULL::${name}, $2::jsonb) c)`}
       ORDER BY ${keys.join(', ')} LIMIT $1`,
      cursor === undefined ? [pageSize] : [pageSize, cursor],
    );
    if (page.length === 0) return copy;
    cursor = String(page[page.length - 1]?.value);
    const json = `[${page.map((row) => String(row.value)).join(',')}]`;
    copy.sourceRows += page.length;
    for (const target of targets) {
      const inserted = (await target.query(
        `INSERT INTO ${name} SELECT * FROM ${rows} ON CONFLICT DO NOTHING RETURNING 1`,
        [json],
      )) as unknown[];
      copy.inserted += inserted.length;
      const [found] = (await target.query(
        `SELECT count(*)::int AS count FROM ${name} t JOIN ${rows} s USING (${keys.join(', ')})`,
        [json],
      )) as { count: number }[];
      copy.missing += page.length - Number(found?.count);
    }
  }
}

function quoteLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

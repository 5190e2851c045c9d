import { quoteIdent } from '@coldreach/db';

// The SQL of `shards import`, over the columns the legacy table and the shards have in common (an
// older legacy database may lack later columns; those keep their defaults on the shards).

/** Runs one statement and returns its rows: a TypeORM `query`, on a pool or on one session. */
export type Query = (sql: string, parameters?: unknown[]) => Promise<Record<string, unknown>[]>;

export interface TableColumn {
  name: string;
  /** NOT NULL without a default: a shard cannot do without it. */
  required: boolean;
}

/** The columns of `clients` in the session's current schema, in table order; never generated ones. */
export async function clientsColumns(query: Query): Promise<TableColumn[]> {
  const rows = await query(
    `SELECT column_name AS name, (is_nullable = 'NO' AND column_default IS NULL) AS required
     FROM information_schema.columns
     WHERE table_schema = current_schema() AND table_name = 'clients' AND is_generated = 'NEVER'
     ORDER BY ordinal_position`,
  );
  return rows.map((row) => ({ name: String(row.name), required: row.required === true }));
}

function columnList(columns: readonly string[]): string {
  return columns.map(quoteIdent).join(', ');
}

/**
 * One keyset page of the legacy rows after `$1` (all from the start when `after` is false), `$2` rows,
 * in id order: each row's id and `output`, an expression over the page's rows `r`.
 */
export function pageStatement(columns: readonly string[], output: string, after: boolean): string {
  return `SELECT r.id::text AS id, ${output} AS value
    FROM (SELECT ${columnList(columns)} FROM clients ${after ? 'WHERE id > $1::uuid' : ''}
          ORDER BY id LIMIT ${after ? '$2' : '$1'}) r
    ORDER BY r.id`;
}

/** A row as jsonb text: every type round-trips through `jsonb_populate_recordset` exactly. */
export const rowJson = 'to_jsonb(r)::text';

/**
 * A row's fingerprint. jsonb sorts its keys, so column order does not matter; timestamps print in the
 * session's time zone, so both sides set it to UTC first (see `utcTimeZone`).
 */
export const rowHash = 'md5(to_jsonb(r)::text)';

export const utcTimeZone = "SET TIME ZONE 'UTC'";
/** The same for one transaction: a pooled session goes back to the pool unchanged. */
export const utcTimeZoneLocal = "SET LOCAL TIME ZONE 'UTC'";

/** The fingerprints of the rows of one shard among the ids in `$1`. */
export function hashesByIdStatement(columns: readonly string[]): string {
  return `SELECT r.id::text AS id, ${rowHash} AS value
    FROM (SELECT ${columnList(columns)} FROM clients WHERE id = ANY($1::uuid[])) r`;
}

/**
 * Inserts the rows of the jsonb array `$1`, or overwrites a row with the same id only where it
 * differs, so a re-run changes nothing. Returns one row per change: `inserted` or updated.
 */
export function upsertStatement(columns: readonly string[]): string {
  const list = columnList(columns);
  const updatable = columns.filter((column) => column !== 'id').map(quoteIdent);
  return `INSERT INTO clients AS c (${list})
    SELECT ${list} FROM jsonb_populate_recordset(NULL::clients, $1::jsonb) ORDER BY id
    ON CONFLICT (id) DO UPDATE SET ${updatable.map((column) => `${column} = EXCLUDED.${column}`).join(', ')}
    WHERE ROW(${updatable.map((column) => `c.${column}`).join(', ')})
      IS DISTINCT FROM ROW(${updatable.map((column) => `EXCLUDED.${column}`).join(', ')})
    RETURNING (c.xmax = 0) AS inserted`;
}

/** Tells two PostgreSQL databases apart even when their URLs differ (localhost vs 127.0.0.1). */
export async function databaseIdentity(query: Query): Promise<string> {
  const [row] = await query(
    `SELECT current_database() || '|' || coalesce(inet_server_port()::text, '') || '|' ||
       pg_postmaster_start_time()::text AS identity`,
  );
  return String(row?.identity);
}

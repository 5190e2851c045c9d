import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { quoteIdent } from '../pglite-host';

/**
 * A table whose rows are routed by bucket: it has a `bucket` column and a primary key of one
 * column or several (composite keys are compared as the text of the row of their columns).
 * A list of tables is given parents first: rows are copied in list order and deleted in reverse,
 * so a foreign key between them always finds its parent.
 */
export interface BucketedTable {
  name: string;
  key: string | readonly string[];
  /**
   * For a table without a bucket column whose rows follow a parent's (a mailbox's read position):
   * a row is in the parent's bucket through `column` = the parent's `parentKey`. List it after the
   * parent. Not for openBucketShardSet's `tables` (its first-open move filters on bucket itself).
   */
  via?: { column: string; parent: string; parentKey: string };
}

/** The SQL condition, over alias `t` and parameter $1 (the buckets), selecting a unit's rows. */
function inBuckets(table: BucketedTable): string {
  if (!table.via) return 't.bucket = ANY($1::smallint[])';
  const { column, parent, parentKey } = table.via;
  return `t.${quoteIdent(column)} IN (SELECT p.${quoteIdent(parentKey)} FROM ${quoteIdent(parent)} p
          WHERE p.bucket = ANY($1::smallint[]))`;
}

/** The key's columns, quoted, as a list (for ON CONFLICT, IN) and as one text expression over `t`. */
function keyOf(table: BucketedTable): { columns: string; text: string } {
  if (typeof table.key === 'string') {
    const column = quoteIdent(table.key);
    return { columns: column, text: `t.${column}::text` };
  }
  const columns = table.key.map(quoteIdent).join(', ');
  return { columns, text: `row(${table.key.map((column) => `t.${quoteIdent(column)}`).join(', ')})::text` };
}

type Queryable = DataSource | EntityManager;
const batchSize = 500;

/** The table's writable (not generated) columns, quoted, in order. */
async function writableColumns(shard: Queryable, table: string): Promise<string[]> {
  const rows = (await shard.query(
    `SELECT column_name FROM information_schema.columns
     WHERE table_schema = current_schema() AND table_name = $1 AND is_generated = 'NEVER'
     ORDER BY ordinal_position`,
    [table],
  )) as { column_name: string }[];
  if (rows.length === 0) throw new Error(`table ${table} not found on a shard`);
  return rows.map((row) => quoteIdent(row.column_name));
}

/**
 * Writes rows (as row_to_json texts of the same table on another shard) into `table`, replacing
 * rows with the same key (`onConflict` 'update') or keeping them ('nothing').
 */
async function writeRows(
  target: Queryable,
  table: string,
  conflictKey: string,
  jsonRows: readonly string[],
  onConflict: 'update' | 'nothing',
): Promise<void> {
  if (jsonRows.length === 0) return;
  const columns = await writableColumns(target, table);
  const list = columns.join(', ');
  const action =
    onConflict === 'update'
      ? `DO UPDATE SET ${columns.map((column) => `${column} = EXCLUDED.${column}`).join(', ')}`
      : 'DO NOTHING';
  await target.query(
    `INSERT INTO ${quoteIdent(table)} (${list})
     SELECT ${list} FROM json_populate_recordset(NULL::${quoteIdent(table)}, $1::json)
     ON CONFLICT (${conflictKey}) ${action}`,
    [`[${jsonRows.join(',')}]`],
  );
}

/** Copies (upserts) every row of `buckets` from source to target, in key order and batches. */
export async function copyBucketRows(
  source: Queryable,
  target: Queryable,
  table: BucketedTable,
  buckets: readonly number[],
  where = 'TRUE',
): Promise<number> {
  const key = keyOf(table);
  let after: string | null = null;
  let copied = 0;
  for (;;) {
    const rows = (await source.query(
      `SELECT ${key.text} AS k, row_to_json(t)::text AS r FROM ${quoteIdent(table.name)} t
       WHERE ${inBuckets(table)} AND ${where} AND ($2::text IS NULL OR ${key.text} > $2)
       ORDER BY ${key.text} LIMIT ${batchSize}`,
      [buckets, after],
    )) as { k: string; r: string }[];
    if (rows.length === 0) return copied;
    await writeRows(
      target,
      table.name,
      key.columns,
      rows.map((row) => row.r),
      'update',
    );
    copied += rows.length;
    after = rows[rows.length - 1]!.k;
  }
}

/** Copies the rows of `table` with the given keys (as text) from source to target. */
async function copyKeys(source: Queryable, target: Queryable, table: BucketedTable, keys: string[]) {
  const key = keyOf(table);
  for (let start = 0; start < keys.length; start += batchSize) {
    const rows = (await source.query(
      `SELECT row_to_json(t)::text AS r FROM ${quoteIdent(table.name)} t WHERE ${key.text} = ANY($1::text[])`,
      [keys.slice(start, start + batchSize)],
    )) as { r: string }[];
    await writeRows(
      target,
      table.name,
      key.columns,
      rows.map((row) => row.r),
      'update',
    );
  }
}

/** Each row of `buckets` as key → md5 of its text, read in UTC so both shards print times alike. */
async function rowHashes(shard: DataSource, table: BucketedTable, buckets: readonly number[]) {
  return shard.transaction(async (manager) => {
    await manager.query("SET LOCAL TimeZone = 'UTC'");
    const rows = (await manager.query(
      `SELECT ${keyOf(table).text} AS k, md5(t::text) AS h FROM ${quoteIdent(table.name)} t
       WHERE ${inBuckets(table)}`,
      [buckets],
    )) as { k: string; h: string }[];
    return new Map(rows.map((row) => [row.k, row.h]));
  });
}

/**
 * Makes the target's rows of `buckets` equal the source's: copies the rows missing or different
 * on the target, deletes the target's rows the source no longer has. Answers how many differed.
 */
export async function syncBucketRows(
  source: DataSource,
  target: DataSource,
  table: BucketedTable,
  buckets: readonly number[],
): Promise<number> {
  const [fromSource, onTarget] = await Promise.all([
    rowHashes(source, table, buckets),
    rowHashes(target, table, buckets),
  ]);
  const changed = [...fromSource].filter(([key, hash]) => onTarget.get(key) !== hash).map(([key]) => key);
  const gone = [...onTarget.keys()].filter((key) => !fromSource.has(key));
  await copyKeys(source, target, table, changed);
  if (gone.length > 0) {
    await target.query(
      `DELETE FROM ${quoteIdent(table.name)} t WHERE ${keyOf(table).text} = ANY($1::text[])`,
      [gone],
    );
  }
  return changed.length + gone.length;
}

/** Row count and an order-independent checksum of the rows of `buckets`. */
export async function bucketChecksum(
  shard: DataSource,
  table: BucketedTable,
  buckets: readonly number[],
): Promise<{ rows: number; checksum: string }> {
  const hashes = await rowHashes(shard, table, buckets);
  const sorted = [...hashes].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const digest = createHash('md5');
  for (const [key, hash] of sorted) digest.update(`${key}:${hash};`);
  return { rows: sorted.length, checksum: digest.digest('hex') };
}

/** Deletes the rows of `buckets` (after they moved away), in batches to keep transactions short. */
export async function deleteBucketRows(
  shard: Queryable,
  table: BucketedTable,
  buckets: readonly number[],
  where = 'TRUE',
): Promise<number> {
  const key = keyOf(table).columns;
  let deleted = 0;
  for (;;) {
    // As a SELECT: TypeORM answers a bare DELETE ... RETURNING with [rows, count].
    const [row] = (await shard.query(
      `WITH gone AS (
         DELETE FROM ${quoteIdent(table.name)} WHERE (${key}) IN (
           SELECT ${key} FROM ${quoteIdent(table.name)} t
           WHERE ${inBuckets(table)} AND ${where} LIMIT ${batchSize})
         RETURNING 1)
       SELECT count(*)::int AS n FROM gone`,
      [buckets],
    )) as { n: number }[];
    if (row!.n === 0) return deleted;
    deleted += row!.n;
  }
}

/**
 * Copies every row of an unbucketed table (processed_events) from source to target, keeping the
 * target's rows: a redelivered event must still be found processed on the bucket's new owner.
 */
export async function copyWholeTable(
  source: DataSource,
  target: DataSource,
  table: string,
  keyColumns: readonly string[],
): Promise<void> {
  const key = keyColumns.map(quoteIdent).join(', ');
  let after: string | null = null;
  for (;;) {
    const rows = (await source.query(
      `SELECT row(${key})::text AS k, row_to_json(t)::text AS r FROM ${quoteIdent(table)} t
       WHERE $1::text IS NULL OR row(${key})::text > $1 ORDER BY row(${key})::text LIMIT ${batchSize * 4}`,
      [after],
    )) as { k: string; r: string }[];
    if (rows.length === 0) return;
    await writeRows(
      target,
      table,
      key,
      rows.map((row) => row.r),
      'nothing',
    );
    after = rows[rows.length - 1]!.k;
  }
}

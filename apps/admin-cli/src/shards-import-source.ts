import type { DataSource, QueryRunner } from 'typeorm';
import { openDataSource } from '@coldreach/db';
import { CommandError, describeError } from './cli-errors';
import {
  clientsColumns,
  databaseIdentity,
  pageStatement,
  utcTimeZone,
  type Query,
  type TableColumn,
} from './shards-import-sql';

/** A row of a keyset page: its id and the page's output (the row as jsonb text, or its hash). */
export interface PageRow {
  id: string;
  value: string;
}

/** The legacy single database, read on one session (its time zone set for the row hashes). */
export interface ImportSource {
  readonly label: string;
  readonly columns: readonly TableColumn[];
  /** Any read on the source's session. */
  readonly query: Query;
  identity(): Promise<string>;
  count(after: string | undefined): Promise<number>;
  /** `limit` rows after `after` in id order, each `output` (rowJson or rowHash over `columns`). */
  page(
    columns: readonly string[],
    output: string,
    after: string | undefined,
    limit: number,
  ): Promise<PageRow[]>;
  /** Events the legacy relay has not published yet (they are not copied). */
  unpublishedEvents(): Promise<number>;
  close(): Promise<void>;
}

/** The URL with its password masked, for every message that names the source. */
export function maskUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

/** Connects to the legacy database and checks it has a `clients` table; reads only. */
export async function openImportSource(url: string): Promise<ImportSource> {
  const label = maskUrl(url);
  let dataSource: DataSource;
  try {
    dataSource = await openDataSource({ location: { url }, entities: [], migrations: [], poolSize: 1 });
  } catch (error) {
    throw new CommandError(`cannot connect to the source database ${label}: ${describeError(error)}`);
  }
  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    await runner.query(utcTimeZone);
    return await checkedSource(label, dataSource, runner);
  } catch (error) {
    await runner.release();
    await dataSource.destroy();
    throw error;
  }
}

async function checkedSource(
  label: string,
  dataSource: DataSource,
  runner: QueryRunner,
): Promise<ImportSource> {
  const query: Query = (sql, parameters) =>
    runner.query(sql, parameters) as Promise<Record<string, unknown>[]>;
  const [table] = await query("SELECT to_regclass('clients') IS NOT NULL AS present");
  if (table?.present !== true) {
    throw new CommandError(
      `the source database ${label} has no clients table: give the legacy Client service database`,
    );
  }
  const columns = await clientsColumns(query);
  return {
    label,
    columns,
    query,
    identity: () => databaseIdentity(query),
    async count(after) {
      const [row] = await query(
        `SELECT count(*)::int AS count FROM clients ${after ? 'WHERE id > $1::uuid' : ''}`,
        after ? [after] : [],
      );
      return Number(row?.count);
    },
    async page(pageColumns, output, after, limit) {
      const rows = await query(
        pageStatement(pageColumns, output, after !== undefined),
        after !== undefined ? [after, limit] : [limit],
      );
      return rows.map((row) => ({ id: String(row.id), value: String(row.value) }));
    },
    async unpublishedEvents() {
      // Two statements: one naming a missing table fails to parse.
      const [outbox] = await query("SELECT to_regclass('outbox_events') IS NOT NULL AS present");
      if (outbox?.present !== true) return 0;
      const [row] = await query(
        'SELECT count(*)::int AS count FROM outbox_events WHERE published_at IS NULL',
      );
      return Number(row?.count);
    },
    async close() {
      await runner.release();
      await dataSource.destroy();
    },
  };
}

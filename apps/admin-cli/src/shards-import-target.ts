import type { DataSource } from 'typeorm';
import type { DatabaseLocation, ShardSet } from '@coldreach/db';
import { CommandError, describeError } from './cli-errors';
import type { ImportSource } from './shards-import-source';
import {
  clientsColumns,
  databaseIdentity,
  hashesByIdStatement,
  upsertStatement,
  utcTimeZoneLocal,
  type Query,
} from './shards-import-sql';

/** The client shards an import writes to, routed exactly as the Client service routes. */
export interface ImportTarget {
  readonly shards: ShardSet;
  /** The columns copied: those of the shards that the source has too. */
  readonly columns: readonly string[];
  /** Writes one shard's part of a batch (jsonb rows) in one transaction; returns what changed. */
  write(shard: number, rowsJson: readonly string[]): Promise<{ inserted: number; updated: number }>;
  /** The row hashes shard `shard` holds among `ids`. */
  hashes(shard: number, ids: readonly string[]): Promise<Map<string, string>>;
  count(shard: number): Promise<number>;
  close(): Promise<void>;
}

/**
 * Opens the client shards (never migrating them) and checks, before anything is written, that each
 * is migrated, none is the source itself, and the source has every column a shard cannot do without.
 */
export async function openImportTarget(
  locations: readonly DatabaseLocation[],
  source: ImportSource,
): Promise<ImportTarget> {
  // Loaded here only: the other commands need none of the client service.
  const { openClientShards } = await import('@coldreach/client-service');
  let shards: ShardSet;
  try {
    shards = await openClientShards([...locations], { migrate: false });
  } catch (error) {
    throw new CommandError(`cannot open the client shards: ${describeError(error)}`);
  }
  try {
    const columns = await checkShards(shards, locations, source);
    return createTarget(shards, columns);
  } catch (error) {
    await shards.close();
    throw error;
  }
}

async function checkShards(
  shards: ShardSet,
  locations: readonly DatabaseLocation[],
  source: ImportSource,
): Promise<string[]> {
  const sourceIdentity = await source.identity();
  for (const [index, shard] of shards.shards.entries()) {
    if ('url' in (locations[index] as DatabaseLocation)) {
      if ((await databaseIdentity(queryOf(shard))) === sourceIdentity) {
        throw new CommandError(
          `the source database ${source.label} is client shard ${index}: give the legacy database, not a shard`,
        );
      }
    }
    if (await shard.showMigrations()) {
      throw new CommandError(
        `client shard ${index} is not migrated yet: run \`npm run admin -- migrate\` first`,
      );
    }
  }
  const shardColumns = await clientsColumns(queryOf(shards.shards[0] as DataSource));
  const sourceNames = new Set(source.columns.map((column) => column.name));
  const missing = shardColumns.filter((column) => column.required && !sourceNames.has(column.name));
  if (missing.length > 0) {
    throw new CommandError(
      `the source clients table lacks ${missing.map((column) => column.name).join(', ')}: it is not a Client service table`,
    );
  }
  return shardColumns.map((column) => column.name).filter((name) => sourceNames.has(name));
}

function queryOf(dataSource: DataSource): Query {
  return (sql, parameters) => dataSource.query(sql, parameters) as Promise<Record<string, unknown>[]>;
}

function createTarget(shards: ShardSet, columns: string[]): ImportTarget {
  const upsert = upsertStatement(columns);
  const hashesById = hashesByIdStatement(columns);
  const shard = (index: number) => shards.shards[index] as DataSource;
  return {
    shards,
    columns,
    async write(index, rowsJson) {
      const rows = (await shard(index).transaction((manager) =>
        manager.query(upsert, [`[${rowsJson.join(',')}]`]),
      )) as { inserted: boolean }[];
      const inserted = rows.filter((row) => row.inserted).length;
      return { inserted, updated: rows.length - inserted };
    },
    async hashes(index, ids) {
      const rows = (await shard(index).transaction(async (manager) => {
        await manager.query(utcTimeZoneLocal);
        return manager.query(hashesById, [ids]);
      })) as { id: string; value: string }[];
      return new Map(rows.map((row) => [row.id, row.value]));
    },
    async count(index) {
      const [row] = (await shard(index).query('SELECT count(*)::int AS count FROM clients')) as {
        count: number;
      }[];
      return Number(row?.count);
    },
    close: () => shards.close(),
  };
}

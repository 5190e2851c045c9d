import type { DataSource } from 'typeorm';
import { openDataSource, type DatabaseLocation } from '@coldreach/db';
import { CommandError, describeError } from './cli-errors';
import type { ImportSource } from './shards-import-source';
import { clientsColumns, databaseIdentity, type Query } from './shards-import-sql';

/**
 * Checks each client shard before the shard set is opened (opening it may seed its routing
 * tables): reachable, not the source itself, migrated; and that the source has every column a shard
 * cannot do without. Only reads. Answers the columns to copy: the shards' that the source has too.
 */
export async function checkImportShards(
  locations: readonly DatabaseLocation[],
  source: ImportSource,
): Promise<string[]> {
  const { clientMigrations } = await import('@coldreach/client-service');
  const sourceIdentity = await source.identity();
  let shardColumns: Awaited<ReturnType<typeof clientsColumns>> = [];
  for (const [index, location] of locations.entries()) {
    let shard: DataSource;
    try {
      shard = await openDataSource({ location, entities: [], migrations: clientMigrations, poolSize: 1 });
    } catch (error) {
      throw new CommandError(`cannot connect to client shard ${index}: ${describeError(error)}`);
    }
    try {
      const query = queryOf(shard);
      if ('url' in location && (await databaseIdentity(query)) === sourceIdentity) {
        throw new CommandError(
          `the source database ${source.label} is client shard ${index}: give the legacy database, not a shard`,
        );
      }
      if (await hasPendingMigrations(shard)) {
        throw new CommandError(
          `client shard ${index} is not migrated yet: run \`npm run admin -- migrate\` first`,
        );
      }
      if (index === 0) shardColumns = await clientsColumns(query);
    } finally {
      await shard.destroy();
    }
  }
  const sourceNames = new Set(source.columns.map((column) => column.name));
  const missing = shardColumns.filter((column) => column.required && !sourceNames.has(column.name));
  if (missing.length > 0) {
    throw new CommandError(
      `the source clients table lacks ${missing.map((column) => column.name).join(', ')}: it is not a Client service table`,
    );
  }
  return shardColumns.map((column) => column.name).filter((name) => sourceNames.has(name));
}

export function queryOf(dataSource: DataSource): Query {
  return (sql, parameters) => dataSource.query(sql, parameters) as Promise<Record<string, unknown>[]>;
}

// Not DataSource.showMigrations: it creates the migrations table, and a refused import changes nothing.
async function hasPendingMigrations(shard: DataSource): Promise<boolean> {
  const query = queryOf(shard);
  const [table] = await query("SELECT to_regclass('schema_migrations') IS NOT NULL AS present");
  const applied = new Set(
    table?.present === true ? (await query('SELECT name FROM schema_migrations')).map((row) => row.name) : [],
  );
  return shard.migrations.some((migration) => !applied.has(migration.name ?? migration.constructor.name));
}

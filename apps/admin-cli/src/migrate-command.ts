import type { Migration } from 'typeorm';
import { openDataSource, type OpenDataSourceOptions } from '@coldreach/db';
import { idempotencyEntities, idempotencyMigrations } from '@coldreach/idempotency';
import { tenancyEntities, tenancyMigrations } from '@coldreach/tenancy';
import type { AdminContext } from './admin-context';
import { parseArgs } from './cli-args';

/** Brings the gateway database and every client shard up to the latest schema. */
export async function migrateCommand(args: readonly string[], context: AdminContext): Promise<void> {
  parseArgs('migrate', args, { positionals: [] });
  const databases = await context.databases();
  // Resolve the shard list before touching anything, so a missing CLIENT_SHARD_URLS migrates nothing.
  const shards = databases.clientShards();
  // Loaded here only: the other commands need none of the client service.
  const { clientEntities, clientMigrations } = await import('@coldreach/client-service');

  await migrate(context, 'gateway database', {
    location: databases.gateway,
    entities: [...tenancyEntities, ...idempotencyEntities],
    migrations: [...tenancyMigrations, ...idempotencyMigrations],
  });
  for (const [index, location] of shards.entries()) {
    await migrate(context, `client shard ${index}`, {
      location,
      entities: clientEntities,
      migrations: clientMigrations,
    });
  }
}

async function migrate(context: AdminContext, what: string, options: OpenDataSourceOptions): Promise<void> {
  const dataSource = await openDataSource(options);
  let applied: Migration[];
  try {
    applied = await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
  context.print(
    applied.length === 0
      ? `${what}: up to date`
      : `${what}: applied ${applied.map((migration) => migration.name).join(', ')}`,
  );
}

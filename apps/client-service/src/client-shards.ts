import { openShardSet, type DatabaseLocation, type ShardSet } from '@coldreach/db';
import { outboxEntities, outboxMigrations } from '@coldreach/outbox';
import { ClientRecord } from './persistence/client-record';
import { CreateClientsTable1732300000000 } from './persistence/create-clients-table';

/** The client service's TypeORM entities, for anything that opens its shards (admin CLI, launcher). */
export const clientEntities = [ClientRecord, ...outboxEntities];

/** The client service's migrations, oldest first: every shard has its own events outbox. */
export const clientMigrations = [CreateClientsTable1732300000000, ...outboxMigrations];

/**
 * Opens the client shards, one per location, in shard order (the order routes ids, so it must stay
 * the same). Migrates them first unless `migrate` is false.
 */
export function openClientShards(
  locations: DatabaseLocation[],
  options: { migrate?: boolean } = {},
): Promise<ShardSet> {
  return openShardSet(locations, {
    entities: clientEntities,
    migrations: clientMigrations,
    migrate: options.migrate ?? true,
  });
}

import { openShardSet, type DatabaseLocation, type ShardSet } from '@coldreach/db';
import { consumerEntities, consumerMigrations, outboxEntities, outboxMigrations } from '@coldreach/outbox';
import { ClientRecord } from './persistence/client-record';
import { AddClientVerification1796342400000 } from './persistence/add-client-verification';
import { CreateClientsTable1732300000000 } from './persistence/create-clients-table';

/** The client service's TypeORM entities, for anything that opens its shards (admin CLI, launcher). */
export const clientEntities = [ClientRecord, ...outboxEntities, ...consumerEntities];

/**
 * The client service's migrations: every shard has its own events outbox, and its own
 * processed_events (a scraped lead's event is recorded on the shard of the lead, in the same
 * transaction) and dead_letters (the first shard's holds the scrape.events consumer's).
 */
export const clientMigrations = [
  CreateClientsTable1732300000000,
  ...outboxMigrations,
  ...consumerMigrations,
  AddClientVerification1796342400000,
];

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

import {
  bucketMigrations,
  openBucketShardSet,
  type BucketShardSet,
  type DatabaseLocation,
} from '@coldreach/db';
import { consumerEntities, consumerMigrations, outboxEntities, outboxMigrations } from '@coldreach/outbox';
import { ClientRecord } from './persistence/client-record';
import { AddClientBucket1796500000001 } from './persistence/add-client-bucket';
import { AddClientVerification1796342400000 } from './persistence/add-client-verification';
import { CreateClientsTable1732300000000 } from './persistence/create-clients-table';

/** The client service's TypeORM entities, for anything that opens its shards (admin CLI, launcher). */
export const clientEntities = [ClientRecord, ...outboxEntities, ...consumerEntities];

/**
 * The client service's migrations: every shard has its own events outbox, and its own
 * processed_events (a scraped lead's event is recorded on the shard of the lead, in the same
 * transaction) and dead_letters (the first shard's holds the scrape.events consumer's), and the
 * bucket tables (the map and the resharding journal live on shard 0).
 */
export const clientMigrations = [
  CreateClientsTable1732300000000,
  ...outboxMigrations,
  ...consumerMigrations,
  AddClientVerification1796342400000,
  ...bucketMigrations,
  AddClientBucket1796500000001,
];

/** The tables routed by bucket: a reshard moves their rows. (Import summaries are outbox events only.) */
export const clientBucketedTables = [{ name: 'clients', key: 'id' }];

/**
 * Moved whole to a bucket's new owner at its fence: processed_events has no client id, and a
 * redelivered event for a moved client must still be found processed there.
 */
export const clientCopiedTables = [{ name: 'processed_events', key: ['consumer_group', 'event_id'] }];

export interface OpenClientShardsOptions {
  migrate?: boolean;
  /** How often each process polls the bucket map version (ms; default 1000). */
  mapPollMs?: number;
}

/**
 * Opens the client shards, one per location, in shard order (append-only: the bucket map names
 * shards by index). Migrates them first unless `migrate` is false, and seeds the bucket map on
 * first open (see openBucketMap).
 */
export function openClientShards(
  locations: DatabaseLocation[],
  options: OpenClientShardsOptions = {},
): Promise<BucketShardSet> {
  return openBucketShardSet(locations, {
    entities: clientEntities,
    migrations: clientMigrations,
    migrate: options.migrate ?? true,
    tables: clientBucketedTables,
    pollMs: options.mapPollMs,
  });
}

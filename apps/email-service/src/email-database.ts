import type { DataSource } from 'typeorm';
import {
  bucketMigrations,
  openBucketShardSet,
  openDataSource,
  type BucketShardSet,
  type BucketedTable,
  type DatabaseLocation,
  type ShardSet,
} from '@coldreach/db';
import { consumerEntities, consumerMigrations, outboxEntities, outboxMigrations } from '@coldreach/outbox';
import { CreateEmailTables1763900000000 } from './persistence/create-email-tables';
import { CreateInboundTables1764800000000 } from './persistence/create-inbound-tables';
import { AddDeliveryTracking1765000000000 } from './persistence/add-delivery-tracking';
import { AddDeliveryTraceContext1765100000000 } from './persistence/add-delivery-trace-context';
import { AddEmailWorkspaceBuckets1796600000000 } from './persistence/add-workspace-buckets';

/**
 * The email service's TypeORM entities: its own tables are reached with SQL only; the outbox (it
 * produces `email.events`) and the consumer tables (processed_events, dead_letters) have entities.
 */
export const emailEntities = [...outboxEntities, ...consumerEntities];

/** The email service's migrations, oldest first. */
export const emailMigrations = [
  CreateEmailTables1763900000000,
  ...outboxMigrations,
  ...consumerMigrations,
  CreateInboundTables1764800000000,
  AddDeliveryTracking1765000000000,
  AddDeliveryTraceContext1765100000000,
  ...bucketMigrations,
  AddEmailWorkspaceBuckets1796600000000,
];

/**
 * The tables routed by the bucket of their workspace: a reshard moves their rows. The outbox and
 * processed_events are per shard (processed_events is copied whole, see below); dead_letters and
 * heartbeats are the shard's own.
 */
export const emailBucketedTables: readonly BucketedTable[] = [
  { name: 'mailboxes', key: 'id' },
  { name: 'deliveries', key: 'id' },
  { name: 'paused_campaigns', key: 'campaign_id' },
  { name: 'suppressions', key: ['workspace_id', 'email'] },
  { name: 'caught_messages', key: 'id' },
  { name: 'inbound_messages', key: 'id' },
];

/**
 * What a reshard moves: the bucketed tables, and each mailbox's read position (inbox_readers has
 * no workspace; it follows its mailbox), so a moved mailbox's reading resumes where it stopped.
 */
export const emailReshardTables: readonly BucketedTable[] = [
  ...emailBucketedTables,
  {
    name: 'inbox_readers',
    key: 'mailbox_id',
    via: { column: 'mailbox_id', parent: 'mailboxes', parentKey: 'id' },
  },
];

/**
 * Copied whole to a bucket's new owner when it moves: processed_events has no workspace id, and a
 * redelivered email.commands event for a moved workspace must still be found processed there.
 */
export const emailCopiedTables = [{ name: 'processed_events', key: ['consumer_group', 'event_id'] }];

/** Opens the email service's one database, migrated first unless `migrate` is false. */
export function openEmailDatabase(
  location: DatabaseLocation,
  options: { migrate?: boolean; poolSize?: number } = {},
): Promise<DataSource> {
  return openDataSource({
    location,
    entities: emailEntities,
    migrations: emailMigrations,
    migrate: options.migrate ?? true,
    poolSize: options.poolSize,
  });
}

/**
 * Opens the email shards, one per location, in shard order (append-only: the bucket map names
 * shards by index); each runs every migration (its own outbox, processed_events and dead_letters;
 * the map and the resharding journal live on shard 0). A workspace's rows are on the shard the
 * bucket map gives its lower-cased id's bucket; each process polls the map (every `mapPollMs`,
 * default 1 s) and so routes by a new map after a reshard.
 */
export function openEmailShards(
  locations: DatabaseLocation[],
  options: { migrate?: boolean; poolSize?: number; mapPollMs?: number } = {},
): Promise<BucketShardSet> {
  return openBucketShardSet(locations, {
    entities: emailEntities,
    migrations: emailMigrations,
    migrate: options.migrate ?? true,
    poolSize: options.poolSize,
    tables: emailBucketedTables,
    pollMs: options.mapPollMs,
  });
}

/**
 * The shard holding `workspaceId`'s rows. Every row of a workspace (mailboxes, deliveries,
 * suppressions, inbound and caught messages) lives there, so each ledger transaction stays on one
 * database. Ids are routed lowercased, as the service stores them.
 */
export function workspaceShard(shards: ShardSet, workspaceId: string): DataSource {
  return shards.shards[workspaceShardIndex(shards, workspaceId)]!;
}

export function workspaceShardIndex(shards: ShardSet, workspaceId: string): number {
  return shards.indexFor(workspaceId.toLowerCase());
}

/** `items` by the shard of their workspace, each shard's in their original order. */
export function groupByWorkspaceShard<T>(
  shards: ShardSet,
  items: readonly T[],
  workspaceOf: (item: T) => string,
): Map<number, T[]> {
  const byShard = new Map<number, T[]>();
  for (const item of items) {
    const index = workspaceShardIndex(shards, workspaceOf(item));
    const shardItems = byShard.get(index) ?? [];
    shardItems.push(item);
    byShard.set(index, shardItems);
  }
  return byShard;
}

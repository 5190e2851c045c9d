import type { DataSource } from 'typeorm';
import { openDataSource, openShardSet, type DatabaseLocation, type ShardSet } from '@coldreach/db';
import { consumerEntities, consumerMigrations, outboxEntities, outboxMigrations } from '@coldreach/outbox';
import { CreateEmailTables1763900000000 } from './persistence/create-email-tables';
import { CreateInboundTables1764800000000 } from './persistence/create-inbound-tables';
import { AddDeliveryTracking1765000000000 } from './persistence/add-delivery-tracking';
import { AddDeliveryTraceContext1765100000000 } from './persistence/add-delivery-trace-context';

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
];

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
 * Opens the email shards, one per location, in shard order (the order routes workspaces, so it must
 * stay the same); each runs every migration (its own outbox, processed_events and dead_letters).
 */
export function openEmailShards(
  locations: DatabaseLocation[],
  options: { migrate?: boolean; poolSize?: number } = {},
): Promise<ShardSet> {
  return openShardSet(locations, {
    entities: emailEntities,
    migrations: emailMigrations,
    migrate: options.migrate ?? true,
    poolSize: options.poolSize,
  });
}

/** One database as a shard set of one, for callers that open a single email database themselves. */
export function singleEmailShard(dataSource: DataSource): ShardSet {
  return {
    shards: [dataSource],
    indexFor: () => 0,
    shardFor: () => dataSource,
    close: () => dataSource.destroy(),
  };
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

import type { DataSource } from 'typeorm';
import {
  bucketMigrations,
  openBucketShardSet,
  openDataSource,
  type BucketShardSet,
  type BucketedTable,
  type DatabaseLocation,
} from '@coldreach/db';
import { consumerEntities, consumerMigrations, outboxEntities, outboxMigrations } from '@coldreach/outbox';
import {
  CampaignLeadRecord,
  CampaignRecord,
  CampaignStepRecord,
  CampaignTaskRecord,
} from './persistence/campaign-records';
import { AddCampaignTracking1765000000000 } from './persistence/add-campaign-tracking';
import { AddLaunchTraceContext1765100000000 } from './persistence/add-launch-trace-context';
import { AddTasksInFlightIndex1764400000000 } from './persistence/add-tasks-in-flight-index';
import { AllowInboxTaskStatuses1764900000000 } from './persistence/allow-inbox-task-statuses';
import { CreateCampaignTables1732600000000 } from './persistence/create-campaign-tables';
import { AddCampaignWorkspaceBuckets1796600000000 } from './persistence/add-workspace-buckets';

/** The campaign service's TypeORM entities, for anything that opens its database. */
export const campaignEntities = [
  CampaignRecord,
  CampaignStepRecord,
  CampaignLeadRecord,
  CampaignTaskRecord,
  ...outboxEntities,
  ...consumerEntities,
];

/**
 * The campaign service's migrations, oldest first: its own tables, the outbox it produces
 * `campaigns.events` and `email.commands` through, and the consumer tables of its `email.events`
 * consumer (processed events, dead letters).
 */
export const campaignMigrations = [
  CreateCampaignTables1732600000000,
  ...outboxMigrations,
  ...consumerMigrations,
  AddTasksInFlightIndex1764400000000,
  AllowInboxTaskStatuses1764900000000,
  AddCampaignTracking1765000000000,
  AddLaunchTraceContext1765100000000,
  ...bucketMigrations,
  AddCampaignWorkspaceBuckets1796600000000,
];

/**
 * The tables routed by the bucket of their workspace, parents first (steps, leads and tasks
 * reference campaigns): a reshard copies them in this order and deletes them in the reverse.
 * The outbox, processed_events (copied whole, see below) and dead_letters are per shard.
 */
export const campaignBucketedTables: readonly BucketedTable[] = [
  { name: 'campaigns', key: 'id' },
  { name: 'campaign_steps', key: 'id' },
  { name: 'campaign_leads', key: ['campaign_id', 'client_id'] },
  { name: 'campaign_tasks', key: 'id' },
];

/**
 * Copied whole to a bucket's new owner when it moves: processed_events has no workspace id, and a
 * redelivered email.events event for a moved workspace must still be found processed there.
 */
export const campaignCopiedTables = [{ name: 'processed_events', key: ['consumer_group', 'event_id'] }];

/** Opens one campaign database (one shard), migrating it first unless `migrate` is false. */
export function openCampaignDatabase(
  location: DatabaseLocation,
  options: { migrate?: boolean; poolSize?: number } = {},
): Promise<DataSource> {
  return openDataSource({
    location,
    entities: campaignEntities,
    migrations: campaignMigrations,
    migrate: options.migrate ?? true,
    poolSize: options.poolSize,
  });
}

/**
 * Opens the campaign shards, one per location, in shard order (append-only: the bucket map names
 * shards by index), each migrated with the full list (its own outbox and consumer tables; the map
 * and the resharding journal live on shard 0) unless `migrate` is false. A workspace's campaigns,
 * steps, leads and tasks all live on the shard the bucket map gives its lower-cased id's bucket;
 * each process polls the map (every `mapPollMs`, default 1 s).
 */
export function openCampaignShards(
  locations: DatabaseLocation[],
  options: { migrate?: boolean; poolSize?: number; mapPollMs?: number } = {},
): Promise<BucketShardSet> {
  return openBucketShardSet(locations, {
    entities: campaignEntities,
    migrations: campaignMigrations,
    migrate: options.migrate ?? true,
    poolSize: options.poolSize,
    tables: campaignBucketedTables,
    pollMs: options.mapPollMs,
  });
}

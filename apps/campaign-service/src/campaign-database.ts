import type { DataSource } from 'typeorm';
import { openDataSource, openShardSet, type DatabaseLocation, type ShardSet } from '@coldreach/db';
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
];

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
 * Opens the campaign shards, one per location, in shard order (the order routes workspaces, so it
 * must stay the same), each migrated with the full list (its own outbox and consumer tables) unless
 * `migrate` is false. A workspace's campaigns, steps, leads and tasks all live on its shard.
 */
export function openCampaignShards(
  locations: DatabaseLocation[],
  options: { migrate?: boolean; poolSize?: number } = {},
): Promise<ShardSet> {
  return openShardSet(locations, {
    entities: campaignEntities,
    migrations: campaignMigrations,
    migrate: options.migrate ?? true,
    poolSize: options.poolSize,
  });
}

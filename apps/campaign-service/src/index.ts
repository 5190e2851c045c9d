export { startCampaignService } from './start-campaign-service';
export type { CampaignServiceOptions } from './start-campaign-service';
export { startCampaignWorkers, campaignTopics } from './start-campaign-workers';
export type { CampaignWorkers, CampaignWorkersOptions } from './start-campaign-workers';
export {
  openCampaignDatabase,
  openCampaignShards,
  campaignEntities,
  campaignMigrations,
  campaignBucketedTables,
  campaignCopiedTables,
} from './campaign-database';
export { createShardedCampaignStore } from './persistence/sharded-campaign-store';
export type { CampaignShards } from './campaign-shards';
export { readCampaignServiceConfig, campaignServiceConfigSchema } from './config';
export type { CampaignServiceConfig } from './config';
export { deriveTaskId } from './domain/task-id';

import type { DataSource } from 'typeorm';
import { singleShardSet, type ShardSet } from '@coldreach/db';

/**
 * The campaign databases, routed by workspace id: every row of a workspace (campaigns, steps,
 * leads, tasks, the outbox rows and processed events of its changes) is on `shardFor(workspaceId)`,
 * so each transaction, lock and guarantee of the service stays on one database.
 */
export type CampaignShards = Pick<ShardSet, 'shards' | 'shardFor' | 'indexFor'>;

/** The shards of options that name either `shards` or (one shard) `dataSource`. */
export function campaignShardsOf(options: {
  shards?: CampaignShards;
  dataSource?: DataSource;
}): CampaignShards {
  if (options.shards && options.dataSource)
    throw new Error('pass the campaign shards or one dataSource, not both');
  if (options.shards) return options.shards;
  if (options.dataSource) return singleShardSet(options.dataSource);
  throw new Error('the campaign shards (or one dataSource) are required');
}

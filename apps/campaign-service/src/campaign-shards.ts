import type { DataSource } from 'typeorm';
import type { ShardSet } from '@coldreach/db';

/**
 * The campaign databases, routed by workspace id: every row of a workspace (campaigns, steps,
 * leads, tasks, the outbox rows and processed events of its changes) is on `shardFor(workspaceId)`,
 * so each transaction, lock and guarantee of the service stays on one database.
 */
export type CampaignShards = Pick<ShardSet, 'shards' | 'shardFor' | 'indexFor'>;

/** One database as a set of one shard (callers that open a single campaign database). */
export function singleShard(dataSource: DataSource): CampaignShards {
  return { shards: [dataSource], shardFor: () => dataSource, indexFor: () => 0 };
}

/** The shards of options that name either `shards` or (one shard) `dataSource`. */
export function campaignShardsOf(options: {
  shards?: CampaignShards;
  dataSource?: DataSource;
}): CampaignShards {
  if (options.shards && options.dataSource)
    throw new Error('pass the campaign shards or one dataSource, not both');
  if (options.shards) return options.shards;
  if (options.dataSource) return singleShard(options.dataSource);
  throw new Error('the campaign shards (or one dataSource) are required');
}

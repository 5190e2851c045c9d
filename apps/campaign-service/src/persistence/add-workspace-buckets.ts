import { bucketColumnsMigration } from '@coldreach/db';

/**
 * The campaign tables (all carry workspace_id) get its bucket (issue 19 §2): the shards are routed
 * by the bucket map on the lower-cased workspace id, and a reshard moves these rows by bucket.
 * Parents before children (steps, leads and tasks reference campaigns): a reshard copies in this
 * order and deletes in the reverse.
 */
export const campaignWorkspaceTables = ['campaigns', 'campaign_steps', 'campaign_leads', 'campaign_tasks'];

export const AddCampaignWorkspaceBuckets1796600000000 = bucketColumnsMigration(
  'AddCampaignWorkspaceBuckets1796600000000',
  campaignWorkspaceTables,
  'workspace_id',
);

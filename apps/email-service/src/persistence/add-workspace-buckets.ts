import { bucketColumnsMigration } from '@coldreach/db';

/**
 * The email tables that carry workspace_id get its bucket (issue 19 §2): the shards are routed by
 * the bucket map on the lower-cased workspace id, and a reshard moves these rows by bucket.
 * Parents before children (a reshard copies in this order and deletes in the reverse).
 */
export const emailWorkspaceTables = [
  'mailboxes',
  'deliveries',
  'paused_campaigns',
  'suppressions',
  'caught_messages',
  'inbound_messages',
];

export const AddEmailWorkspaceBuckets1796600000000 = bucketColumnsMigration(
  'AddEmailWorkspaceBuckets1796600000000',
  emailWorkspaceTables,
  'workspace_id',
);

import type { EventEnvelope } from '@coldreach/contracts';
import type { CampaignShards } from '../campaign-shards';

/**
 * The envelopes grouped by the shard of their workspace, each group in batch order, the groups in
 * the order of their last envelope: the shard of the batch's last event commits last, so once a
 * partition's last event is recorded as processed, every event before it was applied.
 */
export function byShard(
  shards: Pick<CampaignShards, 'indexFor'>,
  envelopes: readonly EventEnvelope[],
): Map<number, EventEnvelope[]> {
  const groups = new Map<number, EventEnvelope[]>();
  for (const envelope of envelopes) {
    const shard = shards.indexFor(envelope.workspaceId.toLowerCase());
    const group = groups.get(shard) ?? [];
    group.push(envelope);
    // Set again at the end: a Map iterates in insertion order.
    groups.delete(shard);
    groups.set(shard, group);
  }
  return groups;
}

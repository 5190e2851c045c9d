import type { EntityManager } from 'typeorm';
import {
  CampaignDeletedSchema,
  CampaignPausedSchema,
  CampaignResumedSchema,
  consumerGroups,
  eventTypes,
  topics,
  type EventEnvelope,
} from '@coldreach/contracts';
import { queryRows, type ShardSet } from '@coldreach/db';
import { isUuid } from '@coldreach/ids';
import type { EventBus, ReceivedMessage, Subscription } from '@coldreach/events';
import type { Logger } from '@coldreach/observability';
import {
  createBatchMessageHandler,
  decodeEnvelope,
  invalidMessage,
  processOnce,
  unpackPayload,
} from '@coldreach/outbox';
import { groupByWorkspaceShard } from '../email-database';
import { cancelDeliveries } from '../ledger/store/apply-email-commands';

export interface CampaignEventsConsumerOptions {
  /**
   * The email shards: each event applies on its workspace's shard, recorded in that shard's
   * processed_events (so a redelivery is skipped exactly); the first holds the dead letters.
   */
  shards: ShardSet;
  bus: EventBus;
  logger: Logger;
}

/**
 * Consumes `campaigns.events` (group email-service.campaign-events): a paused campaign's deliveries
 * are held (workers skip campaigns in `paused_campaigns`), a resumed one's released, and a deleted
 * one's deliveries not yet claimed are cancelled, each with EmailCancelled. Each event applies once
 * (processed_events, in the same transaction as its effect).
 */
export function startCampaignEventsConsumer(options: CampaignEventsConsumerOptions): Promise<Subscription> {
  const { shards, logger } = options;
  const group = consumerGroups.emailCampaignEvents;

  async function apply(messages: readonly ReceivedMessage[]): Promise<void> {
    const envelopes = messages
      .map((message) => decodeEnvelope(message.value))
      .filter((envelope) =>
        [eventTypes.campaignPaused, eventTypes.campaignResumed, eventTypes.campaignDeleted].includes(
          envelope.type as never,
        ),
      );
    // One transaction per shard; a batch failing on one shard after another committed is retried,
    // and the committed shard's processed_events skip what it already applied.
    const events = envelopes.map((envelope) => ({
      envelope,
      workspaceId: idOf(envelope, 'workspace_id', envelope.workspaceId),
    }));
    for (const [index, shardEvents] of groupByWorkspaceShard(shards, events, (event) => event.workspaceId))
      await shards.shards[index]!.transaction(async (tx) => {
        for (const { envelope, workspaceId } of shardEvents) await applyEvent(tx, envelope, workspaceId);
      });
  }

  async function applyEvent(tx: EntityManager, envelope: EventEnvelope, workspaceId: string): Promise<void> {
    const eventId = idOf(envelope, 'event_id', envelope.eventId);
    await processOnce(tx, { consumerGroup: group, eventId }, async (manager) => {
      if (envelope.type === eventTypes.campaignPaused) {
        await pause(manager, workspaceId, campaignIdOf(envelope, CampaignPausedSchema));
      } else if (envelope.type === eventTypes.campaignResumed) {
        await resume(manager, workspaceId, campaignIdOf(envelope, CampaignResumedSchema));
      } else {
        const campaignId = campaignIdOf(envelope, CampaignDeletedSchema);
        await resume(manager, workspaceId, campaignId);
        const cancelled = await cancelDeliveries(manager, workspaceId, { campaignId });
        if (cancelled.length > 0)
          logger.info({ campaignId, count: cancelled.length }, 'deliveries of a deleted campaign cancelled');
      }
    });
  }

  return options.bus.subscribe({
    groupId: group,
    topics: [topics.campaignsEvents],
    handleBatch: createBatchMessageHandler({
      groupId: group,
      dataSource: shards.shards[0]!,
      logger,
      handle: apply,
    }),
  });
}

/**
 * One of the envelope's ids; an event without it names no tenant or campaign to act on, so it is
 * invalid (dead-lettered at once, never retried).
 */
function idOf(envelope: EventEnvelope, field: string, value: string): string {
  if (!isUuid(value)) {
    throw invalidMessage(
      `event ${envelope.eventId.slice(0, 64)} (${envelope.type.slice(0, 64)}): ${field} must be a UUID`,
    );
  }
  return value.toLowerCase();
}

function campaignIdOf(
  envelope: EventEnvelope,
  schema: typeof CampaignPausedSchema | typeof CampaignResumedSchema | typeof CampaignDeletedSchema,
): string {
  return idOf(envelope, 'campaign_id', unpackPayload(envelope, schema).campaignId);
}

function pause(manager: EntityManager, workspaceId: string, campaignId: string): Promise<unknown> {
  return queryRows(
    manager,
    'INSERT INTO paused_campaigns (campaign_id, workspace_id) VALUES ($1, $2) ON CONFLICT DO NOTHING',
    [campaignId, workspaceId],
  );
}

function resume(manager: EntityManager, workspaceId: string, campaignId: string): Promise<unknown> {
  return queryRows(manager, 'DELETE FROM paused_campaigns WHERE campaign_id = $1 AND workspace_id = $2', [
    campaignId,
    workspaceId,
  ]);
}

import type { DataSource, EntityManager } from 'typeorm';
import { campaignShardsOf, type CampaignShards } from '../campaign-shards';
import { consumerGroups, eventTypes, topics, type EventEnvelope } from '@coldreach/contracts';
import { isUuid } from '@coldreach/ids';
import type { EventBus, ReceivedMessage, Subscription } from '@coldreach/events';
import type { Logger } from '@coldreach/observability';
import { createBatchMessageHandler, decodeEnvelope, invalidMessage, processEach } from '@coldreach/outbox';
import { recordSentOutcomes, type SentOutcome } from '../persistence/sent-outcomes';
import { appliedEmailEventTypes, applyEmailEvent, sentOutcome } from './email-event-effects';
import { byShard } from './events-by-shard';

export interface EmailEventsConsumerOptions {
  /** The campaign shards: each event is applied on its workspace's shard. */
  shards?: CampaignShards;
  /** Or one campaign database: a single shard. Exactly one of the two. */
  dataSource?: DataSource;
  bus: EventBus;
  logger: Logger;
  /** Called after an event ended a lead's sequence (so completion is checked without waiting). */
  onSequenceEnded?: () => void;
  /** Attempts per message, once its batch failed, before it goes to the dead letters. Default 5. */
  maxAttempts?: number;
  clock?: () => Date;
}

/**
 * Consumes `email.events` in the campaign service's group, a Kafka batch per transaction: the
 * event ids go into processed_events with one statement (a redelivered event does nothing), runs of
 * `email.sent` — nearly every event — are recorded set-based, any other event is applied on its own
 * in order. A batch that fails is handled again message by message, and a message that keeps
 * failing is stored as a dead letter (on the first shard) so its partition moves on.
 *
 * Sharded: a batch's events are split by their workspace's shard, one transaction per shard, so an
 * event's processed_events row is always written on the same shard as its effects (a redelivery,
 * whichever batch brings it, meets it there). A batch that failed on one shard after another
 * committed comes again; the committed shard's events are then skipped as processed.
 */
export function startEmailEventsConsumer(options: EmailEventsConsumerOptions): Promise<Subscription> {
  const { logger } = options;
  const shards = campaignShardsOf(options);
  const groupId = consumerGroups.campaignEmailEvents;
  const clock = options.clock ?? (() => new Date());

  async function apply(messages: readonly ReceivedMessage[]): Promise<void> {
    // A type this version does not act on is skipped, whatever it holds (a newer producer's event).
    const envelopes = messages
      .map((message) => decodeEnvelope(message.value))
      .filter((envelope) => appliedEmailEventTypes.has(envelope.type));
    if (envelopes.length === 0) return;
    // Without these an event cannot be deduplicated or scoped to a tenant: invalid, never retried.
    for (const envelope of envelopes) {
      const which = `event ${envelope.eventId.slice(0, 64)} (${envelope.type.slice(0, 64)})`;
      if (!isUuid(envelope.eventId)) throw invalidMessage(`${which}: event_id must be a UUID`);
      if (!isUuid(envelope.workspaceId)) throw invalidMessage(`${which}: workspace_id must be a UUID`);
    }
    const now = clock();
    let ended = false;
    for (const [shard, ofShard] of byShard(shards, envelopes)) {
      const endedHere = await shards.shards[shard]!.transaction(async (manager) => {
        const fresh = await processEach(
          manager,
          groupId,
          ofShard.map((envelope) => envelope.eventId.toLowerCase()),
        );
        // Deleting as we go also skips an event that came twice in the batch.
        const toApply = ofShard.filter((envelope) => fresh.delete(envelope.eventId.toLowerCase()));
        return applyInOrder(manager, toApply, now);
      });
      ended ||= endedHere;
    }
    if (ended) options.onSequenceEnded?.();
  }

  return options.bus.subscribe({
    groupId,
    topics: [topics.emailEvents],
    fromBeginning: true,
    // Outcomes only advance sequences whose next step is minutes or days away: half a second
    // more to gather means a few times fewer transactions while a campaign sends.
    gather: { minBytes: 256 * 1024, maxWaitMs: 500 },
    handleBatch: createBatchMessageHandler({
      groupId,
      dataSource: shards.shards[0]!,
      logger,
      maxAttempts: options.maxAttempts,
      handle: apply,
    }),
  });
}

/**
 * Applies events in their order; consecutive `email.sent` events go together, except that a task
 * or lead seen twice starts a new run (each statement of a run touches a row once).
 * Answers true when a sequence ended.
 */
async function applyInOrder(
  manager: EntityManager,
  envelopes: readonly EventEnvelope[],
  now: Date,
): Promise<boolean> {
  let ended = false;
  let run: SentOutcome[] = [];
  const inRun = new Set<string>();
  const flush = async () => {
    if (await recordSentOutcomes(manager, run, now)) ended = true;
    run = [];
    inRun.clear();
  };
  for (const envelope of envelopes) {
    if (envelope.type !== eventTypes.emailSent) {
      await flush();
      if (await applyEmailEvent(manager, envelope, now)) ended = true;
      continue;
    }
    const sent = sentOutcome(envelope, now);
    if (!sent) continue;
    const keys = [
      `task:${sent.taskId.toLowerCase()}`,
      `lead:${sent.campaignId}/${sent.clientId}`.toLowerCase(),
    ];
    if (keys.some((key) => inRun.has(key))) await flush();
    run.push(sent);
    for (const key of keys) inRun.add(key);
  }
  await flush();
  return ended;
}

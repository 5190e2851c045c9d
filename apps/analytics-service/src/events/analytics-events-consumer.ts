import type { DataSource } from 'typeorm';
import { consumerGroups } from '@coldreach/contracts';
import type { EventBus, MessageBatch, ReceivedMessage, Subscription } from '@coldreach/events';
import type { Logger } from '@coldreach/observability';
import { createBatchMessageHandler, decodeEnvelope } from '@coldreach/outbox';
import { eventFacts } from '../domain/event-facts';
import { liveSchema } from '../persistence/analytics-tables';
import { applyEventFacts } from '../persistence/counter-writes';
import { takeLiveCountersLock } from '../persistence/live-counters-lock';
import { analyticsTopics } from './analytics-topics';

export interface AnalyticsEventsConsumerOptions {
  /** The analytics database (see openAnalyticsDatabase); its dead_letters take what cannot be counted. */
  dataSource: DataSource;
  bus: EventBus;
  logger: Logger;
  /** Default: the live group, consumerGroups.analytics. A rebuild uses a fresh one. */
  groupId?: string;
  /** Default: the live schema. A rebuild writes a fresh one. */
  schema?: string;
  /** Attempts per message, once its batch failed, before it goes to the dead letters. Default 5. */
  maxAttempts?: number;
  /** Called once a batch is applied (or dead-lettered), before its offsets are committed. */
  onBatchApplied?: (batch: MessageBatch) => void;
}

/**
 * Consumes every event topic into the analytics counters, a Kafka batch per transaction: the ids go
 * into the schema's processed_events (a redelivered event changes nothing), the new events are
 * summed in memory and each table is written with one statement. The live consumer's transaction
 * takes the live-counters lock shared, so a rebuild can hold it alone while it swaps schemas.
 */
export function startAnalyticsEventsConsumer(options: AnalyticsEventsConsumerOptions): Promise<Subscription> {
  const { dataSource, logger } = options;
  const groupId = options.groupId ?? consumerGroups.analytics;
  const schema = options.schema ?? liveSchema;
  const live = schema === liveSchema;

  async function apply(messages: readonly ReceivedMessage[]): Promise<void> {
    const facts = messages.flatMap((message) => eventFacts(decodeEnvelope(message.value)) ?? []);
    if (facts.length === 0) return;
    await dataSource.transaction(async (manager) => {
      if (live) await takeLiveCountersLock(manager, 'shared');
      await applyEventFacts(manager, schema, facts);
    });
  }

  const handleBatch = createBatchMessageHandler({
    groupId,
    dataSource,
    logger,
    maxAttempts: options.maxAttempts,
    handle: apply,
  });
  return options.bus.ensureTopics(analyticsTopics).then(() =>
    options.bus.subscribe({
      groupId,
      topics: analyticsTopics.map((topic) => topic.name),
      fromBeginning: true,
      // Counters are read by people, not by other services: a quarter second more to gather
      // means fewer, larger transactions.
      gather: { minBytes: 256 * 1024, maxWaitMs: 250 },
      handleBatch: async (batch, context) => {
        await handleBatch(batch, context);
        options.onBatchApplied?.(batch);
      },
    }),
  );
}

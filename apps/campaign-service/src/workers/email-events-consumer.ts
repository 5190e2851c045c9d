import type { DataSource } from 'typeorm';
import { consumerGroups, topics } from '@coldreach/contracts';
import { isUuid } from '@coldreach/db';
import type { EventBus, Subscription } from '@coldreach/events';
import type { Logger } from '@coldreach/observability';
import { createMessageHandler, decodeEnvelope, processOnce } from '@coldreach/outbox';
import { applyEmailEvent } from './email-event-effects';

export interface EmailEventsConsumerOptions {
  dataSource: DataSource;
  bus: EventBus;
  logger: Logger;
  /** Called after an event ended a lead's sequence (so completion is checked without waiting). */
  onSequenceEnded?: () => void;
  /** Attempts per message before it goes to the dead letters. Default 5. */
  maxAttempts?: number;
  clock?: () => Date;
}

/**
 * Consumes `email.events` in the campaign service's group: each event updates tasks and leads once
 * (processOnce records its id in the same transaction), a failing one is retried and then stored as
 * a dead letter so its partition moves on.
 */
export function startEmailEventsConsumer(options: EmailEventsConsumerOptions): Promise<Subscription> {
  const { dataSource, logger } = options;
  const groupId = consumerGroups.campaignEmailEvents;
  const clock = options.clock ?? (() => new Date());
  return options.bus.subscribe({
    groupId,
    topics: [topics.emailEvents],
    fromBeginning: true,
    handleBatch: createMessageHandler({
      groupId,
      dataSource,
      logger,
      maxAttempts: options.maxAttempts,
      async handle(message) {
        const envelope = decodeEnvelope(message.value);
        if (!isUuid(envelope.eventId) || !isUuid(envelope.workspaceId)) {
          throw new Error(`event ${envelope.eventId.slice(0, 64)} has no valid event id or workspace id`);
        }
        let ended = false;
        await dataSource.transaction((manager) =>
          processOnce(manager, { consumerGroup: groupId, eventId: envelope.eventId }, async (inner) => {
            ended = await applyEmailEvent(inner, envelope, clock());
          }),
        );
        if (ended) options.onSequenceEnded?.();
      },
    }),
  });
}

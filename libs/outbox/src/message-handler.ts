import { setTimeout as sleep } from 'node:timers/promises';
import type { DataSource } from 'typeorm';
import {
  withMessageSpan,
  type BatchContext,
  type MessageBatch,
  type ReceivedMessage,
} from '@coldreach/events';
import type { Logger } from '@coldreach/observability';
import { cappedBackoffMs } from '@coldreach/process';
import { storeDeadLetter } from './dead-letters';
import { isDeterministicFailure } from './invalid-message';

export interface MessageHandlerOptions {
  /** The consumer group, recorded with each dead letter. */
  groupId: string;
  /** The consumer's database, which holds its `dead_letters` table. */
  dataSource: DataSource;
  logger: Logger;
  /** Attempts per message before it goes to the dead letters. Default 5. */
  maxAttempts?: number;
  /** Pause before the first retry; it doubles for each further one, up to 30 s. Default 200 ms. */
  backoffMs?: number;
  /** Handles one message; must be idempotent (see processOnce), since any message may come again. */
  handle: (message: ReceivedMessage) => Promise<void>;
}

const maxBackoffMs = 30_000;

/**
 * A `handleBatch` for `EventBus.subscribe` that handles messages one by one in order, retries a
 * failing one with backoff, and after `maxAttempts` stores it in `dead_letters` and moves on, so one
 * poison message cannot stall its partition. A failure that would only repeat (see
 * isDeterministicFailure: an invalid message, a value the database refuses) goes to the dead
 * letters at once: retrying it would hold the partition, every tenant's events behind it, for
 * seconds to no avail. It throws (and the batch comes again) only when the dead letter cannot be
 * stored or the batch was taken away (rebalance, closing).
 */
export function createMessageHandler(
  options: MessageHandlerOptions,
): (batch: MessageBatch, context: BatchContext) => Promise<void> {
  const maxAttempts = Math.max(1, options.maxAttempts ?? 5);
  const backoffMs = options.backoffMs ?? 200;
  const { groupId, logger } = options;

  async function handleWithRetries(message: ReceivedMessage, context: BatchContext): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      context.signal.throwIfAborted();
      try {
        // Each attempt is a span of the trace that produced the message.
        await withMessageSpan(message, groupId, () => options.handle(message));
        return;
      } catch (error) {
        const reason = error instanceof Error ? error.message || error.name : String(error);
        const where = { groupId, topic: message.topic, partition: message.partition, offset: message.offset };
        const deterministic = isDeterministicFailure(error);
        if (deterministic || attempt >= maxAttempts) {
          const id = await storeDeadLetter(options.dataSource, {
            consumerGroup: groupId,
            message,
            reason,
            attempts: attempt,
          });
          logger.error(
            { ...where, attempts: attempt, deterministic, deadLetterId: id, reason },
            'message moved to dead letters',
          );
          return;
        }
        const retryInMs = cappedBackoffMs(attempt - 1, { baseMs: backoffMs, maxMs: maxBackoffMs });
        logger.warn({ ...where, attempt, retryInMs, reason }, 'message handling failed; retrying');
        await context.heartbeat();
        // Aborted (rebalance, closing): give up the batch with the reason the bus gave.
        await sleep(retryInMs, undefined, { signal: context.signal }).catch((error: unknown) => {
          context.signal.throwIfAborted();
          throw error;
        });
      }
    }
  }

  return async (batch, context) => {
    for (const message of batch.messages) {
      await handleWithRetries(message, context);
      await context.heartbeat();
    }
  };
}

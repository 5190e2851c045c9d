import type { DataSource } from 'typeorm';
import type { BatchContext, MessageBatch, ReceivedMessage } from '@coldreach/events';
import type { Logger } from '@coldreach/observability';
import { createMessageHandler } from './message-handler';

export interface BatchMessageHandlerOptions {
  groupId: string;
  /** Holds the consumer's `dead_letters` table. */
  dataSource: DataSource;
  logger: Logger;
  /** Applies messages in order, all or nothing (one transaction); must be idempotent. */
  handle: (messages: readonly ReceivedMessage[]) => Promise<void>;
  /** Attempts per message once a batch has failed. Default 5. */
  maxAttempts?: number;
}

/**
 * A `handleBatch` that applies a whole batch at once (one transaction, one statement where it can:
 * the throughput path) and, when that fails, goes through the batch message by message with
 * retries, so one poison message ends in the dead letters instead of stalling its partition.
 */
export function createBatchMessageHandler(
  options: BatchMessageHandlerOptions,
): (batch: MessageBatch, context: BatchContext) => Promise<void> {
  const oneByOne = createMessageHandler({
    groupId: options.groupId,
    dataSource: options.dataSource,
    logger: options.logger,
    maxAttempts: options.maxAttempts,
    handle: (message) => options.handle([message]),
  });
  return async (batch, context) => {
    try {
      await options.handle(batch.messages);
    } catch (error) {
      context.signal.throwIfAborted();
      options.logger.warn(
        { groupId: options.groupId, topic: batch.topic, partition: batch.partition, err: error },
        'batch failed; handling its messages one by one',
      );
      await oneByOne(batch, context);
    }
  };
}

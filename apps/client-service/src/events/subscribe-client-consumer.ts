import type { BucketShardSet } from '@coldreach/db';
import type { EventBus, ReceivedMessage, Subscription } from '@coldreach/events';
import type { Logger } from '@coldreach/observability';
import { createBatchMessageHandler } from '@coldreach/outbox';

/** What every consumer of this service is given. */
export interface ClientConsumerOptions {
  /**
   * The client shards (see clientMigrations): each records the events it applied in its
   * processed_events; the first shard's dead_letters holds the messages given up on.
   */
  shards: BucketShardSet;
  bus: EventBus;
  logger: Logger;
  /** Attempts per message, once its batch failed, before it goes to the dead letters. Default 5. */
  maxAttempts?: number;
  clock?: () => Date;
}

/**
 * Subscribes one of this service's consumers to `topic` from the beginning (a new group starts with
 * what happened before it existed). `apply` takes a whole batch in a few statements (the throughput
 * path) and must be idempotent; when it fails the batch is retried message by message, so only an
 * invalid message goes to the dead letters and its partition goes on.
 */
export function subscribeClientConsumer(
  options: ClientConsumerOptions,
  consumer: {
    groupId: string;
    topic: string;
    apply: (messages: readonly ReceivedMessage[]) => Promise<void>;
    gather?: { minBytes: number; maxWaitMs: number };
  },
): Promise<Subscription> {
  return options.bus.subscribe({
    groupId: consumer.groupId,
    topics: [consumer.topic],
    fromBeginning: true,
    gather: consumer.gather,
    handleBatch: createBatchMessageHandler({
      groupId: consumer.groupId,
      dataSource: options.shards.shards[0]!,
      logger: options.logger,
      maxAttempts: options.maxAttempts,
      handle: consumer.apply,
    }),
  });
}

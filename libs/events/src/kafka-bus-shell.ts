import type { Logger } from '@coldreach/observability';
import type { EventBus, EventMessage, SubscribeOptions, Subscription, TopicSpec } from './event-bus';
import { watchConsumerLag, type ReadGroupOffsets } from './kafka-consumer-lag';
import { traceBatches } from './message-tracing';

/** A started consumer of one subscription, as a Kafka client library provides it. */
export interface KafkaClientSubscription {
  /** Lets the batches in flight finish and commit, then leaves the group. */
  close(): Promise<void>;
  /** The group's offsets on a topic, for the consumer lag metric. */
  read: ReadGroupOffsets;
}

/** What one Kafka client library does for the bus; every name here is already namespaced. */
export interface KafkaClient {
  /** Creates the missing topics among these (another process creating them meanwhile is fine). */
  ensureTopics(specs: TopicSpec[]): Promise<void>;
  /** Publishes with acks=all, murmur2-partitioned; a failed publish leaves the producer ready for the next. */
  publish(topic: string, messages: EventMessage[]): Promise<void>;
  /** Resolves once the consumer joined its group and fetched; `onFatal` when it stops for good. */
  subscribe(
    subscribe: SubscribeOptions,
    onFatal: (error: Error, groupId: string) => void,
  ): Promise<KafkaClientSubscription>;
  /** Closes the producer and admin connections (subscriptions are closed before). */
  close(): Promise<void>;
}

/**
 * The event bus on a Kafka client: the namespace, tracing, the consumer lag metric, onFatal and
 * close — the same whichever library (kafkajs, @platformatic/kafka) talks to the broker.
 */
export function kafkaBusOn(client: KafkaClient, options: { logger: Logger; namespace?: string }): EventBus {
  const { logger } = options;
  const prefix = options.namespace ? `${options.namespace}.` : '';
  const qualified = (name: string) => prefix + name;
  const plain = (name: string) => (prefix && name.startsWith(prefix) ? name.slice(prefix.length) : name);
  const subscriptions = new Set<Subscription>();
  const fatalListeners: ((error: Error) => void)[] = [];
  let closed = false;

  function assertOpen(): void {
    if (closed) throw new Error('the event bus is closed');
  }

  function fatal(error: Error, groupId: string): void {
    logger.error({ groupId, err: error }, 'event consumer crashed and its Kafka client will not restart it');
    for (const listener of fatalListeners) {
      try {
        listener(error);
      } catch (listenerError) {
        logger.error({ groupId, err: listenerError }, 'an onFatal listener threw');
      }
    }
  }

  return {
    async ensureTopics(specs: TopicSpec[]): Promise<void> {
      assertOpen();
      await client.ensureTopics(specs.map((spec) => ({ ...spec, name: qualified(spec.name) })));
    },

    async publish(topic: string, messages: EventMessage[]): Promise<void> {
      assertOpen();
      if (messages.length === 0) return;
      try {
        await client.publish(qualified(topic), messages);
      } catch (error) {
        throw new Error(
          `publishing ${messages.length} message(s) to ${topic} failed: ${(error as Error).message}`,
          { cause: error },
        );
      }
    },

    async subscribe(subscribe: SubscribeOptions): Promise<Subscription> {
      assertOpen();
      // Spans name the topic and group as the code knows them, without the namespace.
      const handleBatch = traceBatches(subscribe.handleBatch, subscribe.groupId);
      const started = await client.subscribe(
        {
          ...subscribe,
          groupId: qualified(subscribe.groupId),
          topics: subscribe.topics.map(qualified),
          handleBatch: (batch, context) =>
            handleBatch(
              {
                ...batch,
                topic: plain(batch.topic),
                messages: batch.messages.map((message) => ({ ...message, topic: plain(message.topic) })),
              },
              context,
            ),
        },
        fatal,
      );
      if (closed) {
        // The bus closed while this consumer was joining; it must not outlive the bus.
        await started.close();
        throw new Error('the event bus is closed');
      }
      const stopLag = watchConsumerLag({
        read: started.read,
        groupId: qualified(subscribe.groupId),
        topics: subscribe.topics.map(qualified),
        plain,
      });
      const subscription: Subscription = {
        close: async () => {
          subscriptions.delete(subscription);
          stopLag();
          await started.close();
        },
      };
      subscriptions.add(subscription);
      return subscription;
    },

    onFatal(listener: (error: Error) => void): void {
      fatalListeners.push(listener);
    },

    async close(): Promise<void> {
      closed = true;
      await Promise.all([...subscriptions].map((subscription) => subscription.close()));
      await client.close();
    },
  };
}

/**
 * A subscription's start (joined and fetched) to wait for, which a crash may fail before anyone
 * awaits it: that early rejection is not an unhandled one.
 */
export function startLatch(): { started: Promise<void>; ok(): void; failed(error: Error): void } {
  let ok!: () => void;
  let failed!: (error: Error) => void;
  const started = new Promise<void>((resolve, reject) => {
    ok = resolve;
    failed = reject;
  });
  started.catch(() => undefined);
  return { started, ok, failed };
}

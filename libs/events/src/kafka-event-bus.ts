import type { Logger } from '@coldreach/observability';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import type { EventBus, EventMessage, SubscribeOptions, Subscription, TopicSpec } from './event-bus';
import { watchConsumerLag } from './kafka-consumer-lag';
import { createKafkaLogCreator } from './kafka-log-creator';
import { startKafkaSubscription } from './kafka-subscription';
import { traceBatches } from './message-tracing';

export interface KafkaEventBusOptions {
  brokers: string[];
  clientId: string;
  logger: Logger;
  /** Wait before a failed batch is delivered again. Default 1000 ms. */
  retryBackoffMs?: number;
  /** Replication factor of the topics `ensureTopics` creates. Default 1 (a single broker). */
  replicationFactor?: number;
  /** A member silent this long leaves its group (must lie within the broker's bounds). Default 30 s. */
  sessionTimeoutMs?: number;
  /** Partitions of one consumer whose batches are handled at the same time. Default 3. */
  partitionsConsumedConcurrently?: number;
  /** Connect with TLS (managed brokers such as MSK serve TLS only). Default false. */
  tls?: boolean;
  /**
   * Prefixes every topic and consumer group (`<namespace>.email.commands`), so several deployments
   * or test runs can share one cluster without reading each other's messages. Callers keep using the
   * plain names; received messages carry them too. Default: none.
   */
  namespace?: string;
}

/**
 * The event bus on Kafka (kafkajs): an idempotent producer with acks=all and Kafka's murmur2
 * partitioner, one consumer per subscription, topics created by `ensureTopics`.
 */
export function createKafkaEventBus(options: KafkaEventBusOptions): EventBus {
  const { logger } = options;
  const prefix = options.namespace ? `${options.namespace}.` : '';
  const qualified = (name: string) => prefix + name;
  const plain = (name: string) => (prefix && name.startsWith(prefix) ? name.slice(prefix.length) : name);
  const kafka = new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    ssl: options.tls ?? false,
    logLevel: logLevel.WARN,
    logCreator: createKafkaLogCreator(logger),
  });
  const producer = lazily(() =>
    kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
      allowAutoTopicCreation: false,
      // Bounded (about 10 s of backoff) so publish fails rather than hangs while the broker is away.
      retry: { retries: 5 },
    }),
  );
  const admin = lazily(() => kafka.admin());
  const subscriptions = new Set<Subscription>();
  const fatalListeners: ((error: Error) => void)[] = [];
  let closed = false;

  function assertOpen(): void {
    if (closed) throw new Error('the event bus is closed');
  }

  function fatal(error: Error, groupId: string): void {
    logger.error({ groupId, err: error }, 'event consumer crashed and kafkajs will not restart it');
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
      const client = await admin.get();
      const existing = new Set(await client.listTopics());
      const missing = new Map(
        specs
          .map((spec) => ({ ...spec, name: qualified(spec.name) }))
          .filter((spec) => !existing.has(spec.name))
          .map((spec) => [spec.name, spec]),
      );
      if (missing.size === 0) return;
      // Another process creating the same topics meanwhile is fine: kafkajs ignores TOPIC_ALREADY_EXISTS.
      await client.createTopics({
        waitForLeaders: true,
        topics: [...missing.values()].map((spec) => ({
          topic: spec.name,
          numPartitions: spec.partitions,
          replicationFactor: options.replicationFactor ?? 1,
        })),
      });
    },

    async publish(topic: string, messages: EventMessage[]): Promise<void> {
      assertOpen();
      if (messages.length === 0) return;
      const client = await producer.get();
      try {
        await client.send({
          topic: qualified(topic),
          acks: -1,
          messages: messages.map((message) => ({
            key: message.key,
            value: Buffer.from(message.value.buffer, message.value.byteOffset, message.value.byteLength),
            headers: message.headers,
          })),
        });
      } catch (error) {
        // After a failed send an idempotent producer's sequence numbers may be out of step with the
        // broker's; the next publish gets a new producer id and starts clean.
        producer.discard(client).catch((disconnectError: unknown) => {
          logger.debug({ err: disconnectError }, 'disconnecting a failed producer failed');
        });
        throw new Error(
          `publishing ${messages.length} message(s) to ${topic} failed: ${(error as Error).message}`,
          {
            cause: error,
          },
        );
      }
    },

    async subscribe(subscribe: SubscribeOptions): Promise<Subscription> {
      assertOpen();
      // Spans name the topic and group as the code knows them, without the namespace.
      const handleBatch = traceBatches(subscribe.handleBatch, subscribe.groupId);
      const started = await startKafkaSubscription(
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
        {
          kafka,
          logger,
          retryBackoffMs: options.retryBackoffMs ?? 1000,
          sessionTimeoutMs: options.sessionTimeoutMs ?? 30_000,
          partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 3,
          onFatal: fatal,
        },
      );
      if (closed) {
        // The bus closed while this consumer was joining; it must not outlive the bus.
        await started.close();
        throw new Error('the event bus is closed');
      }
      const stopLag = watchConsumerLag({
        admin: admin.get,
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
      await Promise.all([producer.discard(), admin.discard()]);
    },
  };
}

/** A client connected on first use, and replaced after `discard`. */
function lazily<T extends { connect(): Promise<void>; disconnect(): Promise<void> }>(create: () => T) {
  let current: { client: T; connected: Promise<T> } | undefined;
  return {
    get(): Promise<T> {
      if (!current) {
        const client = create();
        const entry = { client, connected: client.connect().then(() => client) };
        current = entry;
        // A failed connect is not kept: the next call tries again.
        entry.connected.catch(() => {
          if (current === entry) current = undefined;
        });
      }
      return current.connected;
    },
    /** Disconnects the current client (only if it is still `client`, when given). */
    async discard(client?: T): Promise<void> {
      const entry = current;
      if (!entry || (client && entry.client !== client)) return;
      current = undefined;
      await entry.connected.then(
        () => entry.client.disconnect(),
        () => undefined,
      );
    },
  };
}

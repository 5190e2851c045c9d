import type { Logger } from '@coldreach/observability';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import type { EventBus, EventMessage, SubscribeOptions, TopicSpec } from './event-bus';
import { kafkaBusOn, type KafkaClient, type KafkaClientSubscription } from './kafka-bus-shell';
import { kafkajsGroupOffsets } from './kafka-consumer-lag';
import { createKafkaLogCreator } from './kafka-log-creator';
import { kafkajsSecurity, resolveKafkaSecurity, type KafkaSasl } from './kafka-security';
import { startKafkaSubscription } from './kafka-subscription';
import type * as PlatformaticClientModule from './platformatic-client';

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
  /** Connect with TLS (managed brokers such as MSK serve TLS only). Default: KAFKA_TLS, else false. */
  tls?: boolean;
  /** SASL login (MSK with SCRAM). Default: KAFKA_SASL_* (kafkaSecurityFromEnv), else none. */
  sasl?: KafkaSasl;
  /**
   * Prefixes every topic and consumer group (`<namespace>.email.commands`), so several deployments
   * or test runs can share one cluster without reading each other's messages. Callers keep using the
   * plain names; received messages carry them too. Default: none.
   */
  namespace?: string;
  /** The client library; default EVENTS_KAFKA_CLIENT, else kafkajs. */
  client?: KafkaClientName;
}

/** Which library talks to Kafka: kafkajs (the default) or @platformatic/kafka (under evaluation). */
export type KafkaClientName = 'kafkajs' | 'platformatic';

/** The client EVENTS_KAFKA_CLIENT names (kafkajs when unset); anything else is a configuration error. */
export function kafkaClientFromEnv(env: NodeJS.ProcessEnv = process.env): KafkaClientName {
  const name = env.EVENTS_KAFKA_CLIENT || 'kafkajs';
  if (name !== 'kafkajs' && name !== 'platformatic') {
    throw new Error(`EVENTS_KAFKA_CLIENT must be kafkajs or platformatic, not ${name}`);
  }
  return name;
}

/**
 * The event bus on Kafka: an idempotent producer with acks=all and Kafka's murmur2 partitioner, one
 * consumer per subscription, topics created by `ensureTopics`. The client library is `options.client`,
 * else EVENTS_KAFKA_CLIENT, else kafkajs; both pass the same contract suite.
 */
export function createKafkaEventBus(options: KafkaEventBusOptions): EventBus {
  const client =
    (options.client ?? kafkaClientFromEnv()) === 'platformatic'
      ? loadPlatformaticClient(options)
      : createKafkajsClient(options);
  return kafkaBusOn(client, options);
}

/**
 * The @platformatic/kafka client, its module loaded only when chosen: loading it takes about half a
 * second (540 ms here), which every service, and `npm start` (which never talks to Kafka), would
 * otherwise pay at startup.
 */
function loadPlatformaticClient(options: KafkaEventBusOptions): KafkaClient {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a synchronous, deferred load
  const module = require('./platformatic-client') as typeof PlatformaticClientModule;
  return module.createPlatformaticClient(options);
}

/** The bus's work done with kafkajs. */
function createKafkajsClient(options: KafkaEventBusOptions): KafkaClient {
  const { logger } = options;
  const kafka = new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    ...kafkajsSecurity(resolveKafkaSecurity(options)),
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

  return {
    async ensureTopics(specs: TopicSpec[]): Promise<void> {
      const client = await admin.get();
      const existing = new Set(await client.listTopics());
      const missing = new Map(
        specs.filter((spec) => !existing.has(spec.name)).map((spec) => [spec.name, spec]),
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
      const client = await producer.get();
      try {
        await client.send({
          topic,
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
        throw error;
      }
    },

    async subscribe(subscribe: SubscribeOptions, onFatal): Promise<KafkaClientSubscription> {
      const started = await startKafkaSubscription(subscribe, {
        kafka,
        logger,
        retryBackoffMs: options.retryBackoffMs ?? 1000,
        sessionTimeoutMs: options.sessionTimeoutMs ?? 30_000,
        partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 3,
        onFatal,
      });
      return { close: started.close, read: kafkajsGroupOffsets(admin.get, subscribe.groupId) };
    },

    async close(): Promise<void> {
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

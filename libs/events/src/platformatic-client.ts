import { Admin, ProduceAcks, Producer, stringSerializer } from '@platformatic/kafka';
import type { EventMessage, TopicSpec } from './event-bus';
import type { KafkaClient } from './kafka-bus-shell';
import type { KafkaEventBusOptions } from './kafka-event-bus';
import { platformaticSecurity, resolveKafkaSecurity } from './kafka-security';
import { startPlatformaticSubscription } from './platformatic-subscription';
import { javaCompatiblePartition } from './platformatic-partitioner';

// How long a new topic's partitions may take to get leaders (a broker under load is slow at it).
const leadersTimeoutMs = 30_000;

/** Waits until every partition of `topics` has a leader, so a publish right after finds one (kafkajs' waitForLeaders). */
async function leadersOf(admin: Admin, topics: string[]): Promise<void> {
  const deadline = Date.now() + leadersTimeoutMs;
  for (;;) {
    const metadata = await admin.metadata({ topics, forceUpdate: true }).catch(() => undefined);
    const ready = topics.every((name) => {
      const topic = metadata?.topics.get(name);
      return (
        topic && topic.partitions.length > 0 && topic.partitions.every((partition) => partition.leader >= 0)
      );
    });
    if (ready) return;
    if (Date.now() > deadline)
      throw new Error(`the partitions of ${topics.join(', ')} got no leader in time`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Connection options every @platformatic/kafka client of one bus shares. */
export function platformaticConnection(options: KafkaEventBusOptions) {
  return {
    clientId: options.clientId,
    bootstrapBrokers: options.brokers,
    ...platformaticSecurity(resolveKafkaSecurity(options)),
    // Topics come from ensureTopics with their partition counts, never from a typo.
    autocreateTopics: false,
  };
}

/**
 * The bus's work done with @platformatic/kafka (pure JavaScript, maintained; under evaluation as the
 * successor of kafkajs, chosen with EVENTS_KAFKA_CLIENT=platformatic). Not the default.
 */
export function createPlatformaticClient(options: KafkaEventBusOptions): KafkaClient {
  const { logger } = options;
  const connection = platformaticConnection(options);
  let producer: Producer<Buffer, Buffer, string, string> | undefined;
  const producerNow = () =>
    (producer ??= new Producer({
      ...connection,
      idempotent: true,
      acks: ProduceAcks.ALL,
      partitioner: (_message, key) => javaCompatiblePartition(key),
      serializers: { headerKey: stringSerializer, headerValue: stringSerializer },
      // Bounded (about 5 s of backoff) so publish fails rather than hangs while the broker is away.
      retries: 5,
      retryDelay: 1000,
    }));
  let admin: Admin | undefined;
  const adminNow = () => (admin ??= new Admin(connection));

  return {
    async ensureTopics(specs: TopicSpec[]): Promise<void> {
      const existing = new Set(await adminNow().listTopics());
      const missing = specs.filter((spec) => !existing.has(spec.name));
      if (missing.length === 0) return;
      try {
        await adminNow().createTopics({
          topics: missing.map((spec) => ({
            topic: spec.name,
            partitions: spec.partitions,
            replicas: options.replicationFactor ?? 1,
          })),
        });
      } catch (error) {
        // Another process may have created them meanwhile: only topics still missing are a failure.
        const now = new Set(await adminNow().listTopics());
        if (missing.some((spec) => !now.has(spec.name))) throw error;
      }
      await leadersOf(
        adminNow(),
        missing.map((spec) => spec.name),
      );
    },

    async publish(topic: string, messages: EventMessage[]): Promise<void> {
      const client = producerNow();
      try {
        await client.send({
          messages: messages.map((message) => ({
            topic,
            key: Buffer.from(message.key),
            value: Buffer.from(message.value.buffer, message.value.byteOffset, message.value.byteLength),
            headers: message.headers,
          })),
        });
      } catch (error) {
        // After a failed send an idempotent producer's sequence numbers may be out of step with the
        // broker's; the next publish gets a new producer id and starts clean.
        if (producer === client) producer = undefined;
        client.close().catch((closeError: unknown) => {
          logger.debug({ err: closeError }, 'closing a failed producer failed');
        });
        throw error;
      }
    },

    subscribe: (subscribe, onFatal) =>
      startPlatformaticSubscription(subscribe, {
        connection,
        logger,
        retryBackoffMs: options.retryBackoffMs ?? 1000,
        sessionTimeoutMs: options.sessionTimeoutMs ?? 30_000,
        partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 3,
        onFatal,
      }),

    async close(): Promise<void> {
      await Promise.all([producer?.close(), admin?.close()]);
      producer = undefined;
      admin = undefined;
    },
  };
}

import type { Logger } from '@coldreach/observability';
import type { EventBus } from './event-bus';
import { createKafkaEventBus } from './kafka-event-bus';

/** The Kafka fields every service's config hands over (its KAFKA_* variables, camelCase). */
export interface ServiceKafkaConfig {
  kafkaBrokers: string[];
  kafkaTls: boolean;
  kafkaNamespace?: string | undefined;
  kafkaReplicationFactor: number;
  kafkaSessionTimeoutMs?: number | undefined;
}

/** A service process's Kafka bus from its config, named `clientId` in the broker's logs. */
export function createServiceKafkaBus(
  config: ServiceKafkaConfig,
  clientId: string,
  logger: Logger,
): EventBus {
  return createKafkaEventBus({
    brokers: config.kafkaBrokers,
    tls: config.kafkaTls,
    namespace: config.kafkaNamespace,
    replicationFactor: config.kafkaReplicationFactor,
    ...(config.kafkaSessionTimeoutMs !== undefined && { sessionTimeoutMs: config.kafkaSessionTimeoutMs }),
    clientId,
    logger,
  });
}

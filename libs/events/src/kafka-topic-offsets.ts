import type { Logger } from '@coldreach/observability';
import { Kafka, logLevel } from 'kafkajs';
import { createKafkaLogCreator } from './kafka-log-creator';
import { kafkajsSecurity, resolveKafkaSecurity, type KafkaSasl } from './kafka-security';

export interface KafkaTopicOffsetsOptions {
  brokers: string[];
  clientId: string;
  logger: Logger;
  tls?: boolean;
  sasl?: KafkaSasl;
  /** As for createKafkaEventBus: topics and groups are `<namespace>.<name>` on the cluster. */
  namespace?: string;
}

/** One partition's retained range: the first offset kept (`low`) and the next one to be written (`high`). */
export interface PartitionRange {
  partition: number;
  low: bigint;
  high: bigint;
}

export interface KafkaTopicOffsets {
  /** Every partition's retained range, per topic (plain names, as the bus takes them). */
  ranges(topics: readonly string[]): Promise<Map<string, PartitionRange[]>>;
  /** Removes consumer groups (and their committed offsets) that are done, e.g. a one-off replay's. */
  deleteGroups(groupIds: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * Reads where Kafka topics end, for tools that replay a topic from the beginning and must know when
 * they have caught up (the analytics rebuild). The event bus itself never needs it.
 */
export function createKafkaTopicOffsets(options: KafkaTopicOffsetsOptions): KafkaTopicOffsets {
  const prefix = options.namespace ? `${options.namespace}.` : '';
  const kafka = new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    ...kafkajsSecurity(resolveKafkaSecurity(options)),
    logLevel: logLevel.WARN,
    logCreator: createKafkaLogCreator(options.logger),
  });
  const admin = kafka.admin();
  let connected: Promise<void> | undefined;
  const ready = () => (connected ??= admin.connect());

  return {
    async ranges(topics) {
      await ready();
      const ranges = new Map<string, PartitionRange[]>();
      for (const topic of topics) {
        const offsets = await admin.fetchTopicOffsets(prefix + topic);
        ranges.set(
          topic,
          offsets
            .map((entry) => ({
              partition: entry.partition,
              low: BigInt(entry.low),
              high: BigInt(entry.high),
            }))
            .sort((a, b) => a.partition - b.partition),
        );
      }
      return ranges;
    },
    async deleteGroups(groupIds) {
      await ready();
      await admin.deleteGroups(groupIds.map((groupId) => prefix + groupId));
    },
    async close() {
      if (connected) await admin.disconnect();
    },
  };
}

import type { Admin } from 'kafkajs';
import { defineCollectedGauge } from '@coldreach/observability';

const consumerLag = defineCollectedGauge({
  name: 'coldreach_kafka_consumer_lag',
  help: 'Messages of a partition its consumer group has not committed yet (high watermark − committed offset)',
  labelNames: ['group', 'topic', 'partition'],
});

// A broker that does not answer must not hold the whole scrape past Prometheus' timeout.
const lagTimeoutMs = 5000;

/** Where a group stands on one partition: the retained range and its committed offset (-1: none). */
export interface GroupPartitionOffsets {
  partition: number;
  low: bigint;
  high: bigint;
  committed: bigint;
}

/** Reads a group's offsets on one topic from the broker (whichever client the bus uses). */
export type ReadGroupOffsets = (topic: string) => Promise<GroupPartitionOffsets[]>;

/** The group's offsets on a topic through a kafkajs admin client. */
export function kafkajsGroupOffsets(admin: () => Promise<Admin>, groupId: string): ReadGroupOffsets {
  return async (topic) => {
    const client = await admin();
    const [ends, [committed]] = await Promise.all([
      client.fetchTopicOffsets(topic),
      client.fetchOffsets({ groupId, topics: [topic] }),
    ]);
    const offsets = new Map(committed?.partitions.map((p) => [p.partition, BigInt(p.offset)]));
    return ends.map((end) => ({
      partition: end.partition,
      low: BigInt(end.low),
      high: BigInt(end.high),
      committed: offsets.get(end.partition) ?? -1n,
    }));
  };
}

/**
 * Reports the lag of `groupId` on each partition of `topics` on every scrape (asking the broker
 * then, through `read`), until the returned function is called. Labels carry the plain names,
 * without the deployment's namespace.
 */
export function watchConsumerLag(options: {
  read: ReadGroupOffsets;
  groupId: string;
  topics: readonly string[];
  plain: (name: string) => string;
}): () => void {
  const { groupId, plain } = options;
  return consumerLag.addSource(async (set) => {
    const read = Promise.all(
      options.topics.map(async (topic) => {
        for (const offsets of await options.read(topic)) {
          // -1: nothing committed yet, so everything still retained is waiting.
          const from = offsets.committed < 0n ? offsets.low : offsets.committed;
          const lag = offsets.high > from ? Number(offsets.high - from) : 0;
          set({ group: plain(groupId), topic: plain(topic), partition: String(offsets.partition) }, lag);
        }
      }),
    );
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('the consumer lag took too long to read')), lagTimeoutMs);
    });
    try {
      await Promise.race([read, timeout]);
    } finally {
      clearTimeout(timer);
    }
  });
}

import type { Admin } from 'kafkajs';
import { defineCollectedGauge } from '@coldreach/observability';

const consumerLag = defineCollectedGauge({
  name: 'coldreach_kafka_consumer_lag',
  help: 'Messages of a partition its consumer group has not committed yet (high watermark − committed offset)',
  labelNames: ['group', 'topic', 'partition'],
});

// A broker that does not answer must not hold the whole scrape past Prometheus' timeout.
const lagTimeoutMs = 5000;

/**
 * Reports the lag of `groupId` on each partition of `topics` on every scrape (asking the broker
 * then, through the bus's admin client), until the returned function is called. Labels carry the
 * plain names, without the deployment's namespace.
 */
export function watchConsumerLag(options: {
  admin: () => Promise<Admin>;
  groupId: string;
  topics: readonly string[];
  plain: (name: string) => string;
}): () => void {
  const { groupId, plain } = options;
  return consumerLag.addSource(async (set) => {
    const admin = await options.admin();
    const read = Promise.all(
      options.topics.map(async (topic) => {
        const [ends, [committed]] = await Promise.all([
          admin.fetchTopicOffsets(topic),
          admin.fetchOffsets({ groupId, topics: [topic] }),
        ]);
        const offsets = new Map(committed?.partitions.map((p) => [p.partition, Number(p.offset)]));
        for (const end of ends) {
          const offset = offsets.get(end.partition) ?? -1;
          // -1: nothing committed yet, so everything still retained is waiting.
          const from = offset < 0 ? Number(end.low) : offset;
          set(
            { group: plain(groupId), topic: plain(topic), partition: String(end.partition) },
            Math.max(0, Number(end.high) - from),
          );
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

// The limit: kafkajs consuming the same topic with the bus's settings (3 partitions at once, the
// analytics consumer's fetch gathering, explicit offsets committed after every batch) and nothing
// else — no decoding, no database.
import { Kafka, logLevel } from 'kafkajs';

export interface ConsumeResult {
  events: number;
  /** Events per second from the end of the first batch to the end of the last. */
  perSecond: number;
  seconds: number;
}

/** Consumes `topic` (its full Kafka name) from the beginning until `expected` events went by. */
export async function consumeRaw(
  brokers: string[],
  topic: string,
  groupId: string,
  expected: number,
): Promise<ConsumeResult> {
  const kafka = new Kafka({ clientId: 'bench-analytics-raw', brokers, logLevel: logLevel.WARN });
  const consumer = kafka.consumer({
    groupId,
    minBytes: 256 * 1024,
    maxWaitTimeInMs: 250,
    allowAutoTopicCreation: false,
  });
  const clock = createBatchClock(expected);
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      partitionsConsumedConcurrently: 3,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, commitOffsetsIfNecessary, resolveOffset }) => {
        const next = (BigInt(batch.lastOffset()) + 1n).toString();
        await commitOffsetsIfNecessary({
          topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset: next }] }],
        });
        resolveOffset(batch.lastOffset());
        clock.batchDone(batch.messages.length);
      },
    });
    return await clock.done;
  } finally {
    await consumer.disconnect();
  }
}

/** Times batches from the end of the first to the end of the one that reaches `expected` events. */
export function createBatchClock(expected: number) {
  let first: { at: number; events: number } | undefined;
  let events = 0;
  let finish!: (result: ConsumeResult) => void;
  const done = new Promise<ConsumeResult>((resolve) => (finish = resolve));
  return {
    done,
    batchDone(count: number): void {
      events += count;
      const now = performance.now();
      first ??= { at: now, events };
      if (events >= expected && events - count < expected) {
        const seconds = (now - first.at) / 1000;
        finish({ events, seconds, perSecond: (events - first.events) / seconds });
      }
    },
  };
}

// Topic and group chores of the benchmark, outside the measured processes.
import { type Admin, Kafka, logLevel } from 'kafkajs';
import { randomName, waitFor } from '@coldreach/testing';

export function createBenchAdmin(brokers: string[], partitions: number) {
  const kafka = new Kafka({ clientId: 'bench-events-admin', brokers, logLevel: logLevel.WARN });

  // Connected only while needed: an idle kafkajs 2.2.4 connection keeps polling its request queue
  // (https://github.com/tulios/kafkajs/issues/1704), CPU the measured processes would miss.
  async function withAdmin<T>(use: (admin: Admin) => Promise<T>): Promise<T> {
    const admin = kafka.admin();
    await admin.connect();
    try {
      return await use(admin);
    } finally {
      await admin.disconnect();
    }
  }

  return {
    /** Creates a topic with a random name and the benchmark's partition count. */
    async newTopic(): Promise<string> {
      const topic = randomName('bench_events');
      await withAdmin(async (admin) => {
        await admin.createTopics({ topics: [{ topic, numPartitions: partitions }] });
        // kafkajs' own waitForLeaders gives up on a busy broker that still answers "unknown topic"
        // (its retries run out within a few seconds); this waits on the leaders for longer.
        await waitFor(
          async () => {
            const metadata = await admin.fetchTopicMetadata({ topics: [topic] }).catch(() => undefined);
            const found = metadata?.topics[0]?.partitions ?? [];
            return found.length === partitions && found.every((partition) => partition.leader >= 0);
          },
          { timeoutMs: 60_000, intervalMs: 100, what: `leaders for ${topic}` },
        );
      });
      return topic;
    },

    deleteTopics: (topics: string[]) => withAdmin((admin) => admin.deleteTopics({ topics })),

    /** Resolves once `groupId` is Stable with a member, i.e. its consumer has partitions. */
    waitForStableGroup: (groupId: string) =>
      withAdmin((admin) =>
        waitFor(
          async () => {
            const [group] = (await admin.describeGroups([groupId])).groups;
            return group?.state === 'Stable' && group.members.length > 0;
          },
          { timeoutMs: 60_000, intervalMs: 100, what: `consumer group ${groupId}` },
        ),
      ),
  };
}

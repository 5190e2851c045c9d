import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { quoteIdent } from '@coldreach/db';
import type { EventBus, KafkaTopicOffsets, PartitionRange, Subscription } from '@coldreach/events';
import type { Logger } from '@coldreach/observability';
import { startAnalyticsEventsConsumer } from '../events/analytics-events-consumer';
import { analyticsTopics } from '../events/analytics-topics';
import { analyticsTablesSql, liveSchema } from '../persistence/analytics-tables';
import { takeLiveCountersLock } from '../persistence/live-counters-lock';

export interface RebuildAnalyticsOptions {
  /** The analytics database (migrated), the one the live consumer writes. */
  dataSource: DataSource;
  /** A Kafka bus: the rebuild reads every topic from the beginning with a group of its own. */
  bus: EventBus;
  offsets: KafkaTopicOffsets;
  logger: Logger;
  /** One line of progress at a time, for a person watching. */
  progress(line: string): void;
  /** Pause between checks of how far the rebuild got. Default 1000 ms. */
  pollIntervalMs?: number;
  /**
   * Longest the live counting may wait while the rebuild reads the last events; past it the
   * rebuild gives up (nothing swapped, live counting goes on). Default 5 minutes.
   */
  pausedLiveMaxMs?: number;
}

export interface RebuildResult {
  /** Events read from the topics (redeliveries included). */
  eventsRead: number;
}

/**
 * Rebuilds the analytics counters from the topics while the live consumer keeps counting: every
 * topic is replayed from its beginning into a fresh schema until it reaches the topics' ends; then,
 * holding the live-counters lock alone (live batches wait), it reads the ends again, replays up to
 * them, and swaps the fresh schema in for the live one in that same transaction. The live
 * consumer's next batch finds the fresh schema, whose processed ids make redeliveries of what the
 * rebuild already counted do nothing. The topics must still hold every event (see the README).
 */
export async function rebuildAnalytics(options: RebuildAnalyticsOptions): Promise<RebuildResult> {
  const { dataSource, offsets, progress } = options;
  const suffix = randomBytes(6).toString('hex');
  const schema = `analytics_rebuild_${suffix}`;
  const groupId = `analytics-service.rebuild-${suffix}`;
  const topics = analyticsTopics.map((topic) => topic.name);
  const positions = new Map<string, bigint>();
  let eventsRead = 0;

  await dataSource.query(analyticsTablesSql(schema));
  let subscription: Subscription | undefined;
  try {
    subscription = await startAnalyticsEventsConsumer({
      dataSource,
      bus: options.bus,
      logger: options.logger,
      groupId,
      schema,
      onBatchApplied: (batch) => {
        const last = batch.messages[batch.messages.length - 1];
        if (!last) return;
        eventsRead += batch.messages.length;
        positions.set(`${batch.topic}:${batch.partition}`, BigInt(last.offset) + 1n);
      },
    });
    progress(`rebuild: reading ${topics.join(', ')} from the beginning into schema ${schema}`);

    const remaining = (ranges: Map<string, PartitionRange[]>) => {
      let behind = 0n;
      for (const [topic, partitions] of ranges) {
        for (const { partition, low, high } of partitions) {
          const at = positions.get(`${topic}:${partition}`) ?? low;
          if (at < high) behind += high - (at > low ? at : low);
        }
      }
      return behind;
    };
    const catchUp = async (ends: Map<string, PartitionRange[]>, phase: string, deadline = Infinity) => {
      let lastLine = 0;
      for (;;) {
        if (Date.now() > deadline) {
          throw new Error(
            `rebuild gave up: the last events were not read within ${options.pausedLiveMaxMs ?? 300_000} ms; nothing was swapped`,
          );
        }
        const behind = remaining(ends);
        if (Date.now() - lastLine >= 5000 || behind === 0n) {
          progress(`rebuild (${phase}): ${eventsRead} events read, ${behind} to go`);
          lastLine = Date.now();
        }
        if (behind === 0n) return;
        await new Promise((resolve) => setTimeout(resolve, options.pollIntervalMs ?? 1000));
      }
    };

    await catchUp(await offsets.ranges(topics), 'catching up');
    await dataSource.transaction(async (manager) => {
      // From here on no live batch commits until the swap: what it has counted is before these ends.
      await takeLiveCountersLock(manager, 'exclusive');
      const deadline = Date.now() + (options.pausedLiveMaxMs ?? 300_000);
      await catchUp(await offsets.ranges(topics), 'last events, live counting paused', deadline);
      await subscription?.close();
      subscription = undefined;
      const old = quoteIdent(`analytics_replaced_${suffix}`);
      await manager.query(`ALTER SCHEMA ${quoteIdent(liveSchema)} RENAME TO ${old}`);
      await manager.query(`ALTER SCHEMA ${quoteIdent(schema)} RENAME TO ${quoteIdent(liveSchema)}`);
      await manager.query(`DROP SCHEMA ${old} CASCADE`);
    });
    progress(`rebuild: done, ${eventsRead} events read; the rebuilt counters are live`);
    await offsets
      .deleteGroups([groupId])
      .catch((error: unknown) =>
        options.logger.warn({ groupId, err: error }, 'could not delete the rebuild consumer group'),
      );
    return { eventsRead };
  } catch (error) {
    await subscription?.close().catch(() => undefined);
    await dataSource.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`).catch(() => undefined);
    throw error;
  }
}

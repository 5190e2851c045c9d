import type { DataSource } from 'typeorm';
import { queryRows } from '@coldreach/db';
import { defineCollectedGauge } from '@coldreach/observability';

const labelNames = ['service', 'shard'] as const;
const oldestAge = defineCollectedGauge({
  name: 'coldreach_outbox_oldest_unpublished_age_seconds',
  help: 'Age of the oldest event waiting in an outbox for the relay (0 when none waits), by service and shard',
  labelNames,
});
const waiting = defineCollectedGauge({
  name: 'coldreach_outbox_unpublished_events',
  help: 'Events waiting in an outbox for the relay, by service and shard',
  labelNames,
});

// Published rows are deleted, so the table is the unpublished tail (the filter keeps the partial index).
const backlogSql = `SELECT count(*)::int AS count,
  COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)::float8 AS age
  FROM outbox_events WHERE published_at IS NULL`;

/** Reports each shard's outbox backlog on every scrape, until the returned function is called. */
export function watchOutboxBacklog(shards: readonly DataSource[], service: string): () => void {
  const backlog = async (shard: DataSource) => {
    const [row] = await queryRows<{ count: number; age: number }>(shard.manager, backlogSql, []);
    return row ?? { count: 0, age: 0 };
  };
  const each =
    (read: (row: { count: number; age: number }) => number) =>
    async (set: (labels: object, value: number) => void) => {
      await Promise.all(
        shards.map(async (shard, index) => {
          if (shard.isInitialized) set({ service, shard: String(index) }, read(await backlog(shard)));
        }),
      );
    };
  const removers = [oldestAge.addSource(each((row) => row.age)), waiting.addSource(each((row) => row.count))];
  return () => removers.forEach((remove) => remove());
}

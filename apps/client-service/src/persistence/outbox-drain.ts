import { bucketSql } from '@coldreach/db';
import type { DataSource } from 'typeorm';

// Event keys are client and import ids (uuids); a key with a backslash (never written) is skipped
// rather than misread as a bytea escape by bucketSql.
const unpublishedSql = `SELECT count(*)::int AS n FROM outbox_events
  WHERE published_at IS NULL AND strpos(key, chr(92)) = 0 AND ${bucketSql('key')} = ANY($1::smallint[])`;

/**
 * Waits until `shard`'s outbox has published every event keyed into `buckets` (its relay does
 * that), so that once the buckets move, no older event of theirs is still queued on the old shard
 * behind newer ones written on the new shard. Answers how many were still unpublished at the
 * deadline (0: drained).
 */
export async function waitForOutboxDrain(
  shard: DataSource,
  buckets: readonly number[],
  timeoutMs: number,
): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = (await shard.query(unpublishedSql, [buckets])) as { n: number }[];
    if (row!.n === 0 || Date.now() >= deadline) return row!.n;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

import type { DataSource } from 'typeorm';
import { BUCKET_COUNT, initialBucketOwners } from './buckets';
import { copyBucketRows, deleteBucketRows, type BucketedTable } from './mover/table-rows';

/** One version of the bucket map: owners[b] is the index of the shard that owns bucket b. */
export interface BucketMap {
  version: number;
  owners: readonly number[];
}

/** The newest map version on the control shard (0 before the map is seeded): the cheap poll. */
export async function readMapVersion(control: DataSource): Promise<number> {
  const [row] = (await control.query('SELECT max(version) AS version FROM shard_map')) as {
    version: number | null;
  }[];
  return row?.version ?? 0;
}

export async function readBucketMap(control: DataSource): Promise<BucketMap | undefined> {
  const [row] = (await control.query(
    'SELECT version, owners FROM shard_map ORDER BY version DESC LIMIT 1',
  )) as { version: number; owners: number[] }[];
  return row ? { version: row.version, owners: row.owners.map(Number) } : undefined;
}

/**
 * Records `owners` as the next map version unless it already is the newest map. Answers the map
 * now current. Two writers racing for one version: the loser's insert fails on the primary key.
 */
export async function writeBucketMap(control: DataSource, owners: readonly number[]): Promise<BucketMap> {
  const current = await readBucketMap(control);
  if (current && current.owners.every((owner, bucket) => owner === owners[bucket])) return current;
  const version = (current?.version ?? 0) + 1;
  await control.query('INSERT INTO shard_map (version, owners) VALUES ($1, $2::smallint[])', [
    version,
    owners,
  ]);
  return { version, owners };
}

/** Makes `shard`'s bucket_ownership exactly `buckets`. */
export async function setOwnedBuckets(shard: DataSource, buckets: readonly number[]): Promise<void> {
  await shard.query('DELETE FROM bucket_ownership WHERE NOT (bucket = ANY($1::smallint[]))', [buckets]);
  await shard.query(
    'INSERT INTO bucket_ownership (bucket) SELECT unnest($1::smallint[]) ON CONFLICT DO NOTHING',
    [buckets],
  );
}

/**
 * The map of a shard set, seeded on first open: every bucket b on shard b % N. For a power-of-two
 * N that is where the older `hash % N` routing put every row. For any other N (an old 3-shard
 * deployment) it is not, so rows sitting on another shard than their bucket's are moved first
 * (copied, then deleted: a crash part-way repeats the copy on the next start). Ownership rows are
 * written before the map: once the map exists, seeding is over and never runs again (a shard a
 * reshard emptied keeps its empty ownership).
 */
export async function openBucketMap(
  shards: readonly DataSource[],
  tables: readonly BucketedTable[],
): Promise<BucketMap> {
  const control = shards[0]!;
  const existing = await readBucketMap(control);
  if (existing) {
    const highest = Math.max(...existing.owners);
    if (highest >= shards.length) {
      throw new Error(
        `the bucket map (version ${existing.version}) routes buckets to shard ${highest} but only ` +
          `${shards.length} shard databases are configured; the shard list is append-only`,
      );
    }
    return existing;
  }
  const owners = initialBucketOwners(shards.length);
  await moveLegacyRows(shards, tables);
  for (const [index, shard] of shards.entries()) {
    await setOwnedBuckets(
      shard,
      owners.flatMap((owner, bucket) => (owner === index ? [bucket] : [])),
    );
  }
  await control.query(
    'INSERT INTO shard_map (version, owners) VALUES (1, $1::smallint[]) ON CONFLICT DO NOTHING',
    [owners],
  );
  return (await readBucketMap(control))!;
}

async function moveLegacyRows(shards: readonly DataSource[], tables: readonly BucketedTable[]) {
  const count = shards.length;
  // b % N equals hash % N for every key exactly when N divides BUCKET_COUNT.
  if (BUCKET_COUNT % count === 0) return;
  const everyBucket = Array.from({ length: BUCKET_COUNT }, (_, bucket) => bucket);
  for (const [index, source] of shards.entries()) {
    for (const [targetIndex, target] of shards.entries()) {
      if (targetIndex === index) continue;
      const misplaced = `bucket % ${count} = ${targetIndex}`;
      // Parents copied first and deleted last, so foreign keys between the tables always hold.
      for (const table of tables) await copyBucketRows(source, target, table, everyBucket, misplaced);
      for (const table of [...tables].reverse())
        await deleteBucketRows(source, table, everyBucket, misplaced);
    }
  }
}

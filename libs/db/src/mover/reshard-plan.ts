import { BUCKET_COUNT } from '../buckets';

/**
 * The owners after resharding to `shardCount` shards, moving as few buckets as possible: each
 * shard's share is BUCKET_COUNT / shardCount (the remainder to the first shards); a bucket stays
 * where it is while its shard is kept and under its share (buckets already at their canonical
 * place b % shardCount first), and the rest go to b % shardCount when it has room, else to the
 * least loaded shard. From b % N to a multiple of N this gives exactly b % shardCount.
 */
export function planOwners(current: readonly number[], shardCount: number): number[] {
  const share = Array.from(
    { length: shardCount },
    (_, index) => Math.floor(BUCKET_COUNT / shardCount) + (index < BUCKET_COUNT % shardCount ? 1 : 0),
  );
  const load = new Array<number>(shardCount).fill(0);
  const next = new Array<number>(BUCKET_COUNT).fill(-1);
  const keepIf = (test: (bucket: number, owner: number) => boolean) => {
    current.forEach((owner, bucket) => {
      if (next[bucket] === -1 && owner < shardCount && load[owner]! < share[owner]! && test(bucket, owner)) {
        next[bucket] = owner;
        load[owner]!++;
      }
    });
  };
  keepIf((bucket, owner) => bucket % shardCount === owner);
  keepIf(() => true);
  next.forEach((owner, bucket) => {
    if (owner !== -1) return;
    const canonical = bucket % shardCount;
    const target = load[canonical]! < share[canonical]! ? canonical : load.indexOf(Math.min(...load));
    next[bucket] = target;
    load[target]!++;
  });
  return next;
}

/** A set of buckets moved together from one shard to another. */
export interface MoveUnit {
  unit: number;
  source: number;
  target: number;
  buckets: number[];
}

/** The buckets that change owner, grouped by (source, target) into units of at most `unitSize`. */
export function planUnits(current: readonly number[], next: readonly number[], unitSize: number): MoveUnit[] {
  const byPair = new Map<string, { source: number; target: number; buckets: number[] }>();
  current.forEach((source, bucket) => {
    const target = next[bucket]!;
    if (source === target) return;
    const pair = `${source}>${target}`;
    const entry = byPair.get(pair) ?? { source, target, buckets: [] };
    entry.buckets.push(bucket);
    byPair.set(pair, entry);
  });
  const units: MoveUnit[] = [];
  for (const { source, target, buckets } of byPair.values()) {
    for (let start = 0; start < buckets.length; start += unitSize) {
      units.push({ unit: units.length + 1, source, target, buckets: buckets.slice(start, start + unitSize) });
    }
  }
  return units;
}

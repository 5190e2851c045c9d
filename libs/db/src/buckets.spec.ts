import { randomUUID } from 'node:crypto';
import { BUCKET_COUNT, bucketFor, initialBucketOwners } from './buckets';
import { planOwners, planUnits } from './mover/reshard-plan';
import { shardIndexFor } from './shard-set';

describe('virtual buckets', () => {
  const ids = Array.from({ length: 20_000 }, () => randomUUID());

  it.each([1, 2, 4, 8])('the first map of %i shards routes every id as hash %% N did', (shardCount) => {
    const owners = initialBucketOwners(shardCount);
    const differing = ids.filter((id) => owners[bucketFor(id)] !== shardIndexFor(id, shardCount));
    expect(differing).toEqual([]);
  });

  it('does not for 3 shards (those rows are moved when the map is seeded)', () => {
    const owners = initialBucketOwners(3);
    expect(ids.some((id) => owners[bucketFor(id)] !== shardIndexFor(id, 3))).toBe(true);
  });

  it('spreads ids over every bucket', () => {
    expect(new Set(ids.map(bucketFor)).size).toBe(BUCKET_COUNT);
  });
});

describe('planOwners', () => {
  const counts = (owners: number[]) =>
    owners.reduce(
      (perShard, owner) => perShard.set(owner, (perShard.get(owner) ?? 0) + 1),
      new Map<number, number>(),
    );

  it('doubling moves half the buckets, to b % 4', () => {
    const next = planOwners(initialBucketOwners(2), 4);
    expect(next).toEqual(initialBucketOwners(4));
  });

  it('4 → 3 empties shard 3 and moves only its buckets, evenly', () => {
    const current = initialBucketOwners(4);
    const next = planOwners(current, 3);
    expect(next.filter((owner, bucket) => owner !== current[bucket]).length).toBe(256);
    expect([...counts(next)].sort()).toEqual([
      [0, 342],
      [1, 341],
      [2, 341],
    ]);
  });

  it('groups moved buckets into units of one source and target', () => {
    const units = planUnits(initialBucketOwners(2), initialBucketOwners(4), 100);
    expect(units.reduce((sum, unit) => sum + unit.buckets.length, 0)).toBe(512);
    expect(
      units.every((unit) => unit.buckets.length <= 100 && unit.buckets.every((b) => b % 4 === unit.target)),
    ).toBe(true);
  });
});

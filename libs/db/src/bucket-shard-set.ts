import type { EntityManager } from 'typeorm';
import { bucketFor } from './buckets';
import { openBucketMap, readBucketMap, readMapVersion, type BucketMap } from './bucket-map';
import { BucketMovedError, BucketWriteRetriesExhaustedError } from './bucket-moved-error';
import type { BucketedTable } from './mover/table-rows';
import { openShards, type ShardSet } from './shard-set';
import type { DatabaseLocation, OpenDataSourceOptions } from './open-data-source';

/** A shard set routed through the bucket map, with fenced writes and map-checked reads. */
export interface BucketShardSet extends ShardSet {
  /** The map this process routes by (refreshed by polling and when a write meets a moved bucket). */
  readonly map: BucketMap;
  bucketFor(key: string): number;
  /** The buckets the map gives shard `index` (what its part of a fan-out may answer). */
  bucketsOf(index: number, map?: BucketMap): readonly number[];
  /**
   * Runs `write` for each group of `items` in a transaction on the shard owning the group's
   * buckets, after locking their bucket_ownership rows FOR SHARE (a move waits for it, and a write
   * after the move's fence finds the row gone). A group that meets a moved bucket is rolled back
   * and retried on the owner of the refreshed map, with backoff, within a bounded budget.
   */
  writeEach<T>(
    items: readonly T[],
    keyOf: (item: T) => string,
    write: (manager: EntityManager, items: T[], shardIndex: number) => Promise<void>,
  ): Promise<void>;
  /** writeEach for one key, answering what `write` answers. */
  writeTransaction<R>(
    key: string,
    write: (manager: EntityManager, shardIndex: number) => Promise<R>,
  ): Promise<R>;
  /**
   * Runs `read` against the current map; when `settled(result)` is false (a row not found, or
   * always for a fan-out) and the map moved on meanwhile, refreshes it and reads again.
   */
  read<R>(read: (map: BucketMap) => Promise<R>, settled?: (result: R) => boolean): Promise<R>;
  /** Reloads the map if the control shard has a newer version; answers whether it changed. */
  refreshMap(): Promise<boolean>;
}

export interface BucketShardSetOptions extends Omit<OpenDataSourceOptions, 'location'> {
  /** The tables routed by bucket (moved when the legacy layout needs it). */
  tables: readonly BucketedTable[];
  /** How often to poll the map version; 0 turns polling off. */
  pollMs?: number;
  writeRetry?: { attempts: number; firstDelayMs: number; maxDelayMs: number };
}

// About 35 s in all: longer than a unit stays fenced (final sync, verify, switch) on a loaded machine.
const defaultRetry = { attempts: 40, firstDelayMs: 20, maxDelayMs: 1000 };

export async function openBucketShardSet(
  locations: DatabaseLocation[],
  options: BucketShardSetOptions,
): Promise<BucketShardSet> {
  const base = await openShards(locations, options);
  let map: BucketMap;
  try {
    map = await openBucketMap(base.shards, options.tables);
  } catch (error) {
    await base.close();
    throw error;
  }
  const control = base.shards[0]!;
  const retry = options.writeRetry ?? defaultRetry;
  const owned = new Map<number, number[][]>();

  function bucketsOf(index: number, of: BucketMap = map): readonly number[] {
    let perShard = owned.get(of.version);
    if (!perShard) {
      perShard = base.shards.map(() => []);
      of.owners.forEach((owner, bucket) => perShard![owner]!.push(bucket));
      owned.clear();
      owned.set(of.version, perShard);
    }
    return perShard[index] ?? [];
  }

  let refreshing: Promise<boolean> | undefined;
  function refreshMap(): Promise<boolean> {
    refreshing ??= (async () => {
      try {
        if ((await readMapVersion(control)) <= map.version) return false;
        const next = await readBucketMap(control);
        if (!next || next.version <= map.version) return false;
        map = next;
        return true;
      } finally {
        refreshing = undefined;
      }
    })();
    return refreshing;
  }

  const poll =
    (options.pollMs ?? 1000) > 0
      ? setInterval(() => {
          // A failed poll keeps the old map; writes still meet the fence and reads re-check.
          refreshMap().catch(() => undefined);
        }, options.pollMs ?? 1000)
      : undefined;
  poll?.unref();

  const shardIndexOf = (key: string) => map.owners[bucketFor(key)]!;

  async function writeGroup<T>(
    index: number,
    items: T[],
    keyOf: (item: T) => string,
    write: (manager: EntityManager, items: T[], shardIndex: number) => Promise<void>,
  ) {
    const buckets = [...new Set(items.map((item) => bucketFor(keyOf(item))))].sort((a, b) => a - b);
    await base.shards[index]!.transaction(async (manager) => {
      // In bucket order, like every writer, so two batches never wait on each other in a cycle.
      const rows = (await manager.query(
        'SELECT bucket FROM bucket_ownership WHERE bucket = ANY($1::smallint[]) ORDER BY bucket FOR SHARE',
        [buckets],
      )) as { bucket: number }[];
      if (rows.length < buckets.length) {
        const present = new Set(rows.map((row) => Number(row.bucket)));
        throw new BucketMovedError(
          buckets.find((bucket) => !present.has(bucket))!,
          index,
        );
      }
      await write(manager, items, index);
    });
  }

  async function writeEach<T>(
    items: readonly T[],
    keyOf: (item: T) => string,
    write: (manager: EntityManager, items: T[], shardIndex: number) => Promise<void>,
  ): Promise<void> {
    let pending = [...items];
    let delay = retry.firstDelayMs;
    for (let attempt = 1; pending.length > 0; attempt++) {
      const groups = new Map<number, T[]>();
      for (const item of pending) {
        const index = shardIndexOf(keyOf(item));
        const group = groups.get(index);
        if (group) group.push(item);
        else groups.set(index, [item]);
      }
      const outcomes = await Promise.allSettled(
        [...groups].map(([index, group]) => writeGroup(index, group, keyOf, write)),
      );
      const failed = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []));
      const other = failed.find((reason) => !(reason instanceof BucketMovedError));
      if (other !== undefined) throw other;
      const groupList = [...groups.values()];
      pending = outcomes.flatMap((outcome, position) =>
        outcome.status === 'rejected' ? groupList[position]! : [],
      );
      if (pending.length === 0) return;
      if (attempt >= retry.attempts)
        throw new BucketWriteRetriesExhaustedError(attempt, { cause: failed[0] });
      await refreshMap();
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, retry.maxDelayMs);
    }
  }

  return {
    shards: base.shards,
    get map() {
      return map;
    },
    bucketFor,
    bucketsOf,
    indexFor: shardIndexOf,
    shardFor: (key) => base.shards[shardIndexOf(key)]!,
    writeEach,
    async writeTransaction(key, write) {
      let result: Awaited<ReturnType<typeof write>> | undefined;
      await writeEach(
        [key],
        (item) => item,
        async (manager, _items, index) => {
          result = await write(manager, index);
        },
      );
      return result as Awaited<ReturnType<typeof write>>;
    },
    async read(read, settled = () => false) {
      // A few rounds at most: each one needs the map to change under it again.
      for (let round = 0; ; round++) {
        const used = map;
        const result = await read(used);
        if (settled(result)) return result;
        if ((await readMapVersion(control)) === used.version) return result;
        if (round >= 5) throw new Error('the bucket map kept changing during a read; is a reshard looping?');
        await refreshMap();
      }
    },
    refreshMap,
    async close() {
      if (poll) clearInterval(poll);
      await base.close();
    },
  };
}

import type { BucketMap, BucketShardSet, ReadReplicas } from '@coldreach/db';
import type { DataSource } from 'typeorm';

/** The shards' read replicas, as the client store uses them. */
export interface ClientReplicas {
  replicas: ReadReplicas;
  /**
   * How long after this process first routes by a bucket map version its listings stay on the
   * primaries (see mapSettleMsFor).
   */
  mapSettleMs: number;
}

/**
 * A bucket that just moved may not have reached its new shard's replica yet: the mover copies its
 * rows to the target's primary and then switches the map, and the replica only promises to be at
 * most about `maxLagMs + pollIntervalMs` behind that primary. Twice that leaves room for a poll
 * that answered slowly. Measured from when this process first saw the version, which is never
 * before the switch, so no clocks are compared; a process that just started waits it out once too.
 */
export function mapSettleMsFor(maxLagMs: number, pollIntervalMs: number): number {
  return 2 * (maxLagMs + pollIntervalMs);
}

/** Runs a query on whichever data source a shard's read was routed to. */
export type ShardQuery = <T>(run: (db: DataSource) => Promise<T>) => Promise<T>;

/**
 * The (shard, workspace) pairs a write touched, noted once it has committed. A group retried on
 * another shard (its bucket moved) leaves its first shard in too: one needless mark, never a missing one.
 */
export interface WriteNotes {
  add(shardIndex: number, workspaceId: string): void;
  /** Call after the write committed: the workspaces' next listings skip replicas not past it. */
  noteAll(): Promise<void>;
}

export interface ClientReadRouting {
  /** Where shard `index`'s part of a listing of `workspaceId` under `map` runs. */
  listingQuery(map: BucketMap, index: number, workspaceId: string): ShardQuery;
  writeNotes(): WriteNotes;
}

/**
 * Listings (and the exports paged through them) tolerate bounded staleness, so each shard's part
 * goes through its replica; get-by-id, and everything writes and dedup read, stay on the primaries.
 * Without replicas every read is on the primaries and writes note nothing.
 */
export function createClientReadRouting(
  shards: BucketShardSet,
  options: ClientReplicas | undefined,
  now: () => number = Date.now,
): ClientReadRouting {
  const onPrimary = (index: number): ShardQuery => {
    const primary = shards.shards[index] as DataSource;
    return (run) => run(primary);
  };
  if (!options) {
    return {
      listingQuery: (_map, index) => onPrimary(index),
      writeNotes: () => ({ add: () => undefined, noteAll: async () => undefined }),
    };
  }
  const { replicas, mapSettleMs } = options;
  const firstSeen = new Map<number, number>();
  const settled = (map: BucketMap): boolean => {
    let seen = firstSeen.get(map.version);
    if (seen === undefined) {
      seen = now();
      firstSeen.set(map.version, seen);
      // A few versions are plenty: a forgotten one seen again only counts as new (primary reads).
      for (const version of firstSeen.keys()) if (firstSeen.size > 4) firstSeen.delete(version);
    }
    return now() - seen >= mapSettleMs;
  };

  return {
    listingQuery(map, index, workspaceId) {
      if (!settled(map)) return onPrimary(index);
      return (run) => replicas.read(index, workspaceId, run);
    },
    writeNotes() {
      const pairs = new Map<string, [number, string]>();
      return {
        add: (shardIndex, workspaceId) =>
          void pairs.set(`${shardIndex}:${workspaceId}`, [shardIndex, workspaceId]),
        noteAll: async () => {
          await Promise.all(
            [...pairs.values()].map(([shardIndex, workspaceId]) =>
              replicas.noteWrite(shardIndex, workspaceId),
            ),
          );
        },
      };
    },
  };
}

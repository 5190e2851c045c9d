import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { openDataSource, type DatabaseLocation, type OpenDataSourceOptions } from './open-data-source';

/**
 * The shard a key lives on in a plain (unbucketed) shard set: the first 32 bits of its SHA-256,
 * modulo the shard count. Stable across processes and restarts, but the count can never change.
 * A service that must reshard opens a bucketed set instead (openBucketShardSet): keys hash to 1024
 * fixed buckets and a versioned map in the databases places buckets on shards; for a power-of-two
 * count its first map routes exactly like this function.
 */
export function shardIndexFor(key: string, shardCount: number): number {
  return createHash('sha256').update(key).digest().readUInt32BE(0) % shardCount;
}

/** N databases holding one service's rows, routed by key. */
export interface ShardSet {
  readonly shards: readonly DataSource[];
  indexFor(key: string): number;
  shardFor(key: string): DataSource;
  close(): Promise<void>;
}

/** Opens the shards' data sources in order (closing those opened if one fails). */
export async function openShards(
  locations: DatabaseLocation[],
  options: Omit<OpenDataSourceOptions, 'location'>,
): Promise<{ shards: DataSource[]; close(): Promise<void> }> {
  if (locations.length === 0) throw new Error('a shard set needs at least one shard');
  const shards: DataSource[] = [];
  const close = async () => {
    await Promise.all(shards.filter((shard) => shard.isInitialized).map((shard) => shard.destroy()));
  };
  try {
    // One at a time: migrations on PGlite share a single connection anyway.
    for (const location of locations) shards.push(await openDataSource({ ...options, location }));
  } catch (error) {
    await close();
    throw error;
  }
  return { shards, close };
}

/** One database as a shard set of one, for callers that open a single database themselves. */
export function singleShardSet(dataSource: DataSource): ShardSet {
  return {
    shards: [dataSource],
    indexFor: () => 0,
    shardFor: () => dataSource,
    close: () => dataSource.destroy(),
  };
}

export async function openShardSet(
  locations: DatabaseLocation[],
  options: Omit<OpenDataSourceOptions, 'location'>,
): Promise<ShardSet> {
  const { shards, close } = await openShards(locations, options);
  return {
    shards,
    indexFor: (key) => shardIndexFor(key, shards.length),
    shardFor: (key) => shards[shardIndexFor(key, shards.length)] as DataSource,
    close,
  };
}

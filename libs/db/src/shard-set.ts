import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { openDataSource, type DatabaseLocation, type OpenDataSourceOptions } from './open-data-source';

/**
 * The shard a key (a client id) lives on: the first 32 bits of its SHA-256, modulo the shard count.
 * Stable across processes and restarts; changing the count needs the resharding tool.
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

export async function openShardSet(
  locations: DatabaseLocation[],
  options: Omit<OpenDataSourceOptions, 'location'>,
): Promise<ShardSet> {
  if (locations.length === 0) throw new Error('a shard set needs at least one shard');
  const shards: DataSource[] = [];
  try {
    // One at a time: migrations on PGlite share a single connection anyway.
    for (const location of locations) shards.push(await openDataSource({ ...options, location }));
  } catch (error) {
    await Promise.all(shards.map((shard) => shard.destroy()));
    throw error;
  }
  return {
    shards,
    indexFor: (key) => shardIndexFor(key, shards.length),
    shardFor: (key) => shards[shardIndexFor(key, shards.length)] as DataSource,
    async close() {
      await Promise.all(shards.filter((shard) => shard.isInitialized).map((shard) => shard.destroy()));
    },
  };
}

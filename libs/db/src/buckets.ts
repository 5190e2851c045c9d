import { createHash } from 'node:crypto';

/**
 * Keys hash to one of BUCKET_COUNT virtual buckets, fixed forever; a versioned bucket map (see
 * bucket-map.ts) says which physical shard owns each bucket, so resharding moves whole buckets.
 * 1024 is a multiple of every power of two up to itself, so the map `b → b % N` routes every key
 * exactly as the older `shardIndexFor(key, N)` did whenever N is a power of two.
 */
export const BUCKET_COUNT = 1024;

/** The bucket of a key: the first 32 bits of its SHA-256 (big-endian), modulo BUCKET_COUNT. */
export function bucketFor(key: string): number {
  return createHash('sha256').update(key).digest().readUInt32BE(0) % BUCKET_COUNT;
}

/**
 * The same as bucketFor, as an immutable PostgreSQL expression over `column` (usable in a STORED
 * generated column): the low 10 bits of the hash's first four bytes are byte 2's low two bits and
 * byte 3. `column::text::bytea` is the key's UTF-8 text for uuid and plain ASCII keys (a backslash
 * would be read as a bytea escape, so keep keys free of them).
 */
export function bucketSql(column: string): string {
  const hash = `sha256(${column}::text::bytea)`;
  return `(((get_byte(${hash}, 2) & 3) << 8) | get_byte(${hash}, 3))::smallint`;
}

/** The first map of a shard set: bucket b on shard b % shardCount. */
export function initialBucketOwners(shardCount: number): number[] {
  return Array.from({ length: BUCKET_COUNT }, (_, bucket) => bucket % shardCount);
}

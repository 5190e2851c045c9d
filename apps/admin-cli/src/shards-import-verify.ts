import { createHash, type Hash } from 'node:crypto';
import type { ImportSource } from './shards-import-source';
import { rowHash } from './shards-import-sql';
import type { ImportTarget } from './shards-import-target';

/** One shard's side of the verification. */
export interface ShardVerification {
  /** Source rows that route to this shard. */
  sourceRows: number;
  /** md5 over the sorted `id md5(row)` lines of those source rows. */
  sourceChecksum: string;
  /** The same over the rows with those ids that this shard holds. */
  shardChecksum: string;
  /** Rows routed here that are missing or differ here, or that another shard holds too. */
  mismatches: number;
}

/**
 * Reads the whole source again as row hashes, in id order, and compares each row with the shard it
 * routes to (present, equal) and with every other shard (absent): rows are checked one by one, and the
 * per-shard checksums summarise it. Memory stays at one page.
 */
export async function verifyImport(
  source: ImportSource,
  target: ImportTarget,
  pageSize: number,
): Promise<ShardVerification[]> {
  const shardCount = target.shards.shards.length;
  const sides = Array.from({ length: shardCount }, () => ({
    sourceRows: 0,
    source: createHash('md5'),
    shard: createHash('md5'),
    mismatches: 0,
  }));
  let after: string | undefined;
  for (;;) {
    const page = await source.page(target.columns, rowHash, after, pageSize);
    if (page.length === 0) break;
    after = page[page.length - 1]?.id;
    const ids = page.map((row) => row.id);
    const held = await Promise.all(sides.map((_, index) => target.hashes(index, ids)));
    for (const { id, value } of page) {
      const home = target.shards.indexFor(id);
      const side = sides[home] as (typeof sides)[number];
      side.sourceRows += 1;
      addLine(side.source, id, value);
      const copy = held[home]?.get(id);
      if (copy !== undefined) addLine(side.shard, id, copy);
      const elsewhere = held.some((hashes, index) => index !== home && hashes.has(id));
      if (copy !== value || elsewhere) side.mismatches += 1;
    }
  }
  return sides.map((side) => ({
    sourceRows: side.sourceRows,
    sourceChecksum: side.source.digest('hex'),
    shardChecksum: side.shard.digest('hex'),
    mismatches: side.mismatches,
  }));
}

// Pages come in id order, so each shard's lines are hashed sorted by id.
function addLine(hash: Hash, id: string, rowMd5: string): void {
  hash.update(`${id} ${rowMd5}\n`);
}

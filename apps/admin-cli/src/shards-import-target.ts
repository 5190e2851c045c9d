import type { DataSource, EntityManager } from 'typeorm';
import type { DatabaseLocation, ShardSet } from '@coldreach/db';
import { CommandError, describeError } from './cli-errors';
import type { PageRow } from './shards-import-source';
import { hashesByIdStatement, upsertStatement, utcTimeZoneLocal } from './shards-import-sql';

export interface ShardWrites {
  inserted: number;
  updated: number;
}

/** The client shards an import writes to, routed exactly as the Client service routes. */
export interface ImportTarget {
  readonly shards: ShardSet;
  /** The columns copied: those of the shards that the source has too. */
  readonly columns: readonly string[];
  /** Writes a page (rows as jsonb), each shard's part in one transaction; answers what changed per shard. */
  write(rows: readonly PageRow[]): Promise<ShardWrites[]>;
  /** The row hashes shard `shard` holds among `ids`. */
  hashes(shard: number, ids: readonly string[]): Promise<Map<string, string>>;
  count(shard: number): Promise<number>;
  close(): Promise<void>;
}

type WriteGroup<T> = (manager: EntityManager, items: T[], shardIndex: number) => Promise<void>;

/**
 * A shard set whose writes are fenced against a bucket move (the bucketed client shards): each group
 * of keys is written under its buckets' ownership lock and retried on the new owner after a move.
 */
interface FencedShardSet extends ShardSet {
  writeEach?<T>(items: readonly T[], keyOf: (item: T) => string, write: WriteGroup<T>): Promise<void>;
}

/** Opens the client shards (never migrating them; checkImportShards has checked them). */
export async function openImportTarget(
  locations: readonly DatabaseLocation[],
  columns: readonly string[],
): Promise<ImportTarget> {
  // Loaded here only: the other commands need none of the client service.
  const { openClientShards } = await import('@coldreach/client-service');
  let shards: FencedShardSet;
  try {
    shards = await openClientShards([...locations], { migrate: false });
  } catch (error) {
    throw new CommandError(`cannot open the client shards: ${describeError(error)}`);
  }
  return createTarget(shards, columns);
}

function createTarget(shards: FencedShardSet, columns: readonly string[]): ImportTarget {
  const upsert = upsertStatement(columns);
  const hashesById = hashesByIdStatement(columns);
  const shard = (index: number) => shards.shards[index] as DataSource;
  const writeEach =
    shards.writeEach?.bind(shards) ??
    // A plain shard set has no fence: group by shard, one transaction each.
    (async <T>(items: readonly T[], keyOf: (item: T) => string, write: WriteGroup<T>) => {
      const groups = shards.shards.map((): T[] => []);
      for (const item of items) groups[shards.indexFor(keyOf(item))]?.push(item);
      await Promise.all(
        groups.map((group, index) =>
          group.length > 0 ? shard(index).transaction((manager) => write(manager, group, index)) : undefined,
        ),
      );
    });
  return {
    shards,
    columns,
    async write(rows) {
      const writes = shards.shards.map(() => ({ inserted: 0, updated: 0 }));
      await writeEach(
        rows,
        (row) => row.id,
        async (manager, group, index) => {
          const json = `[${group.map((row) => row.value).join(',')}]`;
          const changed = (await manager.query(upsert, [json])) as { inserted: boolean }[];
          const inserted = changed.filter((row) => row.inserted).length;
          const tally = writes[index] as ShardWrites;
          tally.inserted += inserted;
          tally.updated += changed.length - inserted;
        },
      );
      return writes;
    },
    async hashes(index, ids) {
      const rows = (await shard(index).transaction(async (manager) => {
        await manager.query(utcTimeZoneLocal);
        return manager.query(hashesById, [ids]);
      })) as { id: string; value: string }[];
      return new Map(rows.map((row) => [row.id, row.value]));
    },
    async count(index) {
      const [row] = (await shard(index).query('SELECT count(*)::int AS count FROM clients')) as {
        count: number;
      }[];
      return Number(row?.count);
    },
    close: () => shards.close(),
  };
}

import type { ListPosition } from '@coldreach/paging';
import type { DataSource } from 'typeorm';
import type { Client } from '../domain/client';
import type { ListFilter, ListOrder } from '../domain/list-request';
import type { ShardQuery } from './client-read-routing';
import { clientColumns } from './read-queries';
import { rowToClient, type ClientRow } from './record-mapping';

/**
 * Lists a workspace over every shard: each shard answers its first `limit` rows after `after` in
 * `(created_at, id)` order, descending or ascending (the same keyset predicate everywhere), and the
 * global first `limit` rows are among their union. The order is total (ids are unique), so pages
 * never overlap or skip, whichever shards the rows live on. `query` runs a shard's part where it
 * was routed (its primary, or its replica).
 */
export async function listClientsAcrossShards(
  shards: readonly { query: ShardQuery; buckets: readonly number[] }[],
  workspaceId: string,
  filter: ListFilter,
  after: ListPosition | undefined,
  limit: number,
  order: ListOrder = 'newest',
): Promise<Client[]> {
  const perShard = await Promise.all(
    shards
      .filter(({ buckets }) => buckets.length > 0)
      .map(({ query, buckets }) =>
        query((shard) => listOnShard(shard, buckets, workspaceId, filter, after, limit, order)),
      ),
  );
  const compare = order === 'newest' ? newestFirst : (a: Client, b: Client) => newestFirst(b, a);
  return perShard.flat().sort(compare).slice(0, limit);
}

export function newestFirst(a: Client, b: Client): number {
  const byTime = b.createTime.getTime() - a.createTime.getTime();
  if (byTime !== 0) return byTime;
  // Lower-case hex UUIDs compare as strings exactly as PostgreSQL compares uuid values.
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/**
 * One shard's first `limit` rows of the workspace among `buckets` (those the map gives it: a bucket
 * being moved has rows on two shards) after `after` in `(created_at, id)` order. The
 * ORDER BY matches clients_workspace_listing_idx (read backwards for oldest first), so the plan is
 * an index scan that stops after `limit` rows.
 */
async function listOnShard(
  shard: DataSource,
  buckets: readonly number[],
  workspaceId: string,
  filter: ListFilter,
  after: ListPosition | undefined,
  limit: number,
  order: ListOrder,
): Promise<Client[]> {
  const params: unknown[] = [workspaceId];
  const param = (value: unknown) => `$${params.push(value)}`;
  const conditions = ['workspace_id = $1::uuid', `bucket = ANY(${param(buckets)}::smallint[])`];
  if (filter.verificationStatuses.length > 0)
    conditions.push(`verification_status = ANY(${param(filter.verificationStatuses)}::text[])`);
  if (filter.tag) conditions.push(`${param(filter.tag)}::text = ANY(tags)`);
  if (filter.company) conditions.push(`lower(company) = lower(${param(filter.company)}::text)`);
  if (filter.query) {
    const pattern = param(`%${escapeLike(filter.query)}%`);
    conditions.push(
      `(first_name ILIKE ${pattern} ESCAPE '\\' OR last_name ILIKE ${pattern} ESCAPE '\\'
        OR email ILIKE ${pattern} ESCAPE '\\' OR company ILIKE ${pattern} ESCAPE '\\')`,
    );
  }
  if (filter.source)
    conditions.push(`source_url ILIKE ${param(`%${escapeLike(filter.source)}%`)} ESCAPE '\\'`);
  const [direction, beyond] = order === 'newest' ? (['DESC', '<'] as const) : (['ASC', '>'] as const);
  if (after) {
    conditions.push(
      `(created_at, id) ${beyond} (${param(after.time.toISOString())}::timestamptz, ${param(after.key)}::uuid)`,
    );
  }
  const sql = `SELECT ${clientColumns} FROM clients WHERE ${conditions.join(' AND ')}
    ORDER BY created_at ${direction}, id ${direction} LIMIT ${param(limit)}`;
  const rows = (await shard.query(sql, params)) as ClientRow[];
  return rows.map(rowToClient);
}

/** Makes user input match literally inside a LIKE pattern. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

import type { ListPosition } from '@coldreach/paging';
import type { DataSource } from 'typeorm';
import type { Client } from '../domain/client';
import type { ListFilter, ListOrder } from '../domain/list-request';
import { ClientRecord } from './client-record';
import { recordToClient } from './record-mapping';

/**
 * Lists a workspace over every shard: each shard answers its first `limit` rows after `after` in
 * `(created_at, id)` order, descending or ascending (the same keyset predicate everywhere), and the
 * global first `limit` rows are among their union. The order is total (ids are unique), so pages
 * never overlap or skip, whichever shards the rows live on.
 */
export async function listClientsAcrossShards(
  shards: readonly DataSource[],
  workspaceId: string,
  filter: ListFilter,
  after: ListPosition | undefined,
  limit: number,
  order: ListOrder = 'newest',
): Promise<Client[]> {
  const perShard = await Promise.all(
    shards.map((shard) => listOnShard(shard, workspaceId, filter, after, limit, order)),
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

async function listOnShard(
  shard: DataSource,
  workspaceId: string,
  filter: ListFilter,
  after: ListPosition | undefined,
  limit: number,
  order: ListOrder,
): Promise<Client[]> {
  const query = shard
    .getRepository(ClientRecord)
    .createQueryBuilder('c')
    .where('c.workspace_id = CAST(:workspaceId AS uuid)', { workspaceId });
  if (filter.verificationStatuses.length > 0) {
    query.andWhere('c.verification_status = ANY(CAST(:statuses AS text[]))', {
      statuses: filter.verificationStatuses,
    });
  }
  if (filter.tag) query.andWhere('CAST(:tag AS text) = ANY(c.tags)', { tag: filter.tag });
  if (filter.company)
    query.andWhere('lower(c.company) = lower(CAST(:company AS text))', { company: filter.company });
  if (filter.query) {
    query.andWhere(
      `(c.first_name ILIKE :pattern ESCAPE '\\' OR c.last_name ILIKE :pattern ESCAPE '\\'
        OR c.email ILIKE :pattern ESCAPE '\\' OR c.company ILIKE :pattern ESCAPE '\\')`,
      { pattern: `%${escapeLike(filter.query)}%` },
    );
  }
  if (filter.source) {
    query.andWhere(`c.source_url ILIKE :source ESCAPE '\\'`, { source: `%${escapeLike(filter.source)}%` });
  }
  const [direction, beyond] = order === 'newest' ? (['DESC', '<'] as const) : (['ASC', '>'] as const);
  if (after) {
    query.andWhere(
      `(c.created_at, c.id) ${beyond} (CAST(:afterTime AS timestamptz), CAST(:afterId AS uuid))`,
      { afterTime: after.time.toISOString(), afterId: after.key },
    );
  }
  const records = await query
    .orderBy('c.createdAt', direction)
    .addOrderBy('c.id', direction)
    .limit(limit)
    .getMany();
  return records.map(recordToClient);
}

/** Makes user input match literally inside a LIKE pattern. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

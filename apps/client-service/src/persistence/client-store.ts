import { In } from 'typeorm';
import { DomainError, notFound } from '@coldreach/errors';
import { isUniqueViolation, type ShardSet } from '@coldreach/db';
import { limits } from '../domain/validate-client-input';
import type { ClientStore, UpsertDraft } from '../domain/client-store';
import { ClientRecord } from './client-record';
import { listClientsAcrossShards } from './list-clients-query';
import { queryRecords } from './query-records';
import { clientToRecord, fieldColumns, recordToClient } from './record-mapping';
import { upsertRows, upsertStatement } from './upsert-statement';

/**
 * ClientStore over sharded PostgreSQL (or PGlite schemas). A client lives on the shard its id hashes
 * to; every statement is scoped by workspace_id as well as id, so a foreign id is simply not found.
 */
export function createClientStore(shards: ShardSet): ClientStore {
  /** Puts each item in the bucket of the shard its id routes to. */
  function byShard<T>(items: readonly T[], idOf: (item: T) => string): Map<number, T[]> {
    const buckets = new Map<number, T[]>();
    for (const item of items) {
      const index = shards.indexFor(idOf(item));
      const bucket = buckets.get(index);
      if (bucket) bucket.push(item);
      else buckets.set(index, [item]);
    }
    return buckets;
  }
  const shardAt = (index: number) => shards.shards[index] as (typeof shards.shards)[number];

  return {
    async create(client) {
      try {
        await shards.shardFor(client.id).getRepository(ClientRecord).insert(clientToRecord(client));
        return client;
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw new DomainError('already_exists', `a client with email ${client.email} already exists`, {
            violations: [{ field: 'client.email', message: 'already exists in this workspace' }],
          });
        }
        throw error;
      }
    },

    async get(workspaceId, id) {
      const record = await shards.shardFor(id).getRepository(ClientRecord).findOneBy({ workspaceId, id });
      if (!record) throw notFound('client');
      return recordToClient(record);
    },

    async batchGet(workspaceId, ids) {
      const perShard = await Promise.all(
        [...byShard(ids, (id) => id)].map(([index, shardIds]) =>
          shardAt(index)
            .getRepository(ClientRecord)
            .findBy({ workspaceId, id: In(shardIds) }),
        ),
      );
      return perShard.flat().map(recordToClient);
    },

    async update(workspaceId, id, change, now) {
      // On PGlite the transaction holds the only connection: use its manager, never the data source.
      return shards.shardFor(id).transaction(async (manager) => {
        const record = await manager.findOne(ClientRecord, {
          where: { workspaceId, id },
          lock: { mode: 'pessimistic_write' },
        });
        if (!record) throw notFound('client');
        const current = recordToClient(record);
        const columns = fieldColumns(change(current));
        await manager.update(ClientRecord, { workspaceId, id }, { ...columns, updatedAt: now });
        return { ...current, ...columns, updateTime: now };
      });
    },

    async delete(workspaceId, id) {
      const deleted = await queryRecords<{ id: string }>(
        shards.shardFor(id).manager,
        'DELETE FROM clients WHERE workspace_id = $1 AND id = $2 RETURNING id',
        [workspaceId, id],
      );
      if (deleted.length === 0) throw notFound('client');
    },

    async upsert(workspaceId, drafts, now) {
      const inserted = new Map<string, boolean>();
      await Promise.all(
        [...byShard(drafts, (draft: UpsertDraft) => draft.id)].map(([index, shardDrafts]) =>
          shardAt(index).transaction(async (manager) => {
            const rows = await queryRecords<{ id: string; inserted: boolean }>(manager, upsertStatement, [
              upsertRows(shardDrafts),
              workspaceId,
              now.toISOString(),
              limits.tags,
            ]);
            for (const row of rows) inserted.set(row.id, row.inserted);
          }),
        ),
      );
      return inserted;
    },

    list: (workspaceId, filter, after, limit) =>
      listClientsAcrossShards(shards.shards, workspaceId, filter, after, limit),
  };
}

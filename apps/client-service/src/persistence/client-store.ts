import { In } from 'typeorm';
import { DomainError, notFound } from '@coldreach/errors';
import { isUniqueViolation, queryRows, type ShardSet } from '@coldreach/db';
import { writeOutboxEvents } from '@coldreach/outbox';
import { changedFields, fieldKeys } from '../domain/changed-fields';
import { limits } from '../domain/validate-client-input';
import type { ClientStore, UpsertDraft } from '../domain/client-store';
import { ClientRecord } from './client-record';
import {
  clientCreatedEvent,
  clientDeletedEvent,
  clientsImportedEvent,
  clientUpdatedEvent,
} from '../events/client-events';
import { listClientsAcrossShards } from './list-clients-query';
import { clientToRecord, fieldColumns, recordToClient, rowToClient, type ClientRow } from './record-mapping';
import { upsertRows, upsertStatement } from './upsert-statement';

/**
 * ClientStore over sharded PostgreSQL (or PGlite schemas). A client lives on the shard its id hashes
 * to; every statement is scoped by workspace_id as well as id, so a foreign id is simply not found.
 * Each change writes its event to the outbox of the same shard in the same transaction.
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
        // On PGlite a transaction holds the only connection: inside, use its manager, never the data source.
        await shards.shardFor(client.id).transaction(async (manager) => {
          await manager.insert(ClientRecord, clientToRecord(client));
          await writeOutboxEvents(manager, [clientCreatedEvent(client)]);
        });
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
      return shards.shardFor(id).transaction(async (manager) => {
        const record = await manager.findOne(ClientRecord, {
          where: { workspaceId, id },
          lock: { mode: 'pessimistic_write' },
        });
        if (!record) throw notFound('client');
        const current = recordToClient(record);
        const columns = fieldColumns(change(current));
        await manager.update(ClientRecord, { workspaceId, id }, { ...columns, updatedAt: now });
        const updated = { ...current, ...columns, updateTime: now };
        // After the row lock: same-key events get outbox ids in commit order (see writeOutboxEvents).
        await writeOutboxEvents(manager, [clientUpdatedEvent(updated, changedFields(current, updated))]);
        return updated;
      });
    },

    async delete(workspaceId, id, now) {
      await shards.shardFor(id).transaction(async (manager) => {
        const [deleted] = await queryRows<{ email: string }>(
          manager,
          'DELETE FROM clients WHERE workspace_id = $1 AND id = $2 RETURNING email',
          [workspaceId, id],
        );
        if (!deleted) throw notFound('client');
        await writeOutboxEvents(manager, [
          clientDeletedEvent({ workspaceId, clientId: id, email: deleted.email }, now),
        ]);
      });
    },

    async upsert(workspaceId, drafts, now) {
      const inserted = new Map<string, boolean>();
      await Promise.all(
        [...byShard(drafts, (draft: UpsertDraft) => draft.id)].map(([index, shardDrafts]) =>
          shardAt(index).transaction(async (manager) => {
            // The rows as they were, locked in id order (as the upsert goes), to tell what a merge changed.
            const before = await queryRows<ClientRow>(
              manager,
              'SELECT * FROM clients WHERE workspace_id = $1 AND id = ANY($2::uuid[]) ORDER BY id FOR UPDATE',
              [workspaceId, shardDrafts.map((draft) => draft.id)],
            );
            const previous = new Map(before.map((row) => [row.id, rowToClient(row)]));
            const rows = await queryRows<ClientRow & { inserted: boolean }>(manager, upsertStatement, [
              upsertRows(shardDrafts),
              workspaceId,
              now.toISOString(),
              limits.tags,
            ]);
            const events = rows.map((row) => {
              inserted.set(row.id, row.inserted);
              const client = rowToClient(row);
              if (row.inserted) return clientCreatedEvent(client);
              const old = previous.get(row.id);
              // Absent only if another call inserted it after our read: every field came from there.
              return clientUpdatedEvent(client, old ? changedFields(old, client) : Object.keys(fieldKeys));
            });
            await writeOutboxEvents(manager, events);
          }),
        ),
      );
      return inserted;
    },

    async recordImport(workspaceId, summary, now) {
      // The summary is keyed (and stored) by its import id like any event; it commits after the
      // clients' own events, though relays of different shards may publish it before some of them.
      await shards
        .shardFor(summary.importId)
        .transaction((manager) =>
          writeOutboxEvents(manager, [clientsImportedEvent(workspaceId, summary, now)]),
        );
    },

    list: (workspaceId, filter, after, limit) =>
      listClientsAcrossShards(shards.shards, workspaceId, filter, after, limit),
  };
}

import { DomainError, notFound } from '@coldreach/errors';
import { isUniqueViolation, queryRows, type BucketMap, type BucketShardSet } from '@coldreach/db';
import { processEach, writeOutboxEvents } from '@coldreach/outbox';
import { changedFields } from '../domain/changed-fields';
import type {
  ClientStore,
  EventUpsertDraft,
  EventUpsertOutcome,
  UpsertDraft,
  VerificationOutcome,
} from '../domain/client-store';
import { mergeClientInputs } from '../domain/merge-client-inputs';
import { ClientRecord } from './client-record';
import { createClientReadRouting, type ClientReplicas, type WriteNotes } from './client-read-routing';
import {
  clientCreatedEvent,
  clientDeletedEvent,
  clientsImportedEvent,
  clientUpdatedEvent,
} from '../events/client-events';
import { listClientsAcrossShards } from './list-clients-query';
import { findClient, findClients } from './read-queries';
import { recordVerificationsOnShard } from './record-verifications-on-shard';
import { clientToRecord, fieldColumns, recordToClient } from './record-mapping';
import { upsertOnShard } from './upsert-on-shard';

/**
 * ClientStore over sharded PostgreSQL (or PGlite schemas). A client lives on the shard the bucket
 * map gives its id's bucket; every statement is scoped by workspace_id as well as id, so a foreign
 * id is simply not found. Each change writes its event to the outbox of the same shard in the same
 * transaction, behind the bucket fence (shards.writeEach), so a reshard never loses a write; reads
 * re-check the map version when they come back short (a row may just have moved). With `replicas`,
 * listings read each shard's replica (see client-read-routing.ts) and every committed write notes
 * its (shard, workspace) pairs, so the writer's next listing is not served by a replica behind it.
 */
export function createClientStore(shards: BucketShardSet, replicas?: ClientReplicas): ClientStore {
  const routing = createClientReadRouting(shards, replicas);
  /** Runs `write`, then, once it has committed, notes the shards and workspaces it touched. */
  async function noted<R>(write: (notes: WriteNotes) => Promise<R>): Promise<R> {
    const notes = routing.writeNotes();
    const result = await write(notes);
    await notes.noteAll();
    return result;
  }
  /** Groups ids by the shard `map` routes them to. */
  function byShard(map: BucketMap, ids: readonly string[]): Map<number, string[]> {
    const groups = new Map<number, string[]>();
    for (const id of ids) {
      const index = map.owners[shards.bucketFor(id)]!;
      const group = groups.get(index);
      if (group) group.push(id);
      else groups.set(index, [id]);
    }
    return groups;
  }
  const shardAt = (index: number) => shards.shards[index] as (typeof shards.shards)[number];

  return {
    async create(client) {
      try {
        // On PGlite a transaction holds the only connection: inside, use its manager, never the data source.
        await noted((notes) =>
          shards.writeTransaction(client.id, async (manager, index) => {
            await manager.insert(ClientRecord, clientToRecord(client));
            await writeOutboxEvents(manager, [clientCreatedEvent(client)]);
            notes.add(index, client.workspaceId);
          }),
        );
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
      const client = await shards.read(
        (map) => findClient(shardAt(map.owners[shards.bucketFor(id)]!), workspaceId, id),
        (found) => found !== null,
      );
      if (!client) throw notFound('client');
      return client;
    },

    async batchGet(workspaceId, ids) {
      const wanted = new Set(ids).size;
      return shards.read(
        async (map) => {
          const perShard = await Promise.all(
            [...byShard(map, ids)].map(([index, shardIds]) =>
              findClients(shardAt(index), workspaceId, shardIds),
            ),
          );
          return perShard.flat();
        },
        (found) => found.length === wanted,
      );
    },

    async update(workspaceId, id, change, now) {
      return noted((notes) =>
        shards.writeTransaction(id, async (manager, index) => {
          notes.add(index, workspaceId);
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
        }),
      );
    },

    async delete(workspaceId, id, now) {
      await noted((notes) =>
        shards.writeTransaction(id, async (manager, index) => {
          notes.add(index, workspaceId);
          const [deleted] = await queryRows<{ email: string }>(
            manager,
            'DELETE FROM clients WHERE workspace_id = $1 AND id = $2 RETURNING email',
            [workspaceId, id],
          );
          if (!deleted) throw notFound('client');
          await writeOutboxEvents(manager, [
            clientDeletedEvent({ workspaceId, clientId: id, email: deleted.email }, now),
          ]);
        }),
      );
    },

    async upsert(workspaceId, drafts, now) {
      const inserted = new Map<string, boolean>();
      await noted((notes) =>
        shards.writeEach(
          drafts,
          (draft: UpsertDraft) => draft.id,
          async (manager, shardDrafts, index) => {
            notes.add(index, workspaceId);
            const rows = shardDrafts.map((draft) => ({ ...draft, workspaceId }));
            for (const [id, isNew] of await upsertOnShard(manager, rows, 'overwrite', now))
              inserted.set(id, isNew);
          },
        ),
      );
      return inserted;
    },

    async upsertOnce(consumerGroup, drafts, mode, now) {
      const outcomes = new Map<string, EventUpsertOutcome>();
      await noted((notes) =>
        shards.writeEach(
          drafts,
          (draft) => draft.id,
          async (manager, shardDrafts, index) => {
            for (const draft of shardDrafts) notes.add(index, draft.workspaceId);
            // Sorted, so two members given the same batch (a rebalance) lock the ids in one order.
            const eventIds = shardDrafts.map((draft) => draft.eventId).sort();
            const fresh = await processEach(manager, consumerGroup, eventIds);
            const merged = new Map<string, { draft: EventUpsertDraft; eventIds: string[] }>();
            for (const draft of shardDrafts) {
              // Deleting as we go also leaves out an event that came twice in the batch.
              if (!fresh.delete(draft.eventId)) {
                if (!outcomes.has(draft.eventId)) outcomes.set(draft.eventId, 'duplicate');
                continue;
              }
              const group = merged.get(draft.id);
              if (!group) merged.set(draft.id, { draft, eventIds: [draft.eventId] });
              else {
                group.draft = { ...draft, input: mergeClientInputs(group.draft.input, draft.input, mode) };
                group.eventIds.push(draft.eventId);
              }
            }
            const groups = [...merged.values()];
            const inserted = await upsertOnShard(
              manager,
              groups.map((group) => group.draft),
              mode,
              now,
            );
            for (const { draft, eventIds: ids } of groups) {
              ids.forEach((eventId, position) =>
                outcomes.set(eventId, position === 0 && inserted.get(draft.id) ? 'created' : 'merged'),
              );
            }
          },
        ),
      );
      return outcomes;
    },

    async recordVerifications(drafts, now, consumerGroup) {
      const outcomes: VerificationOutcome[] = [];
      const positioned = drafts.map((draft, index) => ({ draft, index }));
      await noted((notes) =>
        shards.writeEach(
          positioned,
          (item) => item.draft.clientId,
          async (manager, items, index) => {
            for (const { draft } of items) notes.add(index, draft.workspaceId);
            const shardOutcomes = await recordVerificationsOnShard(
              manager,
              items.map((item) => item.draft),
              now,
              consumerGroup,
            );
            items.forEach((item, position) => (outcomes[item.index] = shardOutcomes[position]!));
          },
        ),
      );
      return outcomes;
    },

    async recordImport(workspaceId, summary, now) {
      // The summary is keyed (and stored) by its import id like any event; it commits after the
      // clients' own events, though relays of different shards may publish it before some of them.
      await shards.writeTransaction(summary.importId, (manager) =>
        writeOutboxEvents(manager, [clientsImportedEvent(workspaceId, summary, now)]),
      );
    },

    // Each shard answers only the buckets the map gives it: a bucket being moved has rows on two.
    // The map comes from the primaries either way; only each shard's page query may use a replica.
    list: (workspaceId, filter, after, limit, order = 'newest') =>
      shards.read((map) =>
        listClientsAcrossShards(
          shards.shards.map((_shard, index) => ({
            query: routing.listingQuery(map, index, workspaceId),
            buckets: shards.bucketsOf(index, map),
          })),
          workspaceId,
          filter,
          after,
          limit,
          order,
        ),
      ),
  };
}

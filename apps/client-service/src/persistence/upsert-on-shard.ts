import type { EntityManager } from 'typeorm';
import { queryRows } from '@coldreach/db';
import { writeOutboxEvents } from '@coldreach/outbox';
import { changedFields, fieldKeys } from '../domain/changed-fields';
import type { MergeMode } from '../domain/merge-client-inputs';
import { clientCreatedEvent, clientUpdatedEvent } from '../events/client-events';
import { lockClientRows } from './lock-client-rows';
import { rowToClient, type ClientRow } from './record-mapping';
import { upsertParameters, upsertStatements, type ShardDraft } from './upsert-statement';

/**
 * Inserts or merges `drafts` (one per id, all routed to this shard) in the caller's transaction,
 * with one statement whatever their workspaces, and writes each one's `client.created` or
 * `client.updated` to the shard's outbox. Answers, per id, whether it was newly inserted.
 */
export async function upsertOnShard(
  manager: EntityManager,
  drafts: readonly ShardDraft[],
  mode: MergeMode,
  now: Date,
): Promise<Map<string, boolean>> {
  const inserted = new Map<string, boolean>();
  if (drafts.length === 0) return inserted;
  // The rows as they were, locked in id order (as the upsert goes), to tell what a merge changed.
  const previous = await lockClientRows(manager, drafts);
  const rows = await queryRows<ClientRow & { inserted: boolean }>(
    manager,
    upsertStatements[mode],
    upsertParameters(drafts, now),
  );
  const events = rows.map((row) => {
    inserted.set(row.id, row.inserted);
    const client = rowToClient(row);
    if (row.inserted) return clientCreatedEvent(client);
    const old = previous.get(row.id);
    // Absent only if another call inserted it after our read: every field came from there.
    return clientUpdatedEvent(client, old ? changedFields(old, client) : Object.keys(fieldKeys));
  });
  // After the row locks: same-key events get outbox ids in commit order (see writeOutboxEvents).
  await writeOutboxEvents(manager, events);
  return inserted;
}

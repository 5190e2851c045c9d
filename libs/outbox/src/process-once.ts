import type { EntityManager } from 'typeorm';
import { assertInTransaction, queryRows } from '@coldreach/db';

export interface ProcessedEventKey {
  consumerGroup: string;
  /** The envelope's event id (a UUID). */
  eventId: string;
}

/**
 * Applies `effect` once per (consumer group, event id): records the id in `processed_events` in the
 * same transaction as the effect, and skips the effect when the id is already there. A concurrent
 * duplicate (another member after a rebalance) waits on the first one's row and then skips.
 * Resolves true when the effect ran, false when the event had been processed before.
 */
export async function processOnce(
  manager: EntityManager,
  key: ProcessedEventKey,
  effect: (manager: EntityManager) => Promise<void>,
): Promise<boolean> {
  assertInTransaction(manager, 'processOnce');
  const inserted = await queryRows(
    manager,
    `INSERT INTO processed_events (consumer_group, event_id) VALUES ($1, $2::uuid)
     ON CONFLICT DO NOTHING RETURNING event_id`,
    [key.consumerGroup, key.eventId],
  );
  if (inserted.length === 0) return false;
  await effect(manager);
  return true;
}

/**
 * The set-based processOnce for a batch: records every id in `processed_events` with one statement
 * and answers those that were not there before — the events whose effects the caller applies now,
 * in the same transaction. An id given twice counts once.
 */
export async function processEach(
  manager: EntityManager,
  consumerGroup: string,
  eventIds: readonly string[],
): Promise<Set<string>> {
  assertInTransaction(manager, 'processEach');
  if (eventIds.length === 0) return new Set();
  const inserted = await queryRows<{ event_id: string }>(
    manager,
    `INSERT INTO processed_events (consumer_group, event_id)
     SELECT $1, id FROM unnest($2::uuid[]) AS ids(id)
     ON CONFLICT DO NOTHING RETURNING event_id::text AS event_id`,
    [consumerGroup, [...new Set(eventIds)]],
  );
  return new Set(inserted.map((row) => row.event_id));
}

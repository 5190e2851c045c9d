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

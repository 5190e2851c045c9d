import type { DataSource } from 'typeorm';
import { queryRows } from '@coldreach/db';
import { writeOutboxEvents } from '@coldreach/outbox';
import type { DeliveryRow } from './delivery-row';
import { emailUnknownEvent } from '../../events/email-events';

// Rows per round; a backlog is worked off over the next rounds.
const reapBatch = 500;

export const abandonedSendReason =
  'the worker sending it stopped before the SMTP outcome was recorded; it may have been delivered';

/**
 * Frees what dead or stalled workers hold: an expired `claimed` lease goes back to `scheduled`
 * (the next claim takes a new fencing token, so the old holder can no longer act on it); an expired
 * `sending` lease means an SMTP transaction whose outcome was never recorded, so the delivery becomes
 * `unknown` with an EmailUnknown event and is never sent again by itself.
 */
export async function reapExpiredLeases(
  dataSource: DataSource,
): Promise<{ released: number; unknown: number }> {
  const released = await queryRows<{ id: string }>(
    dataSource.manager,
    `UPDATE deliveries SET status = 'scheduled', lease_owner = NULL, lease_until = NULL, updated_at = now()
     WHERE id IN (
       SELECT id FROM deliveries WHERE status = 'claimed' AND lease_until < now()
       ORDER BY lease_until LIMIT $1 FOR UPDATE SKIP LOCKED)
     RETURNING id`,
    [reapBatch],
  );
  const unknown = await dataSource.transaction(async (manager) => {
    const rows = await queryRows<DeliveryRow>(
      manager,
      `UPDATE deliveries SET status = 'unknown', last_error = $2, lease_owner = NULL, lease_until = NULL,
         updated_at = now()
       WHERE id IN (
         SELECT id FROM deliveries WHERE status = 'sending' AND lease_until < now()
         ORDER BY lease_until LIMIT $1 FOR UPDATE SKIP LOCKED)
       RETURNING *`,
      [reapBatch, abandonedSendReason],
    );
    await writeOutboxEvents(
      manager,
      rows.map((row) => emailUnknownEvent(row, abandonedSendReason)),
    );
    return rows.length;
  });
  return { released: released.length, unknown };
}

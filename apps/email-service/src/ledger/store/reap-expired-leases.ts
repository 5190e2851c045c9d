import type { DataSource } from 'typeorm';
import { queryRows } from '@coldreach/db';
import { writeOutboxEvents } from '@coldreach/outbox';
import { abandonedSendReason, afterExpiredLease } from '../delivery-transitions';
import { deliveryRecordOf } from './delivery-mapping';
import type { DeliveryRow } from './delivery-row';
import { emailUnknownEvent } from '../../events/email-events';

// Rows per round; a backlog is worked off over the next rounds.
const reapBatch = 500;

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
    `UPDATE deliveries SET status = $3, lease_owner = NULL, lease_until = NULL, updated_at = now()
     WHERE id IN (
       SELECT id FROM deliveries WHERE status = $2 AND lease_until < now()
       ORDER BY lease_until LIMIT $1 FOR UPDATE SKIP LOCKED)
     RETURNING id`,
    [reapBatch, 'claimed', afterExpiredLease.claimed],
  );
  const unknown = await dataSource.transaction(async (manager) => {
    const rows = await queryRows<DeliveryRow>(
      manager,
      `UPDATE deliveries SET status = $4, last_error = $2, lease_owner = NULL, lease_until = NULL,
         updated_at = now()
       WHERE id IN (
         SELECT id FROM deliveries WHERE status = $3 AND lease_until < now()
         ORDER BY lease_until LIMIT $1 FOR UPDATE SKIP LOCKED)
       RETURNING *`,
      [reapBatch, abandonedSendReason, 'sending', afterExpiredLease.sending],
    );
    await writeOutboxEvents(
      manager,
      rows.map((row) => emailUnknownEvent(deliveryRecordOf(row), abandonedSendReason)),
    );
    return rows.length;
  });
  return { released: released.length, unknown };
}

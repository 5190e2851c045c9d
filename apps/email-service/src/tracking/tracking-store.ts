import type { DataSource } from 'typeorm';
import { queryRows } from '@coldreach/db';
import { writeOutboxEvents, type OutboxEventInput } from '@coldreach/outbox';
import type { DeliveryRecord } from '../ledger/delivery-transitions';
import { deliveryRecordOf, type DeliveryRow } from '../ledger/store/delivery-row';

/** A delivery as a tracking hit needs it: its event fields, and when it was sent. */
export interface TrackedDeliveryRecord {
  delivery: DeliveryRecord;
  sentAt: Date | null;
}

export interface TrackingStore {
  /**
   * Reads the delivery and writes the event `eventOf` makes of it to the outbox, in one
   * transaction. False (nothing written) when the workspace has no such delivery.
   */
  recordHit(
    workspaceId: string,
    deliveryId: string,
    eventOf: (found: TrackedDeliveryRecord) => OutboxEventInput,
  ): Promise<boolean>;
}

// Only what the event carries: the templates and the recipient can be large, and pixels are many.
const columns = `id, workspace_id, campaign_id, step_id, step_position, client_id, mailbox_id, to_address,
  status, attempts, message_id, fencing_token, sent_at`;

export function createTrackingStore(dataSource: DataSource): TrackingStore {
  return {
    recordHit: (workspaceId, deliveryId, eventOf) =>
      dataSource.transaction(async (manager) => {
        const [row] = await queryRows<DeliveryRow>(
          manager,
          `SELECT ${columns} FROM deliveries WHERE id = $1 AND workspace_id = $2`,
          [deliveryId, workspaceId],
        );
        if (!row) return false;
        const sentAt = row.sent_at && new Date(row.sent_at);
        await writeOutboxEvents(manager, [eventOf({ delivery: deliveryRecordOf(row), sentAt })]);
        return true;
      }),
  };
}

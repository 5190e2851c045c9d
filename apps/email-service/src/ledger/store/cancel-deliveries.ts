import type { EntityManager } from 'typeorm';
import { queryRows } from '@coldreach/db';
import { writeOutboxEvents } from '@coldreach/outbox';
import { emailCancelledEvent } from '../../events/email-events';
import { deliveryRecordOf, type DeliveryRow } from './delivery-row';

/** Which deliveries to withdraw: some tasks, or every one of a campaign. */
export type CancelTarget = { taskIds: readonly string[] } | { campaignId: string };

/**
 * Cancels the deliveries of `target` that no worker has claimed yet (PENDING or SCHEDULED) and
 * records EmailCancelled for each, in the caller's transaction. Any other status is left alone: its
 * own outcome event follows. Idempotent: a cancelled delivery is not cancelled again.
 */
export async function cancelDeliveries(
  manager: EntityManager,
  workspaceId: string,
  target: CancelTarget,
): Promise<DeliveryRow[]> {
  const [condition, value] =
    'taskIds' in target
      ? ['id = ANY($2::uuid[])', [...target.taskIds]]
      : ['campaign_id = $2::uuid', target.campaignId];
  // The row lock waits for a claim in progress; the status is then re-checked on the claimed row.
  const cancelled = await queryRows<DeliveryRow>(
    manager,
    `UPDATE deliveries SET status = 'cancelled', updated_at = now()
     WHERE workspace_id = $1 AND ${condition} AND status IN ('pending', 'scheduled') RETURNING *`,
    [workspaceId, value],
  );
  const now = new Date();
  await writeOutboxEvents(
    manager,
    cancelled.map((row) => emailCancelledEvent(deliveryRecordOf(row), now)),
  );
  return cancelled;
}

import type { Delivery } from '../../domain/delivery';
import type { DeliveryRow } from './delivery-row';

/** What callers see of a ledger row: no templates, recipient fields, fencing token or lease. */
export function deliveryOf(row: DeliveryRow): Delivery {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    campaignId: row.campaign_id,
    stepId: row.step_id,
    stepPosition: row.step_position,
    clientId: row.client_id,
    mailboxId: row.mailbox_id,
    toAddress: row.to_address,
    subject: row.subject,
    status: row.status,
    scheduledAt: new Date(row.scheduled_at),
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at && new Date(row.next_attempt_at),
    lastError: row.last_error,
    lastSmtpCode: row.last_smtp_code,
    messageId: row.message_id,
    createTime: new Date(row.created_at),
    updateTime: new Date(row.updated_at),
    sentAt: row.sent_at && new Date(row.sent_at),
  };
}

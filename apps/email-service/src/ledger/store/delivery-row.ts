import type { Delivery, DeliveryStatusName } from '../../domain/delivery';
import type { ClaimedDelivery, DeliveryRecord } from '../delivery-transitions';

/** One `deliveries` row as `SELECT *` returns it through queryRows (bigint as a string). */
export interface DeliveryRow {
  id: string;
  workspace_id: string;
  campaign_id: string | null;
  step_id: string | null;
  step_position: number;
  client_id: string;
  mailbox_id: string;
  to_address: string;
  /** The recipient Client in protobuf JSON (toJson of ClientSchema), for rendering. */
  recipient: Record<string, unknown>;
  subject_template: string;
  text_body_template: string;
  html_body_template: string;
  subject: string;
  /** SendingSchedule in protobuf JSON; null for SendEmail (no window). */
  schedule: Record<string, unknown> | null;
  time_zone: string;
  in_reply_to: string;
  request_id: string | null;
  status: DeliveryStatusName;
  scheduled_at: Date;
  attempts: number;
  next_attempt_at: Date | null;
  last_error: string;
  last_smtp_code: number;
  message_id: string;
  fencing_token: string;
  lease_owner: string | null;
  lease_until: Date | null;
  created_at: Date;
  updated_at: Date;
  sent_at: Date | null;
  track_opens: boolean;
  track_clicks: boolean;
  /** W3C trace headers of what scheduled it. */
  trace_context: Record<string, string>;
}

/**
 * The Message-ID of a delivery: derived from its id alone, so every attempt (and an admin retry of
 * an UNKNOWN one) carries the same value and receivers can drop a duplicate.
 */
export function messageIdFor(deliveryId: string, fromAddress: string): string {
  const domain = fromAddress.slice(fromAddress.lastIndexOf('@') + 1).toLowerCase() || 'coldreach.invalid';
  return `<${deliveryId}@${domain}>`;
}

/** The fields every view of a delivery shares. */
function sharedFieldsOf(row: DeliveryRow): Omit<DeliveryRecord, 'fencingToken'> {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    campaignId: row.campaign_id,
    stepId: row.step_id,
    stepPosition: row.step_position,
    clientId: row.client_id,
    mailboxId: row.mailbox_id,
    toAddress: row.to_address,
    status: row.status,
    attempts: row.attempts,
    messageId: row.message_id,
  };
}

/** What callers see of a ledger row: no templates, recipient fields, fencing token or lease. */
export function deliveryOf(row: DeliveryRow): Delivery {
  return {
    ...sharedFieldsOf(row),
    subject: row.subject,
    scheduledAt: new Date(row.scheduled_at),
    nextAttemptAt: row.next_attempt_at && new Date(row.next_attempt_at),
    lastError: row.last_error,
    lastSmtpCode: row.last_smtp_code,
    createTime: new Date(row.created_at),
    updateTime: new Date(row.updated_at),
    sentAt: row.sent_at && new Date(row.sent_at),
  };
}

/** What the ledger's writes and the email events need of a row. */
export function deliveryRecordOf(row: DeliveryRow): DeliveryRecord {
  return { ...sharedFieldsOf(row), fencingToken: row.fencing_token };
}

/** A claimed row joined with its mailbox (null mailbox fields when the mailbox is gone). */
export interface ClaimedRow extends DeliveryRow {
  mailbox_found: boolean;
  mailbox_from_name: string | null;
  mailbox_from_address: string | null;
  mailbox_smtp_url_sealed: string | null;
  mailbox_daily_cap: number | null;
  mailbox_domain_hourly_cap: number | null;
}

export function claimedDeliveryOf(row: ClaimedRow): ClaimedDelivery {
  return {
    ...deliveryRecordOf(row),
    recipient: row.recipient,
    subjectTemplate: row.subject_template,
    textBodyTemplate: row.text_body_template,
    htmlBodyTemplate: row.html_body_template,
    schedule: row.schedule,
    timeZone: row.time_zone,
    inReplyTo: row.in_reply_to,
    trackOpens: row.track_opens,
    trackClicks: row.track_clicks,
    traceContext: row.trace_context ?? {},
    // A mailbox without a sender address cannot send either.
    mailbox:
      row.mailbox_found && row.mailbox_from_address
        ? {
            fromName: row.mailbox_from_name ?? '',
            fromAddress: row.mailbox_from_address,
            smtpUrlSealed: row.mailbox_smtp_url_sealed,
            dailyCap: row.mailbox_daily_cap ?? 0,
            domainHourlyCap: row.mailbox_domain_hourly_cap ?? 0,
          }
        : undefined,
  };
}

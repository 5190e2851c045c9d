import type { DeliveryStatusName } from '../../domain/delivery';

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
}

/**
 * The Message-ID of a delivery: derived from its id alone, so every attempt (and an admin retry of
 * an UNKNOWN one) carries the same value and receivers can drop a duplicate.
 */
export function messageIdFor(deliveryId: string, fromAddress: string): string {
  const domain = fromAddress.slice(fromAddress.lastIndexOf('@') + 1).toLowerCase() || 'coldreach.invalid';
  return `<${deliveryId}@${domain}>`;
}

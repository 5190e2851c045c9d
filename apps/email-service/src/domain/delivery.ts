import { DeliveryStatus } from '@coldreach/contracts';

/**
 * A delivery's place in the ledger, as stored in `deliveries.status`: the lower-cased names of the
 * proto enum DeliveryStatus (email.proto), which is the one definition of the nine states.
 */
export type DeliveryStatusName = Lowercase<Exclude<keyof typeof DeliveryStatus, 'UNSPECIFIED'>>;

/** Every ledger state, in the proto enum's order. */
export const deliveryStatuses: readonly DeliveryStatusName[] = Object.keys(DeliveryStatus)
  .filter((key) => Number.isNaN(Number(key)) && key !== 'UNSPECIFIED')
  .map((key) => key.toLowerCase() as DeliveryStatusName);

/** States a delivery can still leave; the others are final (only RetryDelivery reopens `unknown`). */
export const openDeliveryStates: readonly DeliveryStatusName[] = [
  'pending',
  'scheduled',
  'claimed',
  'sending',
];

/** One row of the delivery ledger, as callers see it (no templates, recipient fields or lease). */
export interface Delivery {
  id: string;
  workspaceId: string;
  campaignId: string | null;
  stepId: string | null;
  stepPosition: number;
  clientId: string;
  mailboxId: string;
  toAddress: string;
  subject: string;
  status: DeliveryStatusName;
  scheduledAt: Date;
  attempts: number;
  nextAttemptAt: Date | null;
  lastError: string;
  lastSmtpCode: number;
  messageId: string;
  createTime: Date;
  updateTime: Date;
  sentAt: Date | null;
}

/** What a new delivery is made of; its Message-ID is derived from its id and its mailbox when stored. */
export interface DeliveryDraft {
  id: string;
  workspaceId: string;
  campaignId: string | null;
  stepId: string | null;
  stepPosition: number;
  clientId: string;
  mailboxId: string;
  toAddress: string;
  /** The recipient Client in protobuf JSON, for rendering at send time. */
  recipient: Record<string, unknown>;
  subjectTemplate: string;
  textBodyTemplate: string;
  htmlBodyTemplate: string;
  /** SendingSchedule in protobuf JSON; null for SendEmail (no window). */
  schedule: Record<string, unknown> | null;
  timeZone: string;
  inReplyTo: string;
  /** SendEmail's idempotency key; null for campaign emails. */
  requestId: string | null;
  scheduledAt: Date;
  /** Set when the delivery cannot be sent at all: it is stored FAILED with this as its error. */
  failure?: string;
  /** The campaign's tracking at hand-over: an open pixel, tracked links (HTML body only). Default off. */
  trackOpens?: boolean;
  trackClicks?: boolean;
  /** W3C trace headers of what scheduled it; the send continues that trace. Default: the active context. */
  traceContext?: Record<string, string>;
}

/** Filters of ListDeliveries; they combine with AND and empty parts match everything. */
export interface DeliveryFilter {
  campaignId: string | undefined;
  statuses: DeliveryStatusName[];
  clientId: string | undefined;
  mailboxId: string | undefined;
}

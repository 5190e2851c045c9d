import type { DeliveryStatusName } from '../domain/delivery';

/** What the ledger's writes and every email event need of one delivery. */
export interface DeliveryRecord {
  id: string;
  workspaceId: string;
  campaignId: string | null;
  stepId: string | null;
  stepPosition: number;
  clientId: string;
  mailboxId: string;
  toAddress: string;
  status: DeliveryStatusName;
  attempts: number;
  messageId: string;
  /** The claim the record was read under (a bigint, as a string); writes only apply while it holds. */
  fencingToken: string;
}

/** The sender of a claimed delivery, as its mailbox is now. */
export interface ClaimedMailbox {
  fromName: string;
  fromAddress: string;
  /** Null: the default SMTP URL, or the catcher when there is none. */
  smtpUrlSealed: string | null;
  dailyCap: number;
  domainHourlyCap: number;
}

/** A delivery a worker claimed, with what it needs to render and send it. */
export interface ClaimedDelivery extends DeliveryRecord {
  /** The recipient Client in protobuf JSON, for rendering. */
  recipient: Record<string, unknown>;
  subjectTemplate: string;
  textBodyTemplate: string;
  htmlBodyTemplate: string;
  /** SendingSchedule in protobuf JSON; null for SendEmail (no window). */
  schedule: Record<string, unknown> | null;
  timeZone: string;
  inReplyTo: string;
  /** Undefined when the mailbox no longer exists (or has no sender address). */
  mailbox: ClaimedMailbox | undefined;
}

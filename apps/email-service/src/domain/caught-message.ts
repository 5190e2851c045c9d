import type { ListPosition } from '@coldreach/paging';

/** An email the catcher kept instead of sending: exactly what would have gone out. */
export interface CaughtMessage {
  id: string;
  workspaceId: string;
  deliveryId: string;
  campaignId: string | null;
  mailboxId: string;
  envelopeFrom: string;
  envelopeTo: string[];
  subject: string;
  textBody: string;
  htmlBody: string;
  /** In the order they were written. */
  headers: { name: string; value: string }[];
  messageId: string;
  sizeBytes: number;
  catchTime: Date;
}

/** Filters of ListCaughtMessages; they combine with AND and empty parts match everything. */
export interface CaughtMessageFilter {
  campaignId: string | undefined;
  deliveryId: string | undefined;
  /** Normalised; matched exactly (case-insensitively) against the envelope recipients. */
  toAddress: string;
}

/** The caught messages, read-only here (the sending workers write them). */
export interface CaughtMessageStore {
  /** Up to `limit` messages after `after`, newest first (`catch_time DESC, id DESC`). */
  list(
    workspaceId: string,
    filter: CaughtMessageFilter,
    after: ListPosition | undefined,
    limit: number,
  ): Promise<CaughtMessage[]>;
}

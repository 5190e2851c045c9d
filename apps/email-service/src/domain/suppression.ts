/** Why an address is suppressed, as stored. */
export const suppressionReasons = ['unsubscribe', 'hard_bounce', 'complaint', 'manual'] as const;
export type SuppressionReasonName = (typeof suppressionReasons)[number];

/** Reasons that record the recipient's own wish: removing them needs force. */
export const recipientReasons: readonly SuppressionReasonName[] = ['unsubscribe', 'complaint'];

/** An address no email of the workspace goes to. */
export interface Suppression {
  workspaceId: string;
  /** Normalised: trimmed and lower-cased. */
  email: string;
  reason: SuppressionReasonName;
  note: string;
  deliveryId: string | null;
  createTime: Date;
}

/** The delivery an unsubscribe link came with: who unsubscribed, from which email. */
export interface UnsubscribedDelivery {
  id: string;
  workspaceId: string;
  clientId: string;
  campaignId: string | null;
  toAddress: string;
}

/** Filters of ListSuppressions; they combine with AND and empty parts match everything. */
export interface SuppressionFilter {
  reasons: SuppressionReasonName[];
  /** Case-insensitive substring of the address; empty matches all. */
  query: string;
}

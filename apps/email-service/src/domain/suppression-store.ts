import type { ListPosition } from '@coldreach/paging';
import type { Suppression, SuppressionFilter, UnsubscribedDelivery } from './suppression';

/**
 * The suppression list. Adding goes through the address fence, so no send to the address starts
 * after the entry committed; an UNSUBSCRIBE entry records `LeadUnsubscribed` in the same transaction.
 */
export interface SuppressionStore {
  /** Adds the entry, or returns the one already there unchanged (`created` false). */
  add(entry: Omit<Suppression, 'createTime'>): Promise<{ suppression: Suppression; created: boolean }>;
  /**
   * Records that the recipient of `delivery` unsubscribed: a new UNSUBSCRIBE entry, or an existing
   * MANUAL or HARD_BOUNCE one turned into UNSUBSCRIBE (the recipient's wish outranks them). An
   * UNSUBSCRIBE or COMPLAINT entry already there is left alone (`alreadyUnsubscribed`).
   */
  unsubscribe(
    delivery: UnsubscribedDelivery,
    email: string,
  ): Promise<{ suppression: Suppression; alreadyUnsubscribed: boolean }>;
  find(workspaceId: string, email: string): Promise<Suppression | undefined>;
  /** Deletes the entry after `allow(entry)` returned (it throws to refuse), or NOT_FOUND. */
  remove(workspaceId: string, email: string, allow: (entry: Suppression) => void): Promise<void>;
  list(
    workspaceId: string,
    filter: SuppressionFilter,
    after: ListPosition | undefined,
    limit: number,
  ): Promise<Suppression[]>;
  /** The entries among `emails` (normalised), in no particular order. */
  check(workspaceId: string, emails: readonly string[]): Promise<Suppression[]>;
  /** The delivery an unsubscribe link names, or undefined. */
  deliveryForUnsubscribe(workspaceId: string, deliveryId: string): Promise<UnsubscribedDelivery | undefined>;
}

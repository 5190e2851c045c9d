import type { ListPosition } from '@coldreach/paging';
import type { Delivery, DeliveryDraft, DeliveryFilter } from './delivery';

/**
 * The delivery ledger as the API sees it. Every method is scoped to one workspace: a delivery of
 * another workspace behaves exactly like one that does not exist (NOT_FOUND).
 */
export interface DeliveryStore {
  /**
   * Inserts a SendEmail delivery as SCHEDULED, or NOT_FOUND when its mailbox is not in the
   * workspace. When another delivery already holds its request id, returns that one instead.
   */
  insertRequested(draft: DeliveryDraft): Promise<{ delivery: Delivery; created: boolean }>;
  findByRequestId(workspaceId: string, requestId: string): Promise<Delivery | undefined>;
  get(workspaceId: string, id: string): Promise<Delivery>;
  /** Up to `limit` deliveries after `after`, most recently created first. */
  list(
    workspaceId: string,
    filter: DeliveryFilter,
    after: ListPosition | undefined,
    limit: number,
  ): Promise<Delivery[]>;
  /** UNKNOWN → SCHEDULED (due now, same Message-ID); FAILED_PRECONDITION for any other status. */
  retryUnknown(workspaceId: string, id: string): Promise<Delivery>;
}

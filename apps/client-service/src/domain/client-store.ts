import type { ListPosition } from '@coldreach/paging';
import type { Client, ClientFields, ValidClientInput } from './client';
import type { ListFilter, ListOrder } from './list-request';
import type { MergeMode } from './merge-client-inputs';
import type { RecordOutcomeName, VerificationDraft } from './verification';

/** A validated, merged item of an UpsertClients batch with its derived id. */
export interface UpsertDraft {
  id: string;
  input: ValidClientInput;
}

/** A lead an event brought (e.g. a scraped contact), with the event's id; any workspace. */
export interface EventUpsertDraft extends UpsertDraft {
  workspaceId: string;
  /** The envelope's event id, lower-case: the draft is applied at most once per consumer group. */
  eventId: string;
}

/** What became of an EventUpsertDraft; `duplicate`: its event had been applied before. */
export type EventUpsertOutcome = 'created' | 'merged' | 'duplicate';

/** What became of a VerificationDraft; `duplicate`: its event had been applied before. */
export type VerificationOutcome = RecordOutcomeName | 'duplicate';

/** What one UpsertClients call did, for its `clients.imported` event. */
export interface ImportSummary {
  importId: string;
  receivedCount: number;
  createdCount: number;
  mergedCount: number;
  rejectedCount: number;
}

/**
 * Where clients are kept (implemented over sharded PostgreSQL by `createClientStore`). Every method is
 * scoped to one workspace: an id of another workspace behaves exactly like an id that does not exist.
 * Every change also records its event (client created / updated / deleted, clients imported),
 * atomically with the change.
 */
export interface ClientStore {
  /** Inserts a new client; ALREADY_EXISTS when its email is already taken in the workspace. */
  create(client: Client): Promise<Client>;
  /** The client, or NOT_FOUND. */
  get(workspaceId: string, id: string): Promise<Client>;
  /** The clients that exist among `ids`, in no particular order. */
  batchGet(workspaceId: string, ids: readonly string[]): Promise<Client[]>;
  /** Replaces the client's fields with `change(current)` atomically, or NOT_FOUND. */
  update(
    workspaceId: string,
    id: string,
    change: (current: Client) => ClientFields,
    now: Date,
  ): Promise<Client>;
  /** Deletes the client, or NOT_FOUND. */
  delete(workspaceId: string, id: string, now: Date): Promise<void>;
  /** Inserts or merges each draft (by email); answers, per id, whether it was newly inserted. */
  upsert(workspaceId: string, drafts: readonly UpsertDraft[], now: Date): Promise<Map<string, boolean>>;
  /**
   * Inserts or merges drafts of any workspaces (by email, with `mode`), each at most once per
   * (consumer group, event id): every shard's transaction first records its drafts' event ids in
   * its processed_events and leaves out those recorded before, so the effect and the record commit
   * together. Drafts with the same id are merged in order first. Answers each event id's outcome.
   */
  upsertOnce(
    consumerGroup: string,
    drafts: readonly EventUpsertDraft[],
    mode: MergeMode,
    now: Date,
  ): Promise<Map<string, EventUpsertOutcome>>;
  /**
   * Applies each verification result in order (see applyVerifications), one transaction per shard:
   * the recorded ones set the client's verification and status and write `client.verified`. With
   * `consumerGroup`, drafts carrying an event id are applied at most once per (group, event id), as
   * in upsertOnce. Answers each draft's outcome, in order.
   */
  recordVerifications(
    drafts: readonly VerificationDraft[],
    now: Date,
    consumerGroup?: string,
  ): Promise<VerificationOutcome[]>;
  /** Records that an UpsertClients call finished (after `upsert`, whose clients have their own events). */
  recordImport(workspaceId: string, summary: ImportSummary, now: Date): Promise<void>;
  /**
   * Up to `limit` clients matching `filter` after `after`, newest first (`create_time DESC, id DESC`)
   * or, with order 'oldest', oldest first (`create_time ASC, id ASC`).
   */
  list(
    workspaceId: string,
    filter: ListFilter,
    after: ListPosition | undefined,
    limit: number,
    order?: ListOrder,
  ): Promise<Client[]>;
}

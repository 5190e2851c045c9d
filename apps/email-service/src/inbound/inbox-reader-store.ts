import type { DataSource, EntityManager } from 'typeorm';
import { queryRows } from '@coldreach/db';

// All SQL of `inbox_readers`: one row per mailbox whose lease says which worker reads it, and
// where that reading stopped (UIDVALIDITY and last UID).

/** Where a mailbox's reading stopped; uidValidity null before the first read. */
export interface InboxState {
  uidValidity: bigint | null;
  lastUid: number;
}

/** The reader's lease ended (expired and taken over, or the mailbox's IMAP URL changed). */
export class InboxLeaseLost extends Error {
  override name = 'InboxLeaseLost';
}

/** Takes (or renews) the mailbox's lease for `owner` unless another worker holds a live one. */
export async function takeInboxLease(
  dataSource: DataSource,
  mailboxId: string,
  owner: string,
  leaseMs: number,
): Promise<InboxState | undefined> {
  const [row] = await queryRows<{ uidvalidity: string | null; last_uid: string }>(
    dataSource.manager,
    `INSERT INTO inbox_readers (mailbox_id, lease_owner, lease_until)
     VALUES ($1, $2, now() + $3 * interval '1 millisecond')
     ON CONFLICT (mailbox_id) DO UPDATE SET lease_owner = excluded.lease_owner, lease_until = excluded.lease_until
       WHERE inbox_readers.lease_owner IS NULL OR inbox_readers.lease_until < now()
         OR inbox_readers.lease_owner = excluded.lease_owner
     RETURNING uidvalidity, last_uid`,
    [mailboxId, owner, leaseMs],
  );
  if (!row) return undefined;
  return {
    uidValidity: row.uidvalidity === null ? null : BigInt(row.uidvalidity),
    lastUid: Number(row.last_uid),
  };
}

/** Extends a lease still held; false when it was lost. */
export async function renewInboxLease(
  dataSource: DataSource,
  mailboxId: string,
  owner: string,
  leaseMs: number,
): Promise<boolean> {
  const rows = await queryRows(
    dataSource.manager,
    `UPDATE inbox_readers SET lease_until = now() + $3 * interval '1 millisecond'
     WHERE mailbox_id = $1 AND lease_owner = $2 AND lease_until >= now() RETURNING mailbox_id`,
    [mailboxId, owner, leaseMs],
  );
  return rows.length > 0;
}

export async function releaseInboxLease(
  dataSource: DataSource,
  mailboxId: string,
  owner: string,
): Promise<void> {
  await queryRows(
    dataSource.manager,
    'UPDATE inbox_readers SET lease_owner = NULL, lease_until = NULL WHERE mailbox_id = $1 AND lease_owner = $2',
    [mailboxId, owner],
  );
}

/**
 * Moves the mailbox's state to `state` inside the transaction that applied the message, fenced by
 * the lease: a reader whose lease was taken over rolls its message back (InboxLeaseLost).
 */
export async function advanceInbox(
  tx: EntityManager,
  mailboxId: string,
  owner: string,
  state: { uidValidity: bigint; lastUid: number },
): Promise<void> {
  const rows = await queryRows(
    tx,
    `UPDATE inbox_readers SET uidvalidity = $3, last_uid = $4
     WHERE mailbox_id = $1 AND lease_owner = $2 AND lease_until >= now() RETURNING mailbox_id`,
    [mailboxId, owner, state.uidValidity.toString(), state.lastUid],
  );
  if (rows.length === 0) throw new InboxLeaseLost(`the lease of mailbox ${mailboxId} was lost`);
}

/** A mailbox whose inbox is read. */
export interface ReadableMailbox {
  id: string;
  workspaceId: string;
  imapUrlSealed: string;
}

export async function readableMailboxes(dataSource: DataSource): Promise<ReadableMailbox[]> {
  const rows = await queryRows<{ id: string; workspace_id: string; imap_url_sealed: string }>(
    dataSource.manager,
    'SELECT id, workspace_id, imap_url_sealed FROM mailboxes WHERE imap_url_sealed IS NOT NULL ORDER BY id',
    [],
  );
  return rows.map((row) => ({
    id: row.id,
    workspaceId: row.workspace_id,
    imapUrlSealed: row.imap_url_sealed,
  }));
}

/** The outcome of a read on the mailbox: when it last read to the end, or why it failed. */
export async function recordInboxRead(
  dataSource: DataSource,
  mailboxId: string,
  error: string,
): Promise<void> {
  await queryRows(
    dataSource.manager,
    `UPDATE mailboxes SET inbox_error = $2, inbox_read_at = CASE WHEN $2 = '' THEN now() ELSE inbox_read_at END
     WHERE id = $1`,
    [mailboxId, error],
  );
}

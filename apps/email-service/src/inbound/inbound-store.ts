import type { EntityManager } from 'typeorm';
import { queryRows } from '@coldreach/db';
import type { ListPosition } from '@coldreach/paging';
import type { DeliveryRow } from '../ledger/store/delivery-row';
import type { InboundFilter, InboundKindName, InboundMessage } from './inbound-message';

// All SQL of `inbound_messages`, and the ledger and suppression writes an inbound message causes.

interface InboundRow {
  id: string;
  workspace_id: string;
  mailbox_id: string;
  kind: InboundKindName;
  delivery_id: string | null;
  campaign_id: string | null;
  client_id: string | null;
  from_address: string;
  subject: string;
  snippet: string;
  message_id: string;
  receive_time: Date;
  bounce_type: string;
  bounce_status: string;
  bounced_address: string;
  return_at: Date | null;
}

/** Where a message was read: its UID under a UIDVALIDITY; none for an injected message. */
export interface InboxPosition {
  uidValidity: bigint;
  uid: number;
}

/** The message already recorded under this UID or Message-ID, if any. */
export async function findRecorded(
  tx: EntityManager,
  mailboxId: string,
  messageId: string,
  position: InboxPosition | undefined,
): Promise<InboundMessage | undefined> {
  const [row] = await queryRows<InboundRow>(
    tx,
    `SELECT * FROM inbound_messages WHERE mailbox_id = $1
       AND ((message_id <> '' AND message_id = $2) OR (uidvalidity = $3 AND uid = $4)) LIMIT 1`,
    [mailboxId, messageId, position?.uidValidity.toString() ?? null, position?.uid ?? null],
  );
  return row && inboundMessageOf(row);
}

export async function insertInbound(
  tx: EntityManager,
  message: InboundMessage,
  position: InboxPosition | undefined,
): Promise<void> {
  await queryRows(
    tx,
    `INSERT INTO inbound_messages (id, workspace_id, mailbox_id, kind, delivery_id, campaign_id, client_id,
       from_address, subject, snippet, message_id, receive_time, bounce_type, bounce_status, bounced_address,
       return_at, uidvalidity, uid)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)`,
    [
      message.id,
      message.workspaceId,
      message.mailboxId,
      message.kind,
      message.deliveryId,
      message.campaignId,
      message.clientId,
      message.fromAddress,
      message.subject,
      message.snippet,
      message.messageId,
      message.receiveTime.toISOString(),
      message.bounceType,
      message.bounceStatus,
      message.bouncedAddress,
      message.returnTime?.toISOString() ?? null,
      position?.uidValidity.toString() ?? null,
      position?.uid ?? null,
    ],
  );
}

/** The first of `deliveryIds` sent from this mailbox (ids taken from our own Message-IDs). */
export async function sentDeliveryById(
  tx: EntityManager,
  mailboxId: string,
  deliveryIds: readonly string[],
): Promise<DeliveryRow | undefined> {
  if (deliveryIds.length === 0) return undefined;
  const rows = await queryRows<DeliveryRow>(
    tx,
    'SELECT * FROM deliveries WHERE mailbox_id = $1 AND id = ANY($2::uuid[]) AND sent_at IS NOT NULL',
    [mailboxId, deliveryIds],
  );
  return deliveryIds.map((id) => rows.find((row) => row.id === id)).find((row) => row !== undefined);
}

/** The latest delivery this mailbox sent to `address` (with `subject`, when given). */
export async function latestSentTo(
  tx: EntityManager,
  mailboxId: string,
  address: string,
  subject?: string,
): Promise<DeliveryRow | undefined> {
  if (address === '') return undefined;
  const rows = await queryRows<DeliveryRow>(
    tx,
    `SELECT * FROM deliveries WHERE mailbox_id = $1 AND lower(to_address) = $2 AND sent_at IS NOT NULL
     ORDER BY sent_at DESC LIMIT 50`,
    [mailboxId, address],
  );
  return subject === undefined ? rows[0] : rows.find((row) => subjectMatches(row.subject, subject));
}

function subjectMatches(sent: string, base: string): boolean {
  return sent.trim().replace(/\s+/g, ' ').toLowerCase() === base.toLowerCase();
}

/** SENT → BOUNCED with the status and diagnostic; undefined when the delivery was not SENT. */
export async function markBounced(
  tx: EntityManager,
  deliveryId: string,
  lastError: string,
  code: number,
): Promise<DeliveryRow | undefined> {
  const [row] = await queryRows<DeliveryRow>(
    tx,
    `UPDATE deliveries SET status = 'bounced', last_error = $2, last_smtp_code = $3, updated_at = now()
     WHERE id = $1 AND status = 'sent' RETURNING *`,
    [deliveryId, lastError, code],
  );
  return row;
}

/**
 * Suppresses an address for the workspace; `upgradeFrom` lists the reasons this one replaces (an
 * unsubscribe replaces a manual or hard-bounce entry, as the one-click link does). True when the
 * entry is new or changed.
 */
export async function suppressAddress(
  tx: EntityManager,
  entry: { workspaceId: string; email: string; reason: string; note: string; deliveryId: string | null },
  upgradeFrom: readonly string[] = [],
): Promise<boolean> {
  const rows = await queryRows(
    tx,
    `INSERT INTO suppressions (workspace_id, email, reason, note, delivery_id) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (workspace_id, email) DO UPDATE SET reason = excluded.reason, delivery_id = excluded.delivery_id
       WHERE suppressions.reason = ANY($6::text[])
     RETURNING email`,
    [entry.workspaceId, entry.email, entry.reason, entry.note, entry.deliveryId, upgradeFrom],
  );
  return rows.length > 0;
}

/** Soft bounces recorded for the address in the workspace. */
export async function softBounceCount(
  tx: EntityManager,
  workspaceId: string,
  address: string,
): Promise<number> {
  const [row] = await queryRows<{ count: string }>(
    tx,
    `SELECT count(*) AS count FROM inbound_messages
     WHERE workspace_id = $1 AND bounced_address = $2 AND kind = 'bounce' AND bounce_type = 'soft'`,
    [workspaceId, address],
  );
  return Number(row?.count ?? 0);
}

/** Up to `limit` messages after `after`, newest first. */
export async function listInbound(
  manager: EntityManager,
  workspaceId: string,
  filter: InboundFilter,
  after: ListPosition | undefined,
  limit: number,
): Promise<InboundMessage[]> {
  const params: unknown[] = [workspaceId];
  const where = ['workspace_id = $1'];
  const equal = (column: string, value: string | undefined) => {
    if (!value) return;
    params.push(value);
    where.push(`${column} = $${params.length}`);
  };
  equal('campaign_id', filter.campaignId);
  equal('client_id', filter.clientId);
  equal('mailbox_id', filter.mailboxId);
  if (filter.kinds.length > 0) {
    params.push(filter.kinds);
    where.push(`kind = ANY($${params.length}::text[])`);
  }
  if (after) {
    params.push(after.time.toISOString(), after.key);
    where.push(`(receive_time, id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
  }
  params.push(limit);
  const rows = await queryRows<InboundRow>(
    manager,
    `SELECT * FROM inbound_messages WHERE ${where.join(' AND ')}
     ORDER BY receive_time DESC, id DESC LIMIT $${params.length}`,
    params,
  );
  return rows.map(inboundMessageOf);
}

function inboundMessageOf(row: InboundRow): InboundMessage {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    mailboxId: row.mailbox_id,
    kind: row.kind,
    deliveryId: row.delivery_id,
    campaignId: row.campaign_id,
    clientId: row.client_id,
    fromAddress: row.from_address,
    subject: row.subject,
    snippet: row.snippet,
    messageId: row.message_id,
    receiveTime: new Date(row.receive_time),
    bounceType: row.bounce_type,
    bounceStatus: row.bounce_status,
    bouncedAddress: row.bounced_address,
    returnTime: row.return_at && new Date(row.return_at),
  };
}

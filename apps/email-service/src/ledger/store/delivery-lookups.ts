import type { EntityManager } from 'typeorm';
import { queryRows } from '@coldreach/db';
import { openDeliveryStates } from '../../domain/delivery';
import type { UnsubscribedDelivery } from '../../domain/suppression';

// What the mailbox and suppression stores read of the ledger, in their own transactions.

/** Deliveries of a mailbox that are waiting or in flight (DeleteMailbox refuses while there are any). */
export async function countOpenDeliveries(manager: EntityManager, mailboxId: string): Promise<number> {
  const [open] = await queryRows<{ n: number }>(
    manager,
    'SELECT count(*)::int AS n FROM deliveries WHERE mailbox_id = $1 AND status = ANY($2::text[])',
    [mailboxId, openDeliveryStates],
  );
  return Number(open?.n ?? 0);
}

/** The client the latest email to `email` (lower case) in the workspace went to, if any. */
export async function latestClientIdTo(
  manager: EntityManager,
  workspaceId: string,
  email: string,
): Promise<string | undefined> {
  const [latest] = await queryRows<{ client_id: string }>(
    manager,
    `SELECT client_id FROM deliveries WHERE workspace_id = $1 AND lower(to_address) = $2
     ORDER BY created_at DESC LIMIT 1`,
    [workspaceId, email],
  );
  return latest?.client_id;
}

/** The delivery an unsubscribe link names, or undefined. */
export async function deliveryForUnsubscribe(
  manager: EntityManager,
  workspaceId: string,
  deliveryId: string,
): Promise<UnsubscribedDelivery | undefined> {
  const [row] = await queryRows<{
    id: string;
    workspace_id: string;
    client_id: string;
    campaign_id: string | null;
    to_address: string;
  }>(
    manager,
    'SELECT id, workspace_id, client_id, campaign_id, to_address FROM deliveries WHERE id = $1 AND workspace_id = $2',
    [deliveryId, workspaceId],
  );
  return (
    row && {
      id: row.id,
      workspaceId: row.workspace_id,
      clientId: row.client_id,
      campaignId: row.campaign_id,
      toAddress: row.to_address,
    }
  );
}

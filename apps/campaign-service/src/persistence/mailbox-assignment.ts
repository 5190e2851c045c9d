import type { EntityManager } from 'typeorm';
import { queryRows } from '@coldreach/db';
import { DomainError } from '@coldreach/errors';
import type { Campaign } from '../domain/campaign';

/**
 * Reserves `count` consecutive round-robin slots over the campaign's mailboxes and answers the
 * mailbox of each, in order. The cursor lives on the campaign row, so leads scheduled by different
 * calls (or processes) keep spreading evenly.
 */
export async function assignMailboxes(
  manager: EntityManager,
  campaign: Campaign,
  count: number,
): Promise<string[]> {
  if (count === 0) return [];
  const mailboxes = campaign.mailboxIds;
  if (mailboxes.length === 0) {
    throw new DomainError('failed_precondition', 'the campaign has no mailbox to send from; add one first');
  }
  const [row] = await queryRows<{ start: string }>(
    manager,
    `UPDATE campaigns SET mailbox_cursor = mailbox_cursor + $2 WHERE id = $1
     RETURNING (mailbox_cursor - $2)::text AS start`,
    [campaign.id, count],
  );
  const start = BigInt(row?.start ?? '0');
  const size = BigInt(mailboxes.length);
  return Array.from(
    { length: count },
    (_, index) => mailboxes[Number((start + BigInt(index)) % size)] as string,
  );
}

/**
 * After the campaign's mailbox list changed: leads whose mailbox is no longer listed get a new one
 * (round-robin), and so do their tasks not yet handed over. Handed-over ones keep theirs.
 */
export async function reassignRemovedMailboxes(manager: EntityManager, campaign: Campaign): Promise<void> {
  if (campaign.mailboxIds.length === 0) return;
  const orphans = await queryRows<{ client_id: string }>(
    manager,
    `SELECT client_id FROM campaign_leads
     WHERE campaign_id = $1 AND mailbox_id IS NOT NULL AND NOT (mailbox_id = ANY($2::uuid[]))
     ORDER BY client_id`,
    [campaign.id, campaign.mailboxIds],
  );
  const chunk = 5000;
  for (let start = 0; start < orphans.length; start += chunk) {
    const clientIds = orphans.slice(start, start + chunk).map((row) => row.client_id);
    const mailboxes = await assignMailboxes(manager, campaign, clientIds.length);
    await queryRows(
      manager,
      `UPDATE campaign_leads l SET mailbox_id = x.mailbox_id
       FROM unnest($2::uuid[], $3::uuid[]) AS x(client_id, mailbox_id)
       WHERE l.campaign_id = $1 AND l.client_id = x.client_id`,
      [campaign.id, clientIds, mailboxes],
    );
    await queryRows(
      manager,
      `UPDATE campaign_tasks t SET mailbox_id = l.mailbox_id
       FROM campaign_leads l
       WHERE t.campaign_id = $1 AND t.client_id = ANY($2::uuid[]) AND t.status = 'pending'
         AND l.campaign_id = t.campaign_id AND l.client_id = t.client_id`,
      [campaign.id, clientIds],
    );
  }
}

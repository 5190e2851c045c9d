import type { DataSource } from 'typeorm';
import { queryRows } from '@coldreach/db';
import { normaliseAddress } from '../../events/email-events';
import type { ClaimedDelivery, DeliveryRecord } from '../claimed-delivery';
import { claimedDeliveryOf, type ClaimedRow } from './delivery-mapping';

/**
 * Claims up to `limit` due deliveries of campaigns that are not paused: each gets the next fencing
 * token and a lease owned by `workerId`. SKIP LOCKED lets workers claim side by side without
 * waiting for or taking each other's rows.
 */
export async function claimDeliveries(
  dataSource: DataSource,
  input: { workerId: string; limit: number; leaseMs: number },
): Promise<ClaimedDelivery[]> {
  const rows = await queryRows<ClaimedRow>(
    dataSource.manager,
    `WITH claimed AS (
       UPDATE deliveries SET status = 'claimed', fencing_token = nextval('delivery_fencing_tokens'),
         lease_owner = $1, lease_until = now() + $2 * interval '1 millisecond', updated_at = now()
       WHERE id IN (
         SELECT id FROM deliveries d
         WHERE status = 'scheduled' AND scheduled_at <= now()
           AND NOT EXISTS (SELECT 1 FROM paused_campaigns p WHERE p.campaign_id = d.campaign_id)
         ORDER BY scheduled_at LIMIT $3
         FOR UPDATE SKIP LOCKED)
       RETURNING *)
     SELECT c.*, m.id IS NOT NULL AS mailbox_found, m.from_name AS mailbox_from_name,
       m.from_address AS mailbox_from_address, m.smtp_url_sealed AS mailbox_smtp_url_sealed,
       m.daily_cap AS mailbox_daily_cap, m.domain_hourly_cap AS mailbox_domain_hourly_cap
     FROM claimed c LEFT JOIN mailboxes m ON m.id = c.mailbox_id`,
    [input.workerId, input.leaseMs, input.limit],
  );
  return rows.map(claimedDeliveryOf);
}

/**
 * Gives claims back without an attempt: to `scheduledAt` (a cap or throttle said later), or at
 * their current time when `scheduledAt` is null (the limiter was unavailable). Only rows this
 * claim still holds change.
 */
export async function releaseClaims(
  dataSource: DataSource,
  items: readonly { delivery: DeliveryRecord; scheduledAt: Date | null }[],
): Promise<void> {
  if (items.length === 0) return;
  await queryRows(
    dataSource.manager,
    `UPDATE deliveries d SET status = 'scheduled', scheduled_at = COALESCE(v.at, d.scheduled_at),
       lease_owner = NULL, lease_until = NULL, updated_at = now()
     FROM unnest($1::uuid[], $2::bigint[], $3::timestamptz[]) AS v(id, token, at)
     WHERE d.id = v.id AND d.fencing_token = v.token AND d.status = 'claimed'`,
    [
      items.map(({ delivery }) => delivery.id),
      items.map(({ delivery }) => delivery.fencingToken),
      items.map(({ scheduledAt }) => scheduledAt?.toISOString() ?? null),
    ],
  );
}

/**
 * The suppression check and the one guarded `claimed → sending` step, in a single statement (one
 * snapshot, taken after the caller got its address leases): rows whose recipient is suppressed stay
 * `claimed` and come back with the stored reason; of the others, only rows whose claim is still
 * this worker's and still valid move, counting an attempt and storing the rendered subject. Only
 * rows returned with `attempts` may be sent.
 */
export async function markSending(
  dataSource: DataSource,
  items: readonly { delivery: DeliveryRecord; subject: string }[],
  leaseMs: number,
): Promise<{ attempts: Map<string, number>; suppressed: Map<string, string> }> {
  const attempts = new Map<string, number>();
  const suppressed = new Map<string, string>();
  if (items.length === 0) return { attempts, suppressed };
  const rows = await queryRows<{ id: string; attempts: number | null; reason: string | null }>(
    dataSource.manager,
    `WITH v AS (
       SELECT * FROM unnest($1::uuid[], $2::bigint[], $3::text[], $4::uuid[], $5::text[])
         AS v(id, token, subject, workspace_id, email)),
     suppressed AS (
       SELECT v.id, s.reason FROM v JOIN suppressions s ON s.workspace_id = v.workspace_id AND s.email = v.email),
     moved AS (
       UPDATE deliveries d SET status = 'sending', attempts = d.attempts + 1, subject = v.subject,
         lease_until = now() + $6 * interval '1 millisecond', updated_at = now()
       FROM v
       WHERE d.id = v.id AND d.fencing_token = v.token AND d.status = 'claimed' AND d.lease_until > now()
         AND NOT EXISTS (SELECT 1 FROM suppressed WHERE suppressed.id = v.id)
       RETURNING d.id, d.attempts)
     SELECT id, attempts, NULL AS reason FROM moved
     UNION ALL SELECT id, NULL, reason FROM suppressed`,
    [
      items.map(({ delivery }) => delivery.id),
      items.map(({ delivery }) => delivery.fencingToken),
      items.map(({ subject }) => subject),
      items.map(({ delivery }) => delivery.workspaceId),
      items.map(({ delivery }) => normaliseAddress(delivery.toAddress)),
      leaseMs,
    ],
  );
  for (const row of rows) {
    if (row.reason !== null) suppressed.set(row.id, row.reason);
    else if (row.attempts !== null) attempts.set(row.id, row.attempts);
  }
  return { attempts, suppressed };
}

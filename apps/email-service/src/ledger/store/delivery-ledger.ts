import type { DataSource } from 'typeorm';
import { queryRows } from '@coldreach/db';
import { writeOutboxEvents } from '@coldreach/outbox';
import { emailUnknownEvent } from '../../events/email-events';
import {
  abandonedSendReason,
  afterExpiredLease,
  normaliseAddress,
  type ClaimedDelivery,
  type DeliveryRecord,
  type LedgerOutcome,
} from '../delivery-transitions';
import { recordOutcomes } from './delivery-outcomes';
import { claimedDeliveryOf, deliveryRecordOf, type ClaimedRow, type DeliveryRow } from './delivery-row';

/**
 * The delivery ledger as the workers see it: every write is guarded by the delivery's fencing
 * token, so a worker that lost its claim (the reaper, another claim) changes nothing.
 */
export interface DeliveryLedger {
  /** Claims due deliveries of campaigns that are not paused (`scheduled → claimed`). */
  claim(input: { workerId: string; limit: number; leaseMs: number }): Promise<ClaimedDelivery[]>;
  /** Gives claims back without an attempt (`claimed → scheduled`), at `scheduledAt` or as they were. */
  release(items: readonly { delivery: DeliveryRecord; scheduledAt: Date | null }[]): Promise<void>;
  /** The suppression check and the guarded `claimed → sending` step (one statement). */
  markSending(
    items: readonly { delivery: DeliveryRecord; subject: string }[],
    leaseMs: number,
  ): Promise<{ attempts: Map<string, number>; suppressed: Map<string, string> }>;
  /** Applies outcomes to rows still `from`, with their email.events; answers the ids that changed. */
  recordOutcomes(from: 'claimed' | 'sending', outcomes: readonly LedgerOutcome[]): Promise<Set<string>>;
  /** Expired leases: `claimed → scheduled`, `sending → unknown`. */
  reapExpiredLeases(): Promise<{ released: number; unknown: number }>;
}

export function createDeliveryLedger(dataSource: DataSource): DeliveryLedger {
  return {
    claim: (input) => claimDeliveries(dataSource, input),
    release: (items) => releaseClaims(dataSource, items),
    markSending: (items, leaseMs) => markSending(dataSource, items, leaseMs),
    recordOutcomes: (from, outcomes) => recordOutcomes(dataSource, from, outcomes),
    reapExpiredLeases: () => reapExpiredLeases(dataSource),
  };
}

/**
 * Claims up to `limit` due deliveries of campaigns that are not paused: each gets the next fencing
 * token and a lease owned by `workerId`. SKIP LOCKED lets workers claim side by side without
 * waiting for or taking each other's rows.
 */
async function claimDeliveries(
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
async function releaseClaims(
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
async function markSending(
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

// Rows per round; a backlog is worked off over the next rounds.
const reapBatch = 500;

/**
 * Frees what dead or stalled workers hold: an expired `claimed` lease goes back to `scheduled`
 * (the next claim takes a new fencing token, so the old holder can no longer act on it); an expired
 * `sending` lease means an SMTP transaction whose outcome was never recorded, so the delivery becomes
 * `unknown` with an EmailUnknown event and is never sent again by itself.
 */
async function reapExpiredLeases(dataSource: DataSource): Promise<{ released: number; unknown: number }> {
  const released = await queryRows<{ id: string }>(
    dataSource.manager,
    `UPDATE deliveries SET status = $3, lease_owner = NULL, lease_until = NULL, updated_at = now()
     WHERE id IN (
       SELECT id FROM deliveries WHERE status = $2 AND lease_until < now()
       ORDER BY lease_until LIMIT $1 FOR UPDATE SKIP LOCKED)
     RETURNING id`,
    [reapBatch, 'claimed', afterExpiredLease.claimed],
  );
  const unknown = await dataSource.transaction(async (manager) => {
    const rows = await queryRows<DeliveryRow>(
      manager,
      `UPDATE deliveries SET status = $4, last_error = $2, lease_owner = NULL, lease_until = NULL,
         updated_at = now()
       WHERE id IN (
         SELECT id FROM deliveries WHERE status = $3 AND lease_until < now()
         ORDER BY lease_until LIMIT $1 FOR UPDATE SKIP LOCKED)
       RETURNING *`,
      [reapBatch, abandonedSendReason, 'sending', afterExpiredLease.sending],
    );
    await writeOutboxEvents(
      manager,
      rows.map((row) => emailUnknownEvent(deliveryRecordOf(row), abandonedSendReason)),
    );
    return rows.length;
  });
  return { released: released.length, unknown };
}

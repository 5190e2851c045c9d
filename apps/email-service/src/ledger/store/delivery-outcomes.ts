import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { queryRows } from '@coldreach/db';
import { outboxInsertSelect, writeOutboxEvents, type OutboxEventInput } from '@coldreach/outbox';
import {
  emailFailedEvent,
  emailHardBouncedEvent,
  emailSentEvent,
  emailSuppressedEvent,
  emailUnknownEvent,
  suppressionReasonOf,
} from '../../events/email-events';
import { lastErrorOf, normaliseAddress, type LedgerOutcome } from '../delivery-transitions';

// Rows a statement; well under PostgreSQL's 65535 parameters for the widest insert (13 a row).
const chunkSize = 1000;

// Moves rows still `from` under their fencing token; $1–$7, answering the ids it moved.
const updateSql = `UPDATE deliveries d SET status = v.status,
    scheduled_at = COALESCE(v.at, d.scheduled_at), next_attempt_at = v.at,
    last_error = v.detail, last_smtp_code = v.code,
    sent_at = CASE WHEN v.status = 'sent' THEN now() ELSE d.sent_at END,
    lease_owner = NULL, lease_until = NULL, updated_at = now()
  FROM unnest($1::uuid[], $2::bigint[], $3::text[], $4::timestamptz[], $5::text[], $6::int[])
    AS v(id, token, status, at, detail, code)
  WHERE d.id = v.id AND d.fencing_token = v.token AND d.status = $7
  RETURNING d.id`;

function updateParams(outcomes: readonly LedgerOutcome[], from: 'claimed' | 'sending'): unknown[] {
  return [
    outcomes.map(({ delivery }) => delivery.id),
    outcomes.map(({ delivery }) => delivery.fencingToken),
    outcomes.map((outcome) => outcome.status),
    outcomes.map((outcome) => (outcome.status === 'scheduled' ? outcome.scheduledAt.toISOString() : null)),
    outcomes.map(lastErrorOf),
    outcomes.map((outcome) => ('code' in outcome ? outcome.code : 0)),
    from,
  ];
}

/**
 * Applies outcomes to rows that are still `from` under the fencing token the outcome's delivery
 * carries, with their email.events in the same transaction: the caught message of a catcher send,
 * the HARD_BOUNCE suppression of a 5xx at RCPT TO. Returns the ids that changed; an outcome whose
 * row moved on (another claim, the reaper) changes nothing and emits nothing.
 */
export async function applyOutcomes(
  manager: EntityManager,
  from: 'claimed' | 'sending',
  outcomes: readonly LedgerOutcome[],
): Promise<Set<string>> {
  const applied = new Set<string>();
  if (outcomes.length === 0) return applied;
  for (let start = 0; start < outcomes.length; start += chunkSize) {
    const chunk = outcomes.slice(start, start + chunkSize);
    const changed = await queryRows<{ id: string }>(manager, updateSql, updateParams(chunk, from));
    for (const { id } of changed) applied.add(id);
  }
  const done = outcomes.filter(({ delivery }) => applied.has(delivery.id));
  await writeOutboxEvents(manager, done.flatMap(eventsOf));
  await insertCaughtMessages(manager, done);
  await insertHardBounces(manager, done);
  return applied;
}

/**
 * applyOutcomes in a transaction of its own; when the outcomes only move rows and emit events (no
 * caught message, no bounce to suppress: every SMTP send that went or failed plainly) that is one
 * statement, the rows and their events together, instead of a transaction of four.
 */
export async function recordOutcomes(
  dataSource: DataSource,
  from: 'claimed' | 'sending',
  outcomes: readonly LedgerOutcome[],
): Promise<Set<string>> {
  const plain = outcomes.every(
    (outcome) =>
      !(outcome.status === 'sent' && outcome.caught) && !(outcome.status === 'failed' && outcome.bounce),
  );
  if (!plain || outcomes.length === 0 || outcomes.length > chunkSize) {
    return dataSource.transaction((manager) => applyOutcomes(manager, from, outcomes));
  }
  const events = outcomes.flatMap((outcome) =>
    eventsOf(outcome).map((event) => ({ ...event, owner: outcome.delivery.id })),
  );
  const insert = outboxInsertSelect(events, 8, 'SELECT id::text FROM changed');
  const changed = await queryRows<{ id: string }>(
    dataSource.manager,
    `WITH changed AS (${updateSql})${events.length > 0 ? `, events AS (${insert.sql})` : ''}
     SELECT id FROM changed`,
    [...updateParams(outcomes, from), ...(events.length > 0 ? insert.params : [])],
  );
  return new Set(changed.map(({ id }) => id));
}

function eventsOf(outcome: LedgerOutcome): OutboxEventInput[] {
  const { delivery } = outcome;
  switch (outcome.status) {
    case 'sent':
      return [emailSentEvent(delivery, outcome.code, outcome.response)];
    case 'failed':
      return outcome.bounce
        ? [
            emailFailedEvent(delivery, { code: outcome.code, reason: outcome.reason }),
            emailHardBouncedEvent(delivery, outcome.code, outcome.reason),
          ]
        : [emailFailedEvent(delivery, { code: outcome.code, reason: outcome.reason })];
    case 'unknown':
      return [emailUnknownEvent(delivery, outcome.reason)];
    case 'suppressed':
      return [emailSuppressedEvent(delivery, suppressionReasonOf(outcome.suppressionReason))];
    case 'scheduled':
      return [];
  }
}

async function insertCaughtMessages(
  manager: EntityManager,
  outcomes: readonly LedgerOutcome[],
): Promise<void> {
  const caught = outcomes.flatMap((outcome) =>
    outcome.status === 'sent' && outcome.caught
      ? [{ delivery: outcome.delivery, draft: outcome.caught }]
      : [],
  );
  for (let start = 0; start < caught.length; start += chunkSize) {
    const params: unknown[] = [];
    const tuples = caught.slice(start, start + chunkSize).map(({ delivery, draft }) => {
      const at = params.length;
      params.push(
        randomUUID(),
        delivery.workspaceId,
        delivery.id,
        delivery.campaignId,
        delivery.mailboxId,
        draft.envelopeFrom,
        draft.envelopeTo,
        draft.subject,
        draft.textBody,
        draft.htmlBody,
        JSON.stringify(draft.headers),
        draft.messageId,
        draft.sizeBytes,
      );
      const p = (n: number) => `$${at + n}`;
      return `(${p(1)}::uuid, ${p(2)}::uuid, ${p(3)}::uuid, ${p(4)}::uuid, ${p(5)}::uuid, ${p(6)}, ${p(7)}::text[],
        ${p(8)}, ${p(9)}, ${p(10)}, ${p(11)}::jsonb, ${p(12)}, ${p(13)}::int)`;
    });
    await queryRows(
      manager,
      `INSERT INTO caught_messages (id, workspace_id, delivery_id, campaign_id, mailbox_id, envelope_from,
         envelope_to, subject, text_body, html_body, headers, message_id, size_bytes)
       VALUES ${tuples.join(', ')}`,
      params,
    );
  }
}

async function insertHardBounces(manager: EntityManager, outcomes: readonly LedgerOutcome[]): Promise<void> {
  const bounced = outcomes.filter((outcome) => outcome.status === 'failed' && outcome.bounce);
  if (bounced.length === 0) return;
  // Not through AddressFence.suppressing: the worker may still hold send leases on this address in
  // other batches. A bounce is about an address that refuses mail; a send racing it bounces too.
  await queryRows(
    manager,
    `INSERT INTO suppressions (workspace_id, email, reason, note, delivery_id)
     SELECT k.workspace_id, k.email, 'hard_bounce', k.note, k.delivery_id
     FROM unnest($1::uuid[], $2::text[], $3::text[], $4::uuid[]) AS k(workspace_id, email, note, delivery_id)
     ON CONFLICT (workspace_id, email) DO NOTHING`,
    [
      bounced.map(({ delivery }) => delivery.workspaceId),
      bounced.map(({ delivery }) => normaliseAddress(delivery.toAddress)),
      bounced.map((outcome) => (outcome.status === 'failed' ? outcome.reason : '')),
      bounced.map(({ delivery }) => delivery.id),
    ],
  );
}

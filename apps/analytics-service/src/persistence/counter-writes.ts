import type { EntityManager } from 'typeorm';
import { assertInTransaction, queryRows, quoteIdent } from '@coldreach/db';
import { firstSeenKeysOf, totalBatch, type BatchTotals } from '../domain/batch-totals';
import type { EventFacts } from '../domain/event-facts';
import { emailCounterNames, workspaceCounterNames } from './analytics-tables';

/**
 * Applies a batch of events to the counters of `schema`, each event once: its id goes into
 * processed_events and only the new ones count; then one statement per table. Rows are written in
 * key order so that batches of other partitions running at the same time never deadlock. Answers
 * how many events were new.
 */
export async function applyEventFacts(
  manager: EntityManager,
  schema: string,
  facts: readonly EventFacts[],
): Promise<number> {
  assertInTransaction(manager, 'applyEventFacts');
  if (facts.length === 0) return 0;
  const s = quoteIdent(schema);
  const ids = [...new Set(facts.map((fact) => fact.eventId))].sort();
  const inserted = await queryRows<{ event_id: string }>(
    manager,
    `INSERT INTO ${s}.processed_events (event_id) SELECT unnest($1::uuid[])
     ON CONFLICT DO NOTHING RETURNING event_id::text AS event_id`,
    [ids],
  );
  const fresh = new Set(inserted.map((row) => row.event_id));
  // Deleting as we go also skips an event that came twice in the batch.
  const toApply = facts.filter((fact) => fresh.delete(fact.eventId));
  if (toApply.length === 0) return 0;
  const totals = totalBatch(toApply, await insertFirstSeen(manager, s, toApply));
  await writeEmailCounters(manager, s, totals);
  await writeWorkspaceCounters(manager, s, totals);
  await writeLeadStates(manager, s, totals);
  await writeCampaignStates(manager, s, totals);
  await writeWorkspaceStates(manager, s, totals);
  return toApply.length;
}

async function insertFirstSeen(
  manager: EntityManager,
  s: string,
  facts: readonly EventFacts[],
): Promise<Set<string>> {
  const keys = firstSeenKeysOf(facts).sort((a, b) =>
    compare(`${a.subject} ${a.kind}`, `${b.subject} ${b.kind}`),
  );
  if (keys.length === 0) return new Set();
  const rows = await queryRows<{ subject: string; kind: string }>(
    manager,
    `INSERT INTO ${s}.first_seen (subject, kind) SELECT * FROM unnest($1::text[], $2::text[])
     ON CONFLICT DO NOTHING RETURNING subject, kind`,
    [keys.map((key) => key.subject), keys.map((key) => key.kind)],
  );
  return new Set(rows.map((row) => `${row.subject} ${row.kind}`));
}

async function writeEmailCounters(manager: EntityManager, s: string, totals: BatchTotals): Promise<void> {
  const rows = sortedValues(totals.email);
  if (rows.length === 0) return;
  const counters = emailCounterNames.map((name, i) => ({ name, param: `$${i + 7}::bigint[]` }));
  await manager.query(
    `INSERT INTO ${s}.email_counters AS t
       (workspace_id, campaign_id, step_id, mailbox_id, bucket, step_position, ${emailCounterNames.join(', ')})
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::int[],
       ${counters.map((c) => c.param).join(', ')})
     ON CONFLICT (workspace_id, campaign_id, step_id, mailbox_id, bucket) DO UPDATE SET
       step_position = GREATEST(t.step_position, excluded.step_position),
       ${counters.map((c) => `${c.name} = t.${c.name} + excluded.${c.name}`).join(',\n       ')}`,
    [
      rows.map((row) => row.workspaceId),
      rows.map((row) => row.campaignId),
      rows.map((row) => row.stepId),
      rows.map((row) => row.mailboxId),
      rows.map((row) => row.bucket.toISOString()),
      rows.map((row) => row.stepPosition),
      ...emailCounterNames.map((name) => rows.map((row) => row.counts[name])),
    ],
  );
}

async function writeWorkspaceCounters(manager: EntityManager, s: string, totals: BatchTotals): Promise<void> {
  const rows = sortedValues(totals.workspace);
  if (rows.length === 0) return;
  const counters = workspaceCounterNames.map((name, i) => ({ name, param: `$${i + 3}::bigint[]` }));
  await manager.query(
    `INSERT INTO ${s}.workspace_counters AS t (workspace_id, bucket, ${workspaceCounterNames.join(', ')})
     SELECT * FROM unnest($1::uuid[], $2::timestamptz[], ${counters.map((c) => c.param).join(', ')})
     ON CONFLICT (workspace_id, bucket) DO UPDATE SET
       ${counters.map((c) => `${c.name} = t.${c.name} + excluded.${c.name}`).join(',\n       ')}`,
    [
      rows.map((row) => row.workspaceId),
      rows.map((row) => row.bucket.toISOString()),
      ...workspaceCounterNames.map((name) => rows.map((row) => row.counts[name])),
    ],
  );
}

async function writeLeadStates(manager: EntityManager, s: string, totals: BatchTotals): Promise<void> {
  const rows = sortedValues(totals.leads);
  if (rows.length === 0) return;
  // NULL in the batch's row leaves the stored value; an older state than the stored one only fills
  // the source if it is still unknown (events of one lead normally arrive in order, on one partition).
  await manager.query(
    `INSERT INTO ${s}.lead_states AS t (workspace_id, client_id, source, status, deleted, as_of)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::boolean[], $6::timestamptz[])
     ON CONFLICT (workspace_id, client_id) DO UPDATE SET
       source = CASE WHEN excluded.as_of >= t.as_of THEN coalesce(excluded.source, t.source)
                ELSE coalesce(t.source, excluded.source) END,
       status = CASE WHEN excluded.as_of >= t.as_of THEN coalesce(excluded.status, t.status) ELSE t.status END,
       deleted = CASE WHEN excluded.as_of >= t.as_of THEN coalesce(excluded.deleted, t.deleted) ELSE t.deleted END,
       as_of = GREATEST(t.as_of, excluded.as_of)`,
    [
      rows.map((row) => row.workspaceId),
      rows.map((row) => row.clientId),
      rows.map((row) => row.source ?? null),
      rows.map((row) => row.status ?? null),
      rows.map((row) => row.deleted ?? null),
      rows.map((row) => row.asOf.toISOString()),
    ],
  );
}

async function writeCampaignStates(manager: EntityManager, s: string, totals: BatchTotals): Promise<void> {
  const rows = sortedValues(totals.campaigns);
  if (rows.length === 0) return;
  const newer = (field: string) =>
    `excluded.${field} IS NOT NULL AND (t.${field}_as_of IS NULL OR excluded.${field}_as_of >= t.${field}_as_of)`;
  const take = (field: string) =>
    `${field} = CASE WHEN ${newer(field)} THEN excluded.${field} ELSE t.${field} END,
       ${field}_as_of = CASE WHEN ${newer(field)} THEN excluded.${field}_as_of ELSE t.${field}_as_of END`;
  await manager.query(
    `INSERT INTO ${s}.campaign_states AS t
       (workspace_id, campaign_id, status, status_as_of, leads, leads_as_of, last_event_at)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[], $5::bigint[],
       $6::timestamptz[], $7::timestamptz[])
     ON CONFLICT (workspace_id, campaign_id) DO UPDATE SET
       ${take('status')},
       ${take('leads')},
       last_event_at = GREATEST(t.last_event_at, excluded.last_event_at)`,
    [
      rows.map((row) => row.workspaceId),
      rows.map((row) => row.campaignId),
      rows.map((row) => row.status?.value ?? null),
      rows.map((row) => row.status?.asOf.toISOString() ?? null),
      rows.map((row) => row.leads?.value ?? null),
      rows.map((row) => row.leads?.asOf.toISOString() ?? null),
      rows.map((row) => row.lastEventAt.toISOString()),
    ],
  );
}

async function writeWorkspaceStates(manager: EntityManager, s: string, totals: BatchTotals): Promise<void> {
  const entries = [...totals.workspaces].sort(([a], [b]) => compare(a, b));
  await manager.query(
    `INSERT INTO ${s}.workspace_states AS t (workspace_id, last_event_at)
     SELECT * FROM unnest($1::uuid[], $2::timestamptz[])
     ON CONFLICT (workspace_id) DO UPDATE SET last_event_at = GREATEST(t.last_event_at, excluded.last_event_at)`,
    [entries.map(([id]) => id), entries.map(([, at]) => at.toISOString())],
  );
}

function sortedValues<T>(map: Map<string, T>): T[] {
  return [...map].sort(([a], [b]) => compare(a, b)).map(([, value]) => value);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

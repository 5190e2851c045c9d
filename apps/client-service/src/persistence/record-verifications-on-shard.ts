import type { EntityManager } from 'typeorm';
import { queryRows } from '@coldreach/db';
import { processEach, writeOutboxEvents } from '@coldreach/outbox';
import type { VerificationOutcome } from '../domain/client-store';
import { applyVerifications, type VerificationDraft } from '../domain/verification';
import { clientVerifiedEvent } from '../events/client-events';
import { lockClientRows } from './lock-client-rows';

/**
 * Records `drafts` (all routed to this shard) in the caller's transaction: with `consumerGroup`, the
 * drafts' event ids go to processed_events first and those recorded before are `duplicate`; the
 * clients are locked, the domain decides each outcome (applyVerifications), one statement writes the
 * clients that changed and the outbox gets one `client.verified` per recorded draft, in order.
 */
export async function recordVerificationsOnShard(
  manager: EntityManager,
  drafts: readonly VerificationDraft[],
  now: Date,
  consumerGroup?: string,
): Promise<VerificationOutcome[]> {
  const fresh = consumerGroup
    ? await processEach(
        manager,
        consumerGroup,
        // Sorted, so two members given the same batch (a rebalance) lock the ids in one order.
        drafts.flatMap((draft) => (draft.eventId ? [draft.eventId] : [])).sort(),
      )
    : undefined;
  // Deleting as we go also leaves out an event that came twice in the batch.
  const isNew = (draft: VerificationDraft) => !fresh || !draft.eventId || fresh.delete(draft.eventId);
  const applicable = drafts.map((draft) => (isNew(draft) ? draft : undefined));
  const toApply = applicable.filter((draft) => draft !== undefined);
  const current = await lockClientRows(
    manager,
    toApply.map((draft) => ({ workspaceId: draft.workspaceId, id: draft.clientId })),
  );
  const { outcomes, changed, recorded } = applyVerifications(current, toApply, now);
  if (changed.size > 0) {
    await queryRows(manager, updateStatement, [
      JSON.stringify(
        [...changed.values()].map((client) => ({
          id: client.id,
          status: client.verificationStatus,
          verdict: client.verification?.verdict,
          reasons: client.verification?.reasons,
          mx_host: client.verification?.mxHost,
          checked_at: client.verification?.checkedAt.toISOString(),
          from_cache: client.verification?.fromCache,
        })),
      ),
      now.toISOString(),
    ]);
  }
  // After the row locks: same-key events get outbox ids in commit order (see writeOutboxEvents).
  await writeOutboxEvents(
    manager,
    recorded.map(({ client, previousStatus }) => clientVerifiedEvent(client, previousStatus)),
  );
  let next = 0;
  return applicable.map((draft) => (draft ? (outcomes[next++] ?? 'not_found') : 'duplicate'));
}

// The rows are locked and known to exist; $1 holds each changed client's final state.
const updateStatement = `
UPDATE clients AS c SET
  verification_status = x.status,
  verification_verdict = x.verdict,
  verification_reasons = ARRAY(
    SELECT r.reason FROM jsonb_array_elements_text(x.reasons) WITH ORDINALITY AS r(reason, n) ORDER BY r.n),
  verification_mx_host = x.mx_host,
  verification_checked_at = x.checked_at,
  verification_from_cache = x.from_cache,
  updated_at = $2::timestamptz
FROM jsonb_to_recordset($1::jsonb) AS x(
  id uuid, status text, verdict text, reasons jsonb, mx_host text, checked_at timestamptz, from_cache boolean)
WHERE c.id = x.id`;

import type { DataSource, EntityManager } from 'typeorm';
import { queryRows } from '@coldreach/db';
import type { Campaign } from '../domain/campaign';
import type { DueTask } from '../domain/hand-over-rules';
import type { Step } from '../domain/sequence';
import { campaignColumns, rowToCampaign, rowToStep, type CampaignRow, type StepRow } from './row-mapping';

// All SQL of the hand-over (workers/hand-over-scheduler.ts); its rules are domain/hand-over-rules.ts.

export interface LockedDueTask extends DueTask {
  stepPosition: number;
}

/** Active campaigns that have due tasks and are not held by their daily cap (no lock: a hint). */
export async function campaignsWithDueTasks(
  dataSource: DataSource,
  now: Date,
  limit: number,
): Promise<{ id: string; workspaceId: string; launchTraceContext: Record<string, string> }[]> {
  const rows = await queryRows<{
    id: string;
    workspace_id: string;
    launch_trace_context: Record<string, string>;
  }>(
    dataSource.manager,
    `SELECT c.id, c.workspace_id, c.launch_trace_context FROM campaigns c
     WHERE c.status = 'active' AND (c.handover_blocked_until IS NULL OR c.handover_blocked_until <= $1)
       AND EXISTS (SELECT 1 FROM campaign_tasks t
                   WHERE t.campaign_id = c.id AND t.status = 'pending' AND t.due_at <= $1
                     AND (t.handover_claim_until IS NULL OR t.handover_claim_until < $1))
     ORDER BY c.updated_at LIMIT $2`,
    [now.toISOString(), limit],
  );
  return rows.map((row) => ({
    id: row.id,
    workspaceId: row.workspace_id,
    launchTraceContext: row.launch_trace_context ?? {},
  }));
}

/**
 * Tasks of the campaign handed over since `since` that the Email service has not reported on yet
 * (no sent, failed, … back).
 */
export async function tasksInFlight(
  dataSource: DataSource,
  campaignId: string,
  since: Date,
): Promise<number> {
  const [row] = await queryRows<{ count: number }>(
    dataSource.manager,
    `SELECT count(*)::int AS count FROM campaign_tasks
     WHERE campaign_id = $1 AND status IN ('scheduled', 'claimed', 'sending') AND handed_over_at > $2`,
    [campaignId, since.toISOString()],
  );
  return row?.count ?? 0;
}

/**
 * Claims the oldest due tasks of an active campaign for `claim` until `until` (one statement, rows
 * another scheduler is claiming are skipped): the claimer fetches their recipients outside any
 * transaction, then hands them over with lockClaimedTasks. Other schedulers skip them meanwhile,
 * so several processes share one campaign's tasks without fetching the same recipients.
 */
export async function claimDueTasks(
  dataSource: DataSource,
  campaignId: string,
  claim: string,
  now: Date,
  until: Date,
  limit: number,
): Promise<{ id: string; clientId: string }[]> {
  const rows = await queryRows<{ id: string; client_id: string }>(
    dataSource.manager,
    `UPDATE campaign_tasks SET handover_claim = $2, handover_claim_until = $4
     WHERE id IN (
       SELECT t.id FROM campaign_tasks t
       WHERE t.campaign_id = $1 AND t.status = 'pending' AND t.due_at <= $3
         AND (t.handover_claim_until IS NULL OR t.handover_claim_until < $3)
         AND EXISTS (SELECT 1 FROM campaigns c WHERE c.id = $1 AND c.status = 'active')
       ORDER BY t.due_at, t.id LIMIT $5 FOR UPDATE SKIP LOCKED)
     RETURNING id, client_id`,
    [campaignId, claim, now.toISOString(), until.toISOString(), limit],
  );
  return rows.map((row) => ({ id: row.id, clientId: row.client_id }));
}

/** Gives claimed tasks back (the campaign was paused, or the cap was reached) for a later round. */
export async function releaseClaims(
  manager: EntityManager,
  ids: readonly string[],
  claim: string,
): Promise<void> {
  if (ids.length === 0) return;
  await queryRows(
    manager,
    `UPDATE campaign_tasks SET handover_claim = NULL, handover_claim_until = NULL
     WHERE id = ANY($1::uuid[]) AND handover_claim = $2`,
    [ids, claim],
  );
}

/**
 * The campaign row, locked until the transaction ends: the hand-over waits for a pause under way
 * (and a pause waits for a hand-over under way), so once PauseCampaign returns nothing more goes.
 */
export async function lockCampaignRow(
  manager: EntityManager,
  id: string,
): Promise<{ campaign: Campaign; blockedUntil: Date | null } | undefined> {
  const [row] = await queryRows<CampaignRow>(
    manager,
    `SELECT ${campaignColumns} FROM campaigns c WHERE c.id = $1 FOR NO KEY UPDATE`,
    [id],
  );
  return row ? { campaign: rowToCampaign(row), blockedUntil: row.handover_blocked_until } : undefined;
}

/** Tasks of the campaign handed over since `since` (what the daily cap counts). */
export async function handedOverSince(
  manager: EntityManager,
  campaignId: string,
  since: Date,
): Promise<number> {
  const [row] = await queryRows<{ count: number }>(
    manager,
    `SELECT count(*)::int AS count FROM campaign_tasks
     WHERE campaign_id = $1 AND handed_over_at IS NOT NULL AND handed_over_at >= $2`,
    [campaignId, since.toISOString()],
  );
  return row?.count ?? 0;
}

/** Holds the campaign's hand-over until `until` (its daily cap is reached). */
export async function holdHandOverUntil(
  manager: EntityManager,
  campaignId: string,
  until: Date,
): Promise<void> {
  await queryRows(manager, 'UPDATE campaigns SET handover_blocked_until = $2 WHERE id = $1', [
    campaignId,
    until.toISOString(),
  ]);
}

/** The campaign's steps (their templates go into the commands). */
export async function campaignSteps(manager: EntityManager, campaignId: string): Promise<Step[]> {
  const rows = await queryRows<StepRow>(manager, 'SELECT * FROM campaign_steps WHERE campaign_id = $1', [
    campaignId,
  ]);
  return rows.map(rowToStep);
}

/** Locks those of `ids` that are still pending and still claimed by `claim`, oldest due first. */
export async function lockClaimedTasks(
  manager: EntityManager,
  ids: readonly string[],
  claim: string,
): Promise<LockedDueTask[]> {
  const rows = await queryRows<{
    id: string;
    client_id: string;
    step_id: string;
    step_position: number;
    mailbox_id: string;
    due_at: Date;
  }>(
    manager,
    `SELECT id, client_id, step_id, step_position, mailbox_id::text AS mailbox_id, due_at FROM campaign_tasks
     WHERE id = ANY($1::uuid[]) AND handover_claim = $2 AND status = 'pending'
     ORDER BY due_at, id FOR UPDATE`,
    [ids, claim],
  );
  return rows.map((row) => ({
    id: row.id,
    clientId: row.client_id,
    stepId: row.step_id,
    stepPosition: row.step_position,
    mailboxId: row.mailbox_id,
    dueAt: row.due_at,
  }));
}

/**
 * The Message-ID of the email each lead was sent last in the campaign, for In-Reply-To (replied to
 * or bounced since, too: a campaign without stop_on_reply follows up an email the lead answered).
 */
export async function lastMessageIds(
  manager: EntityManager,
  campaignId: string,
  clientIds: readonly string[],
): Promise<Map<string, string>> {
  if (clientIds.length === 0) return new Map();
  const rows = await queryRows<{ client_id: string; message_id: string }>(
    manager,
    `SELECT DISTINCT ON (client_id) client_id, message_id FROM campaign_tasks
     WHERE campaign_id = $1 AND client_id = ANY($2::uuid[]) AND status IN ('sent', 'replied', 'bounced')
       AND message_id <> ''
     ORDER BY client_id, sent_at DESC`,
    [campaignId, clientIds],
  );
  return new Map(rows.map((row) => [row.client_id, row.message_id]));
}

/** Marks tasks handed over at their send time, in one statement. */
export async function markHandedOver(
  manager: EntityManager,
  handed: readonly { id: string; scheduledAt: Date }[],
  now: Date,
): Promise<void> {
  if (handed.length === 0) return;
  await queryRows(
    manager,
    `UPDATE campaign_tasks t SET status = 'scheduled', handed_over_at = $1, due_at = x.due_at, updated_at = $1,
       handover_claim = NULL, handover_claim_until = NULL
     FROM unnest($2::uuid[], $3::timestamptz[]) AS x(id, due_at)
     WHERE t.id = x.id AND t.status = 'pending'`,
    [now.toISOString(), handed.map((task) => task.id), handed.map((task) => task.scheduledAt.toISOString())],
  );
}

/** Moves pending tasks to a later due time (and their leads' next send time with them). */
export async function retimeTasks(
  manager: EntityManager,
  retimed: readonly { id: string; dueAt: Date }[],
  now: Date,
): Promise<void> {
  if (retimed.length === 0) return;
  const ids = retimed.map((task) => task.id);
  await queryRows(
    manager,
    `UPDATE campaign_tasks t SET due_at = x.due_at, updated_at = $1, handover_claim = NULL,
       handover_claim_until = NULL
     FROM unnest($2::uuid[], $3::timestamptz[]) AS x(id, due_at) WHERE t.id = x.id`,
    [now.toISOString(), ids, retimed.map((task) => task.dueAt.toISOString())],
  );
  // Display only, so a lead another transaction holds (an email event stopping it, say) is skipped
  // rather than waited for: the hand-over never waits on a lead while holding tasks.
  await queryRows(
    manager,
    `UPDATE campaign_leads l SET next_send_at = t.due_at FROM campaign_tasks t
     WHERE t.id = ANY($1::uuid[]) AND l.campaign_id = t.campaign_id AND l.client_id = t.client_id
       AND l.next_step_id = t.step_id
       AND (l.campaign_id, l.client_id) IN (
         SELECT k.campaign_id, k.client_id FROM campaign_leads k
         JOIN campaign_tasks u ON u.campaign_id = k.campaign_id AND u.client_id = k.client_id
         WHERE u.id = ANY($1::uuid[]) FOR UPDATE OF k SKIP LOCKED)`,
    [ids],
  );
}

/** Cancels pending tasks with a reason. */
export async function cancelTasks(
  manager: EntityManager,
  ids: readonly string[],
  reason: string,
  now: Date,
): Promise<void> {
  if (ids.length === 0) return;
  await queryRows(
    manager,
    `UPDATE campaign_tasks SET status = 'cancelled', last_error = $2, updated_at = $3
     WHERE id = ANY($1::uuid[]) AND status = 'pending'`,
    [ids, reason, now.toISOString()],
  );
}

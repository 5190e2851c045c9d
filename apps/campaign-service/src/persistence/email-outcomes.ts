import type { EntityManager } from 'typeorm';
import { queryRows } from '@coldreach/db';
import type { TaskStatusName } from '../domain/sequence';
import type { SequenceStop } from '../domain/sequence-stops';
import { findCampaign } from './campaign-queries';
import { scheduleNextSteps } from './lead-sequencer';
import { endSequences, relabelFailedSequence } from './lead-stops';
import { cancelOpenTasks } from './task-cancellation';

/** The task an email event is about, as stored. */
export interface TaskRef {
  workspaceId: string;
  taskId: string;
  campaignId: string;
  clientId: string;
  stepId: string;
  stepPosition: number;
}

// Which statuses each outcome may replace: the Email service's word is final, except that an
// UNKNOWN delivery retried by an admin may still end sent or failed.
const replaceable: Record<'sent' | 'failed' | 'unknown' | 'suppressed' | 'cancelled', TaskStatusName[]> = {
  sent: ['pending', 'scheduled', 'claimed', 'sending', 'unknown', 'failed', 'cancelled'],
  failed: ['pending', 'scheduled', 'claimed', 'sending', 'unknown'],
  unknown: ['pending', 'scheduled', 'claimed', 'sending'],
  suppressed: ['pending', 'scheduled', 'claimed', 'sending', 'unknown'],
  cancelled: ['pending', 'scheduled', 'claimed', 'sending'],
};

/**
 * Records an outcome the Email service reported for a task. Answers the task, or undefined when
 * there is no such task in the workspace or the outcome changes nothing (e.g. a repeat).
 */
export async function recordTaskOutcome(
  manager: EntityManager,
  workspaceId: string,
  taskId: string,
  outcome: {
    status: keyof typeof replaceable;
    messageId?: string;
    attempts?: number;
    lastError?: string;
    sentAt?: Date;
  },
  now: Date,
): Promise<TaskRef | undefined> {
  const [row] = await queryRows<{
    campaign_id: string;
    client_id: string;
    step_id: string;
    step_position: number;
  }>(
    manager,
    `UPDATE campaign_tasks SET status = $3, message_id = COALESCE($4, message_id),
       attempts = COALESCE($5, attempts), last_error = COALESCE($6, last_error),
       sent_at = COALESCE($7::timestamptz, sent_at), updated_at = $8
     WHERE workspace_id = $1 AND id = $2 AND status = ANY($9::text[])
     RETURNING campaign_id, client_id, step_id, step_position`,
    [
      workspaceId,
      taskId,
      outcome.status,
      outcome.messageId ?? null,
      outcome.attempts ?? null,
      outcome.lastError ?? null,
      outcome.sentAt?.toISOString() ?? null,
      now.toISOString(),
      replaceable[outcome.status],
    ],
  );
  if (!row) return undefined;
  return {
    workspaceId,
    taskId,
    campaignId: row.campaign_id,
    clientId: row.client_id,
    stepId: row.step_id,
    stepPosition: row.step_position,
  };
}

/**
 * After a task was sent: the lead records it, and when that task was the step its sequence waited
 * for, the next step is scheduled (due at the send time plus its delay) or the lead completes.
 * Answers true when the lead's sequence ended.
 */
export async function advanceAfterSent(
  manager: EntityManager,
  task: TaskRef,
  sentAt: Date,
  now: Date,
): Promise<boolean> {
  const [lead] = await queryRows<{
    state: string;
    next_step_id: string | null;
    step_position: number | null;
  }>(
    manager,
    `UPDATE campaign_leads SET last_sent_at = $4,
       last_sent_position = COALESCE((SELECT position FROM campaign_steps WHERE id = $3), $5)
     WHERE campaign_id = $1 AND client_id = $2
     RETURNING state, next_step_id::text AS next_step_id,
       (SELECT position FROM campaign_steps WHERE id = $3) AS step_position`,
    [task.campaignId, task.clientId, task.stepId, sentAt.toISOString(), task.stepPosition],
  );
  if (!lead || lead.state !== 'active' || lead.next_step_id !== task.stepId) return false;
  const campaign = await findCampaign(manager, task.campaignId);
  if (!campaign) return false;
  // A step deleted after its task was handed over: the step that took its place comes next.
  const afterPosition = lead.step_position ?? task.stepPosition - 1;
  const { completed } = await scheduleNextSteps(
    manager,
    campaign,
    [{ clientId: task.clientId, afterPosition, base: sentAt }],
    now,
  );
  return completed > 0;
}

/**
 * Stops sequences as `stop` says — the lead's in `campaignId`, or the client's everywhere in the
 * workspace — and withdraws their open tasks (except `exceptTaskId`, whose outcome this is).
 * Answers true when a sequence ended.
 */
export async function stopSequences(
  manager: EntityManager,
  target: { workspaceId: string; clientId: string; campaignId?: string; exceptTaskId?: string },
  stop: SequenceStop,
  now: Date,
): Promise<boolean> {
  const { workspaceId, clientId, campaignId, exceptTaskId } = target;
  const inCampaign = stop.scope === 'lead' ? campaignId : undefined;
  if (stop.scope === 'lead' && !campaignId) return false;
  const ended = await endSequences(
    manager,
    { workspaceId, clientId, campaignId: inCampaign },
    stop.state,
    now,
  );
  if (stop.scope === 'client' && campaignId && stop.state !== 'stopped_failed') {
    await relabelFailedSequence(manager, { workspaceId, clientId, campaignId }, stop.state);
  }
  await cancelOpenTasks(
    manager,
    { workspaceId, clientId, campaignId: inCampaign, exceptTaskId },
    stop.reason,
    now,
    {
      withdrawHandedOver: true,
    },
  );
  return ended.length > 0;
}

import type { EntityManager } from 'typeorm';
import { queryRows } from '@coldreach/db';
import type { TaskStatusName } from '../domain/sequence';
import type { SequenceStop } from '../domain/sequence-stops';
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
// UNKNOWN delivery retried by an admin may still end sent or failed. What the inbox says of a sent
// email (a reply, a later bounce) comes after it and is final too: a late or repeated email.sent
// never turns a replied or bounced task back into a sent one, and the first of the two wins.
export const replaceable: Record<
  'sent' | 'failed' | 'unknown' | 'suppressed' | 'cancelled' | 'replied' | 'bounced',
  TaskStatusName[]
> = {
  sent: ['pending', 'scheduled', 'claimed', 'sending', 'unknown', 'failed', 'cancelled'],
  failed: ['pending', 'scheduled', 'claimed', 'sending', 'unknown'],
  unknown: ['pending', 'scheduled', 'claimed', 'sending'],
  suppressed: ['pending', 'scheduled', 'claimed', 'sending', 'unknown'],
  cancelled: ['pending', 'scheduled', 'claimed', 'sending'],
  replied: ['sent'],
  bounced: ['sent'],
};

/**
 * Records an outcome other than `sent` (see recordSentOutcomes) the Email service reported for a task. Answers the task, or undefined when
 * there is no such task in the workspace or the outcome changes nothing (e.g. a repeat).
 */
export async function recordTaskOutcome(
  manager: EntityManager,
  workspaceId: string,
  taskId: string,
  outcome: {
    status: Exclude<keyof typeof replaceable, 'sent'>;
    attempts?: number;
    lastError?: string;
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
    `UPDATE campaign_tasks SET status = $3, attempts = COALESCE($4, attempts),
       last_error = COALESCE($5, last_error), updated_at = $6
     WHERE workspace_id = $1 AND id = $2 AND status = ANY($7::text[])
     RETURNING campaign_id, client_id, step_id, step_position`,
    [
      workspaceId,
      taskId,
      outcome.status,
      outcome.attempts ?? null,
      outcome.lastError ?? null,
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

import type { EntityManager } from 'typeorm';
import { queryRows } from '@coldreach/db';
import { findCampaign } from './campaign-queries';
import { replaceable } from './email-outcomes';
import { scheduleNextSteps, type SequenceAdvance } from './lead-sequencer';

/** A task the Email service reported sent (`email.sent`). */
export interface SentOutcome {
  workspaceId: string;
  taskId: string;
  /** The lead, as the event names it (the task's own row is what counts when recording). */
  campaignId: string;
  clientId: string;
  messageId: string;
  attempts: number;
  sentAt: Date;
}

interface SentTaskRow {
  campaign_id: string;
  client_id: string;
  step_id: string;
  step_position: number;
  sent_at: Date;
}

interface SentLeadRow {
  campaign_id: string;
  client_id: string;
  state: string;
  next_step_id: string | null;
  step_id: string;
  step_position: number | null;
  task_position: number;
  sent_at: Date;
}

/**
 * Records many `sent` outcomes with a handful of statements, whatever their number: the tasks, then
 * their leads (last send), then the next step of each lead that waited for that task (one
 * scheduleNextSteps per campaign). A task or lead must appear at most once; a task that is no
 * longer open (a repeat, another workspace's id) changes nothing. Answers true when a sequence ended.
 */
export async function recordSentOutcomes(
  manager: EntityManager,
  outcomes: readonly SentOutcome[],
  now: Date,
): Promise<boolean> {
  if (outcomes.length === 0) return false;
  const tasks = await queryRows<SentTaskRow>(
    manager,
    `UPDATE campaign_tasks t SET status = 'sent', message_id = x.message_id, attempts = x.attempts,
       last_error = '', sent_at = x.sent_at, updated_at = $1
     FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::int[], $6::timestamptz[])
       AS x(workspace_id, id, message_id, attempts, sent_at)
     WHERE t.workspace_id = x.workspace_id AND t.id = x.id AND t.status = ANY($7::text[])
     RETURNING t.campaign_id::text AS campaign_id, t.client_id::text AS client_id,
       t.step_id::text AS step_id, t.step_position, x.sent_at`,
    [
      now.toISOString(),
      outcomes.map((outcome) => outcome.workspaceId),
      outcomes.map((outcome) => outcome.taskId),
      outcomes.map((outcome) => outcome.messageId),
      outcomes.map((outcome) => outcome.attempts),
      outcomes.map((outcome) => outcome.sentAt.toISOString()),
      replaceable.sent,
    ],
  );
  if (tasks.length === 0) return false;
  // The step's current position: a step deleted after its task was handed over has none, and the
  // step that took its place comes next.
  const leads = await queryRows<SentLeadRow>(
    manager,
    `UPDATE campaign_leads l SET last_sent_at = x.sent_at,
       last_sent_position = COALESCE(s.position, x.step_position)
     FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::int[], $5::timestamptz[])
       AS x(campaign_id, client_id, step_id, step_position, sent_at)
     LEFT JOIN campaign_steps s ON s.id = x.step_id
     WHERE l.campaign_id = x.campaign_id AND l.client_id = x.client_id
     RETURNING l.campaign_id::text AS campaign_id, l.client_id::text AS client_id, l.state,
       l.next_step_id::text AS next_step_id, x.step_id::text AS step_id,
       s.position AS step_position, x.step_position AS task_position, x.sent_at`,
    [
      tasks.map((task) => task.campaign_id),
      tasks.map((task) => task.client_id),
      tasks.map((task) => task.step_id),
      tasks.map((task) => task.step_position),
      tasks.map((task) => task.sent_at.toISOString()),
    ],
  );
  const byCampaign = new Map<string, SequenceAdvance[]>();
  for (const lead of leads) {
    if (lead.state !== 'active' || lead.next_step_id !== lead.step_id) continue;
    const advances = byCampaign.get(lead.campaign_id) ?? [];
    advances.push({
      clientId: lead.client_id,
      afterPosition: lead.step_position ?? lead.task_position - 1,
      base: lead.sent_at,
    });
    byCampaign.set(lead.campaign_id, advances);
  }
  let completed = 0;
  for (const [campaignId, advances] of byCampaign) {
    const campaign = await findCampaign(manager, campaignId);
    if (campaign) completed += (await scheduleNextSteps(manager, campaign, advances, now)).completed;
  }
  return completed > 0;
}

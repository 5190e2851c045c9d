import type { EntityManager } from 'typeorm';
import { queryRows } from '@coldreach/db';
import type { Campaign } from '../domain/campaign';
import { dueTime, sendingTimeZone } from '../domain/send-timing';
import { deriveTaskId } from '../domain/task-id';
import { assignMailboxes } from './mailbox-assignment';

/** Where a lead's sequence goes on from: after the step at `afterPosition` (0 = from the start). */
export interface SequenceAdvance {
  clientId: string;
  afterPosition: number;
  /** The delay of the next step counts from here (the previous send, or when the lead started). */
  base: Date;
}

interface NextStepRow {
  client_id: string;
  base: Date;
  time_zone: string;
  mailbox_id: string | null;
  step_id: string | null;
  position: number | null;
  delay_minutes: number | null;
}

const chunkSize = 2000;

// For each lead: the first step after the given position that the lead was not already sent (then
// maybe replied to or bounced) or refused (failed, suppressed, unknown). A step whose task is open
// (pending or handed over) is taken as is — the insert below leaves it alone — so nothing is ever
// scheduled twice.
const nextStepsSql = `
  SELECT r.client_id, r.base, l.time_zone, l.mailbox_id::text AS mailbox_id,
         s.id AS step_id, s.position, s.delay_minutes
  FROM unnest($2::uuid[], $3::int[], $4::timestamptz[]) AS r(client_id, after_position, base)
  JOIN campaign_leads l ON l.campaign_id = $1 AND l.client_id = r.client_id AND l.state = 'active'
  LEFT JOIN LATERAL (
    SELECT s.id, s.position, s.delay_minutes FROM campaign_steps s
    WHERE s.campaign_id = $1 AND s.position > r.after_position
      AND NOT EXISTS (
        SELECT 1 FROM campaign_tasks t
        WHERE t.campaign_id = $1 AND t.client_id = r.client_id AND t.step_id = s.id
          AND t.status IN ('sent', 'replied', 'bounced', 'failed', 'suppressed', 'unknown'))
    ORDER BY s.position LIMIT 1
  ) s ON true`;

// A cancelled task (lead removed, then added again) is reopened; any other existing one is kept.
const insertTasksSql = `
  INSERT INTO campaign_tasks (id, workspace_id, campaign_id, client_id, step_id, step_position, status,
                              not_before, due_at, mailbox_id, created_at, updated_at)
  SELECT x.id, $1, $2, x.client_id, x.step_id, x.step_position, 'pending', x.not_before, x.due_at,
         x.mailbox_id, $3, $3
  FROM unnest($4::uuid[], $5::uuid[], $6::uuid[], $7::int[], $8::timestamptz[], $9::timestamptz[], $10::uuid[])
    AS x(id, client_id, step_id, step_position, not_before, due_at, mailbox_id)
  ON CONFLICT (id) DO UPDATE SET status = 'pending', step_position = EXCLUDED.step_position,
    not_before = EXCLUDED.not_before, due_at = EXCLUDED.due_at, mailbox_id = EXCLUDED.mailbox_id,
    last_error = '', handed_over_at = NULL, updated_at = EXCLUDED.updated_at
  WHERE campaign_tasks.status = 'cancelled'`;

/**
 * Moves active leads on to their next step, set-based: each gets a mailbox if it has none
 * (round-robin), a `pending` task for the next step due at base + delay moved into the sending
 * window (in the recipient's zone when the schedule says so), and `next_step_id` pointing at it.
 * Leads with no step left complete. Leads that are not active are left alone.
 * Answers how many leads got a next step and how many completed.
 */
export async function scheduleNextSteps(
  manager: EntityManager,
  campaign: Campaign,
  advances: readonly SequenceAdvance[],
  now: Date,
): Promise<{ scheduled: number; completed: number }> {
  let scheduled = 0;
  let completed = 0;
  for (let start = 0; start < advances.length; start += chunkSize) {
    const chunk = advances.slice(start, start + chunkSize);
    const rows = await queryRows<NextStepRow>(manager, nextStepsSql, [
      campaign.id,
      chunk.map((advance) => advance.clientId),
      chunk.map((advance) => advance.afterPosition),
      chunk.map((advance) => advance.base.toISOString()),
    ]);
    const withStep = rows.filter((row) => row.step_id !== null);
    const finished = rows.filter((row) => row.step_id === null).map((row) => row.client_id);

    const needMailbox = withStep.filter((row) => row.mailbox_id === null);
    const assigned = await assignMailboxes(manager, campaign, needMailbox.length);
    needMailbox.forEach((row, index) => (row.mailbox_id = assigned[index] as string));

    const tasks = withStep.map((row) => {
      const stepId = row.step_id as string;
      const notBefore = new Date(row.base.getTime() + (row.delay_minutes ?? 0) * 60_000);
      const zone = sendingTimeZone(campaign.schedule, row.time_zone);
      return {
        id: deriveTaskId(campaign.workspaceId, campaign.id, row.client_id, stepId),
        clientId: row.client_id,
        stepId,
        position: row.position ?? 0,
        notBefore,
        due: dueTime(campaign.schedule, zone, notBefore, now),
        mailboxId: row.mailbox_id as string,
      };
    });
    if (tasks.length > 0) {
      await queryRows(manager, insertTasksSql, [
        campaign.workspaceId,
        campaign.id,
        now.toISOString(),
        tasks.map((task) => task.id),
        tasks.map((task) => task.clientId),
        tasks.map((task) => task.stepId),
        tasks.map((task) => task.position),
        tasks.map((task) => task.notBefore.toISOString()),
        tasks.map((task) => task.due.toISOString()),
        tasks.map((task) => task.mailboxId),
      ]);
      await queryRows(
        manager,
        `UPDATE campaign_leads l SET mailbox_id = x.mailbox_id, next_step_id = x.step_id,
           next_send_at = (SELECT t.due_at FROM campaign_tasks t WHERE t.id = x.task_id)
         FROM unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[]) AS x(client_id, step_id, mailbox_id, task_id)
         WHERE l.campaign_id = $1 AND l.client_id = x.client_id`,
        [
          campaign.id,
          tasks.map((task) => task.clientId),
          tasks.map((task) => task.stepId),
          tasks.map((task) => task.mailboxId),
          tasks.map((task) => task.id),
        ],
      );
    }
    if (finished.length > 0) {
      await queryRows(
        manager,
        `UPDATE campaign_leads SET state = 'completed', ended_at = $3, next_step_id = NULL, next_send_at = NULL
         WHERE campaign_id = $1 AND client_id = ANY($2::uuid[]) AND state = 'active'`,
        [campaign.id, finished, now.toISOString()],
      );
    }
    scheduled += tasks.length;
    completed += finished.length;
  }
  return { scheduled, completed };
}

/**
 * Schedules the first step of up to `limit` active leads of a launched campaign that have none yet
 * (launch, and the scheduler after it for big campaigns). The step's delay counts from when the
 * lead joined the running campaign (launch, or its adding after it), however late this runs.
 * Answers true when more leads wait.
 */
export async function scheduleWaitingLeads(
  manager: EntityManager,
  campaign: Campaign,
  now: Date,
  limit: number,
): Promise<boolean> {
  let after = '00000000-0000-0000-0000-000000000000';
  let done = 0;
  while (done < limit) {
    const rows = await queryRows<{ client_id: string; added_at: Date }>(
      manager,
      `SELECT client_id, added_at FROM campaign_leads
       WHERE campaign_id = $1 AND state = 'active' AND next_step_id IS NULL AND client_id > $2
       ORDER BY client_id LIMIT $3`,
      [campaign.id, after, Math.min(chunkSize, limit - done)],
    );
    if (rows.length === 0) return false;
    const launched = campaign.launchTime ?? now;
    await scheduleNextSteps(
      manager,
      campaign,
      rows.map((row) => ({
        clientId: row.client_id,
        afterPosition: 0,
        base: row.added_at > launched ? row.added_at : launched,
      })),
      now,
    );
    done += rows.length;
    after = (rows[rows.length - 1] as { client_id: string }).client_id;
  }
  const [more] = await queryRows(
    manager,
    `SELECT 1 FROM campaign_leads WHERE campaign_id = $1 AND state = 'active' AND next_step_id IS NULL LIMIT 1`,
    [campaign.id],
  );
  return more !== undefined;
}

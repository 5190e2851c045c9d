import type { EntityManager } from 'typeorm';
import { queryRows } from '@coldreach/db';
import type { Campaign } from '../domain/campaign';
import { dueTime, sendingTimeZone } from '../domain/send-timing';

const chunkSize = 5000;

/**
 * Re-times the campaign's pending tasks (all, one step's, or those due before a time) into its current sending window:
 * due = the first opening not before their earliest time nor now. Used on resume and when the
 * schedule or a step's delay changes; tasks already handed over are never touched. Keeps each
 * lead's next_send_at in step.
 */
export async function retimePendingTasks(
  manager: EntityManager,
  campaign: Campaign,
  now: Date,
  options: { stepId?: string; dueBefore?: Date } = {},
): Promise<void> {
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows = await queryRows<{ id: string; not_before: Date; time_zone: string | null }>(
      manager,
      `SELECT t.id, t.not_before, l.time_zone
       FROM campaign_tasks t
       LEFT JOIN campaign_leads l ON l.campaign_id = t.campaign_id AND l.client_id = t.client_id
       WHERE t.campaign_id = $1 AND t.status = 'pending' AND t.id > $2 AND ($3::uuid IS NULL OR t.step_id = $3)
         AND ($5::timestamptz IS NULL OR t.due_at < $5)
       ORDER BY t.id LIMIT $4`,
      [campaign.id, after, options.stepId ?? null, chunkSize, options.dueBefore?.toISOString() ?? null],
    );
    if (rows.length === 0) return;
    const dues = rows.map((row) =>
      dueTime(
        campaign.schedule,
        sendingTimeZone(campaign.schedule, row.time_zone ?? ''),
        row.not_before,
        now,
      ),
    );
    const ids = rows.map((row) => row.id);
    await queryRows(
      manager,
      `UPDATE campaign_tasks t SET due_at = x.due_at, updated_at = $2
       FROM unnest($1::uuid[], $3::timestamptz[]) AS x(id, due_at)
       WHERE t.id = x.id AND t.status = 'pending'`,
      [ids, now.toISOString(), dues.map((due) => due.toISOString())],
    );
    await queryRows(
      manager,
      `UPDATE campaign_leads l SET next_send_at = t.due_at
       FROM campaign_tasks t
       WHERE t.id = ANY($1::uuid[]) AND l.campaign_id = t.campaign_id AND l.client_id = t.client_id
         AND l.next_step_id = t.step_id`,
      [ids],
    );
    after = ids[ids.length - 1] as string;
  }
}

/** Shifts the earliest time of a step's pending tasks by the change of its delay, then re-times them. */
export async function applyDelayChange(
  manager: EntityManager,
  campaign: Campaign,
  stepId: string,
  deltaMinutes: number,
  now: Date,
): Promise<void> {
  if (deltaMinutes === 0) return;
  await queryRows(
    manager,
    `UPDATE campaign_tasks SET not_before = not_before + make_interval(mins => $3)
     WHERE campaign_id = $1 AND step_id = $2 AND status = 'pending'`,
    [campaign.id, stepId, deltaMinutes],
  );
  await retimePendingTasks(manager, campaign, now, { stepId });
}

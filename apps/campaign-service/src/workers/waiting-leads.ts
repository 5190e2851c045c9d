import type { DataSource } from 'typeorm';
import { queryRows } from '@coldreach/db';
import { lockActiveCampaign } from '../persistence/hand-over-queries';
import { scheduleWaitingLeads } from '../persistence/lead-sequencer';

const leadsPerTransaction = 5000;
// First steps are created ahead of the hand-over, not all at once: creating 100,000 tasks in the
// first half minute of a launch took the CPU and database the first sends needed.
const defaultPendingAhead = 10_000;

/**
 * Schedules the first steps of leads that active campaigns still hold unscheduled (a launch
 * schedules the first few thousand itself), a chunk per campaign per call, while the campaign has
 * fewer than `pendingAhead` (default 10,000) tasks waiting to be handed over. Answers true when
 * more wait and may be scheduled now, so the loop comes back at once.
 */
export async function scheduleWaitingLeadsOfActiveCampaigns(
  dataSource: DataSource,
  now: Date,
  pendingAhead = defaultPendingAhead,
): Promise<boolean> {
  const campaigns = await queryRows<{ id: string }>(
    dataSource.manager,
    `SELECT c.id FROM campaigns c WHERE c.status = 'active' AND EXISTS (
       SELECT 1 FROM campaign_leads l WHERE l.campaign_id = c.id AND l.state = 'active' AND l.next_step_id IS NULL)
     LIMIT 20`,
    [],
  );
  let more = false;
  for (const { id } of campaigns) {
    if ((await pendingTasks(dataSource, id, pendingAhead)) >= pendingAhead) continue;
    const remaining = await dataSource.transaction(async (manager) => {
      const campaign = await lockActiveCampaign(manager, id);
      return campaign ? scheduleWaitingLeads(manager, campaign, now, leadsPerTransaction) : false;
    });
    more ||= remaining;
  }
  return more;
}

/** The campaign's tasks not handed over yet, counted up to `limit`. */
async function pendingTasks(dataSource: DataSource, campaignId: string, limit: number): Promise<number> {
  const [row] = await queryRows<{ count: number }>(
    dataSource.manager,
    `SELECT count(*)::int AS count FROM (
       SELECT 1 FROM campaign_tasks WHERE campaign_id = $1 AND status = 'pending' LIMIT $2) AS ahead`,
    [campaignId, limit],
  );
  return row?.count ?? 0;
}

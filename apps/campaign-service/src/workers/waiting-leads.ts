import type { DataSource } from 'typeorm';
import { queryRows } from '@coldreach/db';
import { lockActiveCampaign } from '../persistence/hand-over-queries';
import { scheduleWaitingLeads } from '../persistence/lead-sequencer';

const leadsPerTransaction = 5000;

/**
 * Schedules the first steps of leads that active campaigns still hold unscheduled (a launch
 * schedules the first few thousand itself), a chunk per campaign per call. Answers true when
 * more wait, so the loop comes back at once.
 */
export async function scheduleWaitingLeadsOfActiveCampaigns(
  dataSource: DataSource,
  now: Date,
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
    const remaining = await dataSource.transaction(async (manager) => {
      const campaign = await lockActiveCampaign(manager, id);
      return campaign ? scheduleWaitingLeads(manager, campaign, now, leadsPerTransaction) : false;
    });
    more ||= remaining;
  }
  return more;
}

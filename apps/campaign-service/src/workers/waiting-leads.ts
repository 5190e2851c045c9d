import type { DataSource } from 'typeorm';
import { mayScheduleFirstSteps } from '../domain/hand-over-rules';
import {
  campaignsWithWaitingLeads,
  lockActiveCampaign,
  pendingTaskCount,
} from '../persistence/campaign-progress-store';
import { scheduleWaitingLeads } from '../persistence/lead-sequencer';

const leadsPerTransaction = 5000;
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
  let more = false;
  for (const id of await campaignsWithWaitingLeads(dataSource, 20)) {
    const pending = await pendingTaskCount(dataSource, id, pendingAhead);
    if (!mayScheduleFirstSteps(pending, pendingAhead)) continue;
    const remaining = await dataSource.transaction(async (manager) => {
      const campaign = await lockActiveCampaign(manager, id);
      return campaign ? scheduleWaitingLeads(manager, campaign, now, leadsPerTransaction) : false;
    });
    more ||= remaining;
  }
  return more;
}

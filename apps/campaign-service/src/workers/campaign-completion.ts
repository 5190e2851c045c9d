import type { DataSource } from 'typeorm';
import type { Logger } from '@coldreach/observability';
import { writeOutboxEvents } from '@coldreach/outbox';
import { isFinished } from '../domain/campaign-transitions';
import { campaignCompletedEvent } from '../events/campaign-events';
import {
  campaignsWithoutActiveLeads,
  leadStateCounts,
  lockActiveCampaign,
  markCampaignCompleted,
} from '../persistence/campaign-progress-store';

/**
 * Completes every ACTIVE campaign whose leads' sequences have all ended (completed or stopped):
 * status COMPLETED and a CampaignCompleted event, in one transaction under the campaign's lock.
 * Answers how many campaigns completed.
 */
export async function completeFinishedCampaigns(
  dataSource: DataSource,
  logger: Logger,
  now: Date,
): Promise<number> {
  let completed = 0;
  for (const id of await campaignsWithoutActiveLeads(dataSource, 100)) {
    const done = await dataSource.transaction(async (manager) => {
      const campaign = await lockActiveCampaign(manager, id);
      if (!campaign) return false;
      const counts = await leadStateCounts(manager, id);
      if (!counts || !isFinished(counts)) return false;
      await markCampaignCompleted(manager, id, now);
      await writeOutboxEvents(manager, [campaignCompletedEvent(campaign, counts, now)]);
      return true;
    });
    if (done) {
      completed += 1;
      logger.info({ campaignId: id }, 'campaign completed');
    }
  }
  return completed;
}

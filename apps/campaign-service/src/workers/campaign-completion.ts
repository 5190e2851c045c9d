import type { DataSource } from 'typeorm';
import { queryRows } from '@coldreach/db';
import type { Logger } from '@coldreach/observability';
import { writeOutboxEvents } from '@coldreach/outbox';
import { campaignCompletedEvent } from '../events/campaign-events';
import { lockActiveCampaign } from '../persistence/hand-over-queries';

const noActiveLeadSql = `NOT EXISTS (SELECT 1 FROM campaign_leads l WHERE l.campaign_id = c.id AND l.state = 'active')`;

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
  const candidates = await queryRows<{ id: string }>(
    dataSource.manager,
    `SELECT c.id FROM campaigns c WHERE c.status = 'active' AND c.lead_count > 0 AND ${noActiveLeadSql} LIMIT 100`,
    [],
  );
  let completed = 0;
  for (const { id } of candidates) {
    const done = await dataSource.transaction(async (manager) => {
      const campaign = await lockActiveCampaign(manager, id);
      if (!campaign) return false;
      const [counts] = await queryRows<{ active: number; completed: number; stopped: number }>(
        manager,
        `SELECT count(*) FILTER (WHERE state = 'active')::int AS active,
                count(*) FILTER (WHERE state = 'completed')::int AS completed,
                count(*) FILTER (WHERE state LIKE 'stopped_%')::int AS stopped
         FROM campaign_leads WHERE campaign_id = $1`,
        [id],
      );
      if (!counts || counts.active > 0 || counts.completed + counts.stopped === 0) return false;
      await queryRows(
        manager,
        `UPDATE campaigns SET status = 'completed', completed_at = $2, updated_at = $2 WHERE id = $1`,
        [id, now.toISOString()],
      );
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

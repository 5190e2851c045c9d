import type { DataSource, EntityManager } from 'typeorm';
import { queryRows } from '@coldreach/db';
import type { Campaign } from '../domain/campaign';
import type { LeadStateCounts } from '../domain/campaign-transitions';
import { campaignColumns, rowToCampaign, type CampaignRow } from './row-mapping';

// The SQL of the scheduler's other two rounds (workers/waiting-leads.ts, campaign-completion.ts):
// active campaigns' first steps created ahead, finished campaigns completed.

/** The campaign, locked, if it is still active and no other transaction holds it (SKIP LOCKED). */
export async function lockActiveCampaign(manager: EntityManager, id: string): Promise<Campaign | undefined> {
  const [row] = await queryRows<CampaignRow>(
    manager,
    `SELECT ${campaignColumns} FROM campaigns c WHERE c.id = $1 AND c.status = 'active' FOR NO KEY UPDATE SKIP LOCKED`,
    [id],
  );
  return row ? rowToCampaign(row) : undefined;
}

/** Active campaigns holding leads whose first step is not scheduled yet (no lock: a hint). */
export async function campaignsWithWaitingLeads(dataSource: DataSource, limit: number): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    dataSource.manager,
    `SELECT c.id FROM campaigns c WHERE c.status = 'active' AND EXISTS (
       SELECT 1 FROM campaign_leads l WHERE l.campaign_id = c.id AND l.state = 'active' AND l.next_step_id IS NULL)
     LIMIT $1`,
    [limit],
  );
  return rows.map((row) => row.id);
}

/** The campaign's tasks not handed over yet, counted up to `limit`. */
export async function pendingTaskCount(
  dataSource: DataSource,
  campaignId: string,
  limit: number,
): Promise<number> {
  const [row] = await queryRows<{ count: number }>(
    dataSource.manager,
    `SELECT count(*)::int AS count FROM (
       SELECT 1 FROM campaign_tasks WHERE campaign_id = $1 AND status = 'pending' LIMIT $2) AS ahead`,
    [campaignId, limit],
  );
  return row?.count ?? 0;
}

/** Active campaigns with leads, none of whose sequences runs any more (no lock: a hint). */
export async function campaignsWithoutActiveLeads(dataSource: DataSource, limit: number): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    dataSource.manager,
    `SELECT c.id FROM campaigns c WHERE c.status = 'active' AND c.lead_count > 0
       AND NOT EXISTS (SELECT 1 FROM campaign_leads l WHERE l.campaign_id = c.id AND l.state = 'active')
     LIMIT $1`,
    [limit],
  );
  return rows.map((row) => row.id);
}

/** How the campaign's leads' sequences stand. */
export async function leadStateCounts(
  manager: EntityManager,
  campaignId: string,
): Promise<LeadStateCounts | undefined> {
  const [counts] = await queryRows<LeadStateCounts>(
    manager,
    `SELECT count(*) FILTER (WHERE state = 'active')::int AS active,
            count(*) FILTER (WHERE state = 'completed')::int AS completed,
            count(*) FILTER (WHERE state LIKE 'stopped_%')::int AS stopped
     FROM campaign_leads WHERE campaign_id = $1`,
    [campaignId],
  );
  return counts;
}

/** Marks the campaign COMPLETED at `now`. */
export async function markCampaignCompleted(
  manager: EntityManager,
  campaignId: string,
  now: Date,
): Promise<void> {
  await queryRows(
    manager,
    `UPDATE campaigns SET status = 'completed', completed_at = $2, updated_at = $2 WHERE id = $1`,
    [campaignId, now.toISOString()],
  );
}

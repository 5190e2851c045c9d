import type { DataSource } from 'typeorm';
import { queryRows } from '@coldreach/db';
import { notFound } from '@coldreach/errors';
import { isLaunched } from '../domain/campaign';
import type { CampaignStore } from '../domain/campaign-store';
import { recipientTimeZone } from '../domain/send-timing';
import { lockCampaign, readCampaign } from './campaign-queries';
import { scheduleNextSteps } from './lead-sequencer';
import { leadColumns, rowToLead, type LeadRow } from './row-mapping';
import { cancelOpenTasks } from './task-cancellation';

type LeadMethods = Pick<CampaignStore, 'addLeads' | 'removeLead' | 'listLeads'>;

/** A campaign's leads: joining (and starting their sequences when launched), leaving, listing. */
export function createLeadMethods(dataSource: DataSource): LeadMethods {
  return {
    addLeads: (workspaceId, campaignId, clients, now) =>
      dataSource.transaction(async (manager) => {
        const campaign = await lockCampaign(manager, workspaceId, campaignId);
        const unique = [...new Map(clients.map((client) => [client.id, client])).values()];
        const inserted = await queryRows<{ client_id: string }>(
          manager,
          `INSERT INTO campaign_leads (campaign_id, client_id, workspace_id, email, time_zone, state, added_at)
           SELECT $1, x.client_id, $2, x.email, x.time_zone, 'active', $3
           FROM unnest($4::uuid[], $5::text[], $6::text[]) AS x(client_id, email, time_zone)
           ON CONFLICT (campaign_id, client_id) DO NOTHING
           RETURNING client_id`,
          [
            campaignId,
            workspaceId,
            now.toISOString(),
            unique.map((client) => client.id),
            unique.map((client) => client.email),
            unique.map((client) => recipientTimeZone(client.customFields)),
          ],
        );
        const added = inserted.length;
        if (added > 0) {
          // New leads reopen a completed campaign.
          const status = campaign.status === 'completed' ? 'active' : campaign.status;
          await queryRows(
            manager,
            `UPDATE campaigns SET lead_count = lead_count + $2, status = $3, updated_at = $4,
               completed_at = CASE WHEN $3 = 'completed' THEN completed_at END
             WHERE id = $1`,
            [campaignId, added, status, now.toISOString()],
          );
          if (isLaunched(campaign.status)) {
            await scheduleNextSteps(
              manager,
              { ...campaign, status },
              inserted.map((row) => ({ clientId: row.client_id, afterPosition: 0, base: now })),
              now,
            );
          }
        }
        return { added, alreadyPresent: unique.length - added };
      }),

    async removeLead(workspaceId, campaignId, clientId, now) {
      await dataSource.transaction(async (manager) => {
        await lockCampaign(manager, workspaceId, campaignId);
        const removed = await queryRows(
          manager,
          'DELETE FROM campaign_leads WHERE campaign_id = $1 AND client_id = $2 RETURNING client_id',
          [campaignId, clientId],
        );
        if (removed.length === 0) throw notFound('lead');
        await queryRows(
          manager,
          'UPDATE campaigns SET lead_count = lead_count - 1, updated_at = $2 WHERE id = $1',
          [campaignId, now.toISOString()],
        );
        // What was sent stays in the task history; what was not is withdrawn.
        await cancelOpenTasks(manager, { workspaceId, campaignId, clientId }, 'lead removed', now, {
          withdrawHandedOver: true,
        });
      });
    },

    async listLeads(workspaceId, campaignId, states, after, limit) {
      await readCampaign(dataSource.manager, workspaceId, campaignId);
      const params: unknown[] = [workspaceId, campaignId];
      const conditions = ['l.workspace_id = $1', 'l.campaign_id = $2'];
      if (states.length > 0) {
        params.push(states);
        conditions.push(`l.state = ANY($${params.length}::text[])`);
      }
      if (after) {
        params.push(after.time.toISOString(), after.key);
        conditions.push(
          `(l.added_at, l.client_id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`,
        );
      }
      params.push(limit);
      const rows = await queryRows<LeadRow>(
        dataSource.manager,
        `SELECT ${leadColumns} FROM campaign_leads l WHERE ${conditions.join(' AND ')}
         ORDER BY l.added_at DESC, l.client_id DESC LIMIT $${params.length}`,
        params,
      );
      return rows.map(rowToLead);
    },
  };
}

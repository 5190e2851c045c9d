import type { DataSource } from 'typeorm';
import { queryRows } from '@coldreach/db';
import { currentTraceHeaders, writeOutboxEvents } from '@coldreach/outbox';
import type { Campaign } from '../domain/campaign';
import type { CampaignStore } from '../domain/campaign-store';
import {
  campaignCreatedEvent,
  campaignDeletedEvent,
  campaignLaunchedEvent,
  campaignPausedEvent,
  campaignResumedEvent,
} from '../events/campaign-events';
import { escapeLike, lockCampaign, readCampaign } from './campaign-queries';
import { scheduleWaitingLeads } from './lead-sequencer';
import { reassignRemovedMailboxes } from './mailbox-assignment';
import { campaignColumns, rowToCampaign, type CampaignRow } from './row-mapping';
import { retimePendingTasks } from './task-retiming';

/** Leads whose first step LaunchCampaign schedules itself; the workers schedule the rest. */
export const leadsScheduledAtLaunch = 2000;

type CampaignMethods = Pick<
  CampaignStore,
  | 'createCampaign'
  | 'getCampaign'
  | 'listCampaigns'
  | 'updateCampaign'
  | 'deleteCampaign'
  | 'transitionCampaign'
>;

/** Campaign rows: create, read, list, update (with its effect on scheduling), delete, status changes. */
export function createCampaignMethods(dataSource: DataSource): CampaignMethods {
  return {
    async createCampaign(campaign) {
      await dataSource.transaction(async (manager) => {
        await queryRows(
          manager,
          `INSERT INTO campaigns (id, workspace_id, name, description, status, target_criteria, mailbox_ids,
             schedule, daily_cap, stop_on_reply, track_opens, track_clicks, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::uuid[], $8::jsonb, $9, $10, $12, $13, $11, $11)`,
          [
            campaign.id,
            campaign.workspaceId,
            campaign.name,
            campaign.description,
            campaign.status,
            JSON.stringify(campaign.targetCriteria),
            campaign.mailboxIds,
            JSON.stringify(campaign.schedule),
            campaign.dailyCap,
            campaign.stopOnReply,
            campaign.createTime.toISOString(),
            campaign.trackOpens,
            campaign.trackClicks,
          ],
        );
        await writeOutboxEvents(manager, [campaignCreatedEvent(campaign)]);
      });
      return campaign;
    },

    getCampaign: (workspaceId, id) => readCampaign(dataSource.manager, workspaceId, id),

    async listCampaigns(workspaceId, filter, after, limit) {
      const params: unknown[] = [workspaceId];
      const conditions = ['c.workspace_id = $1'];
      if (filter.statuses.length > 0) {
        params.push(filter.statuses);
        conditions.push(`c.status = ANY($${params.length}::text[])`);
      }
      if (filter.query) {
        params.push(`%${escapeLike(filter.query)}%`);
        conditions.push(
          `(c.name ILIKE $${params.length} ESCAPE '\\' OR c.description ILIKE $${params.length} ESCAPE '\\')`,
        );
      }
      if (after) {
        params.push(after.time.toISOString(), after.key);
        conditions.push(
          `(c.created_at, c.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`,
        );
      }
      params.push(limit);
      const rows = await queryRows<CampaignRow>(
        dataSource.manager,
        `SELECT ${campaignColumns} FROM campaigns c WHERE ${conditions.join(' AND ')}
         ORDER BY c.created_at DESC, c.id DESC LIMIT $${params.length}`,
        params,
      );
      return rows.map(rowToCampaign);
    },

    updateCampaign: (workspaceId, id, change, now) =>
      dataSource.transaction(async (manager) => {
        const current = await lockCampaign(manager, workspaceId, id);
        const { fields, scheduleChanged, dailyCapChanged, mailboxesChanged } = change(current);
        const unblock = scheduleChanged || dailyCapChanged;
        await queryRows(
          manager,
          `UPDATE campaigns SET name = $2, description = $3, target_criteria = $4::jsonb, mailbox_ids = $5::uuid[],
             schedule = $6::jsonb, daily_cap = $7, stop_on_reply = $8, updated_at = $9,
             handover_blocked_until = CASE WHEN $10 THEN NULL ELSE handover_blocked_until END,
             track_opens = $11, track_clicks = $12
           WHERE id = $1`,
          [
            id,
            fields.name,
            fields.description,
            JSON.stringify(fields.targetCriteria),
            fields.mailboxIds,
            JSON.stringify(fields.schedule),
            fields.dailyCap,
            fields.stopOnReply,
            now.toISOString(),
            unblock,
            fields.trackOpens,
            fields.trackClicks,
          ],
        );
        const updated: Campaign = { ...current, ...fields, updateTime: now };
        // Only what is not handed over yet follows the change.
        if (mailboxesChanged) await reassignRemovedMailboxes(manager, updated);
        if (scheduleChanged && updated.status !== 'draft') await retimePendingTasks(manager, updated, now);
        return updated;
      }),

    async deleteCampaign(workspaceId, id, check, now) {
      await dataSource.transaction(async (manager) => {
        const current = await lockCampaign(manager, workspaceId, id);
        check(current);
        // Steps, leads and tasks go with it; the Email service cancels the deliveries it still holds
        // when it sees CampaignDeleted, and keeps the history of what was sent.
        await queryRows(manager, 'DELETE FROM campaigns WHERE id = $1', [id]);
        await writeOutboxEvents(manager, [campaignDeletedEvent(current, now)]);
      });
    },

    transitionCampaign: (workspaceId, id, decide, now) =>
      dataSource.transaction(async (manager) => {
        const current = await lockCampaign(manager, workspaceId, id);
        const next = decide(current);
        if (next === undefined || next === current.status) return current;
        const launching = current.status === 'draft';
        await queryRows(
          manager,
          `UPDATE campaigns SET status = $2, updated_at = $3, handover_blocked_until = NULL,
             launched_at = COALESCE(launched_at, CASE WHEN $4 THEN $3::timestamptz END),
             launch_trace_context = CASE WHEN $4 THEN $5::jsonb ELSE launch_trace_context END
           WHERE id = $1`,
          [id, next, now.toISOString(), launching, JSON.stringify(currentTraceHeaders())],
        );
        const updated: Campaign = {
          ...current,
          status: next,
          updateTime: now,
          launchTime: current.launchTime ?? (launching ? now : null),
        };
        if (launching) {
          // A big campaign's first steps are scheduled by the workers after this many, so the call
          // stays short; hand-over of the first ones starts at once.
          await scheduleWaitingLeads(manager, updated, now, leadsScheduledAtLaunch);
          await writeOutboxEvents(manager, [campaignLaunchedEvent(updated, now)]);
        } else if (next === 'paused') {
          await writeOutboxEvents(manager, [campaignPausedEvent(updated, now)]);
        } else {
          // What fell due while paused moves into the window; later tasks are still right.
          await retimePendingTasks(manager, updated, now, { dueBefore: now });
          await writeOutboxEvents(manager, [campaignResumedEvent(updated, now)]);
        }
        return updated;
      }),
  };
}

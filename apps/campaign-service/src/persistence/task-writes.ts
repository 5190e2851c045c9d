import type { DataSource, EntityManager } from 'typeorm';
import { queryRows } from '@coldreach/db';
import { notFound } from '@coldreach/errors';
import type { CampaignStore } from '../domain/campaign-store';
import type { Task } from '../domain/sequence';
import { dueTime, recipientTimeZone, sendingTimeZone } from '../domain/send-timing';
import { deriveTaskId } from '../domain/task-id';
import { lockCampaign, readCampaign } from './campaign-queries';
import { assignMailboxes } from './mailbox-assignment';
import { rowToTask, taskColumns, type TaskRow } from './row-mapping';

type TaskMethods = Pick<CampaignStore, 'createTask' | 'getTask' | 'listTasks'>;

async function findTask(manager: EntityManager, workspaceId: string, id: string): Promise<Task | undefined> {
  const [row] = await queryRows<TaskRow>(
    manager,
    `SELECT ${taskColumns} FROM campaign_tasks t WHERE t.workspace_id = $1 AND t.id = $2`,
    [workspaceId, id],
  );
  return row ? rowToTask(row) : undefined;
}

/** Tasks: created by hand (idempotently), read, listed most recently scheduled first. */
export function createTaskMethods(dataSource: DataSource): TaskMethods {
  return {
    createTask: (workspaceId, campaignId, client, stepId, notBefore, now) =>
      dataSource.transaction(async (manager) => {
        const campaign = await lockCampaign(manager, workspaceId, campaignId);
        const [step] = await queryRows<{ position: number }>(
          manager,
          'SELECT position FROM campaign_steps WHERE campaign_id = $1 AND id = $2',
          [campaignId, stepId],
        );
        if (!step) throw notFound('step');
        const id = deriveTaskId(workspaceId, campaignId, client.id, stepId);
        const existing = await findTask(manager, workspaceId, id);
        if (existing) return { task: existing, created: false };

        let [lead] = await queryRows<{ mailbox_id: string | null; time_zone: string }>(
          manager,
          'SELECT mailbox_id::text AS mailbox_id, time_zone FROM campaign_leads WHERE campaign_id = $1 AND client_id = $2 FOR UPDATE',
          [campaignId, client.id],
        );
        const joining = !lead;
        if (!lead) {
          // The client joins the campaign with this step as where its sequence stands.
          lead = { mailbox_id: null, time_zone: recipientTimeZone(client.customFields) };
          await queryRows(
            manager,
            `INSERT INTO campaign_leads (campaign_id, client_id, workspace_id, email, time_zone, state, added_at,
               next_step_id)
             VALUES ($1, $2, $3, $4, $5, 'active', $6, $7)`,
            [campaignId, client.id, workspaceId, client.email, lead.time_zone, now.toISOString(), stepId],
          );
        }
        const mailboxId = lead.mailbox_id ?? (await assignMailboxes(manager, campaign, 1))[0];
        const earliest = notBefore ?? now;
        const due = dueTime(
          campaign.schedule,
          sendingTimeZone(campaign.schedule, lead.time_zone),
          earliest,
          now,
        );
        await queryRows(
          manager,
          `INSERT INTO campaign_tasks (id, workspace_id, campaign_id, client_id, step_id, step_position, status,
             not_before, due_at, mailbox_id, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7, $8, $9, $10, $10)`,
          [
            id,
            workspaceId,
            campaignId,
            client.id,
            stepId,
            step.position,
            earliest.toISOString(),
            due.toISOString(),
            mailboxId,
            now.toISOString(),
          ],
        );
        await queryRows(
          manager,
          `UPDATE campaign_leads SET mailbox_id = COALESCE(mailbox_id, $3::uuid),
             next_send_at = CASE WHEN next_step_id = $4 THEN $5::timestamptz ELSE next_send_at END
           WHERE campaign_id = $1 AND client_id = $2`,
          [campaignId, client.id, mailboxId, stepId, due.toISOString()],
        );
        // A task waits for an active campaign; a completed one is reopened by it.
        await queryRows(
          manager,
          `UPDATE campaigns SET lead_count = lead_count + $2, updated_at = $3,
             status = CASE WHEN status = 'completed' THEN 'active' ELSE status END,
             completed_at = CASE WHEN status = 'completed' THEN NULL ELSE completed_at END
           WHERE id = $1`,
          [campaignId, joining ? 1 : 0, now.toISOString()],
        );
        return { task: (await findTask(manager, workspaceId, id)) as Task, created: true };
      }),

    async getTask(workspaceId, id) {
      const task = await findTask(dataSource.manager, workspaceId, id);
      if (!task) throw notFound('task');
      return task;
    },

    async listTasks(workspaceId, campaignId, filter, after, limit) {
      await readCampaign(dataSource.manager, workspaceId, campaignId);
      const params: unknown[] = [workspaceId, campaignId];
      const conditions = ['t.workspace_id = $1', 't.campaign_id = $2'];
      if (filter.statuses.length > 0) {
        params.push(filter.statuses);
        conditions.push(`t.status = ANY($${params.length}::text[])`);
      }
      if (filter.clientId) {
        params.push(filter.clientId);
        conditions.push(`t.client_id = $${params.length}::uuid`);
      }
      if (filter.stepId) {
        params.push(filter.stepId);
        conditions.push(`t.step_id = $${params.length}::uuid`);
      }
      if (after) {
        params.push(after.time.toISOString(), after.key);
        conditions.push(`(t.due_at, t.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
      }
      params.push(limit);
      const rows = await queryRows<TaskRow>(
        dataSource.manager,
        `SELECT ${taskColumns} FROM campaign_tasks t WHERE ${conditions.join(' AND ')}
         ORDER BY t.due_at DESC, t.id DESC LIMIT $${params.length}`,
        params,
      );
      return rows.map(rowToTask);
    },
  };
}

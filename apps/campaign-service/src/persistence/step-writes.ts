import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { queryRows } from '@coldreach/db';
import { notFound } from '@coldreach/errors';
import type { CampaignStore } from '../domain/campaign-store';
import type { Step } from '../domain/sequence';
import { lockCampaign, readCampaign } from './campaign-queries';
import { scheduleNextSteps } from './lead-sequencer';
import { rowToStep, type StepRow } from './row-mapping';
import { cancelOpenTasks } from './task-cancellation';
import { applyDelayChange } from './task-retiming';

type StepMethods = Pick<CampaignStore, 'createStep' | 'updateStep' | 'deleteStep' | 'listSteps'>;

async function lockStep(manager: EntityManager, campaignId: string, stepId: string): Promise<Step> {
  const [row] = await queryRows<StepRow>(
    manager,
    'SELECT * FROM campaign_steps WHERE campaign_id = $1 AND id = $2 FOR UPDATE',
    [campaignId, stepId],
  );
  if (!row) throw notFound('step');
  return rowToStep(row);
}

/** Moves the steps between two positions one place, so `from` is free and `to` can be taken. */
async function shiftSteps(
  manager: EntityManager,
  campaignId: string,
  from: number,
  to: number,
): Promise<void> {
  if (from === to) return;
  // The unique position key is deferred to the commit, so the order of this update does not matter.
  if (to < from) {
    await queryRows(
      manager,
      'UPDATE campaign_steps SET position = position + 1 WHERE campaign_id = $1 AND position >= $2 AND position < $3',
      [campaignId, to, from],
    );
  } else {
    await queryRows(
      manager,
      'UPDATE campaign_steps SET position = position - 1 WHERE campaign_id = $1 AND position > $2 AND position <= $3',
      [campaignId, from, to],
    );
  }
}

/** A campaign's sequence: steps kept at contiguous positions 1..n through every change. */
export function createStepMethods(dataSource: DataSource): StepMethods {
  return {
    createStep: (workspaceId, campaignId, place, now) =>
      dataSource.transaction(async (manager) => {
        const campaign = await lockCampaign(manager, workspaceId, campaignId);
        const { position, fields } = place(campaign);
        // Open a gap: everything from `position` on moves down one place.
        await shiftSteps(manager, campaignId, campaign.stepCount + 1, position);
        const step: Step = {
          id: randomUUID(),
          workspaceId,
          campaignId,
          position,
          delayMinutes: fields.delayMinutes,
          subjectTemplate: fields.subjectTemplate,
          textBodyTemplate: fields.textBodyTemplate,
          htmlBodyTemplate: fields.htmlBodyTemplate,
          createTime: now,
          updateTime: now,
        };
        await queryRows(
          manager,
          `INSERT INTO campaign_steps (id, workspace_id, campaign_id, position, delay_minutes, subject_template,
             text_body_template, html_body_template, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)`,
          [
            step.id,
            workspaceId,
            campaignId,
            position,
            step.delayMinutes,
            step.subjectTemplate,
            step.textBodyTemplate,
            step.htmlBodyTemplate,
            now.toISOString(),
          ],
        );
        await queryRows(
          manager,
          'UPDATE campaigns SET step_count = step_count + 1, updated_at = $2 WHERE id = $1',
          [campaignId, now.toISOString()],
        );
        return step;
      }),

    updateStep: (workspaceId, campaignId, stepId, change, now) =>
      dataSource.transaction(async (manager) => {
        const campaign = await lockCampaign(manager, workspaceId, campaignId);
        const current = await lockStep(manager, campaignId, stepId);
        const { position, fields } = change(current, campaign);
        await shiftSteps(manager, campaignId, current.position, position);
        await queryRows(
          manager,
          `UPDATE campaign_steps SET position = $2, delay_minutes = $3, subject_template = $4,
             text_body_template = $5, html_body_template = $6, updated_at = $7
           WHERE id = $1`,
          [
            stepId,
            position,
            fields.delayMinutes,
            fields.subjectTemplate,
            fields.textBodyTemplate,
            fields.htmlBodyTemplate,
            now.toISOString(),
          ],
        );
        // Templates are read at hand-over, so only the delay needs the pending tasks re-timed.
        await applyDelayChange(manager, campaign, stepId, fields.delayMinutes - current.delayMinutes, now);
        return { ...current, ...fields, position, updateTime: now };
      }),

    async deleteStep(workspaceId, campaignId, stepId, now) {
      await dataSource.transaction(async (manager) => {
        const campaign = await lockCampaign(manager, workspaceId, campaignId);
        const step = await lockStep(manager, campaignId, stepId);
        await queryRows(manager, 'DELETE FROM campaign_steps WHERE id = $1', [stepId]);
        await shiftSteps(manager, campaignId, step.position, campaign.stepCount + 1);
        await queryRows(
          manager,
          'UPDATE campaigns SET step_count = step_count - 1, updated_at = $2 WHERE id = $1',
          [campaignId, now.toISOString()],
        );
        const cancelled = await cancelOpenTasks(
          manager,
          { workspaceId, campaignId, stepId },
          'step deleted',
          now,
          { withdrawHandedOver: false },
        );
        // Leads that were waiting for this step go on to the one that took its place.
        const waiting = await queryRows<{ client_id: string; last_sent_at: Date | null }>(
          manager,
          `SELECT client_id, last_sent_at FROM campaign_leads
           WHERE campaign_id = $1 AND next_step_id = $2 AND state = 'active' AND client_id = ANY($3::uuid[])`,
          [campaignId, stepId, cancelled.map((task) => task.clientId)],
        );
        await scheduleNextSteps(
          manager,
          { ...campaign, stepCount: campaign.stepCount - 1 },
          waiting.map((lead) => ({
            clientId: lead.client_id,
            afterPosition: step.position - 1,
            base: lead.last_sent_at ?? now,
          })),
          now,
        );
      });
    },

    async listSteps(workspaceId, campaignId) {
      await readCampaign(dataSource.manager, workspaceId, campaignId);
      const rows = await queryRows<StepRow>(
        dataSource.manager,
        'SELECT * FROM campaign_steps WHERE workspace_id = $1 AND campaign_id = $2 ORDER BY position',
        [workspaceId, campaignId],
      );
      return rows.map(rowToStep);
    },
  };
}

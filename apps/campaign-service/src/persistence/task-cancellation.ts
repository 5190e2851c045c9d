import type { EntityManager } from 'typeorm';
import { queryRows } from '@coldreach/db';
import { writeOutboxEvents } from '@coldreach/outbox';
import { emailSendCancelRequestedEvent } from '../events/email-commands';

/** Which tasks: always one workspace, narrowed by any of the other fields. */
export interface TaskScope {
  workspaceId: string;
  campaignId?: string;
  clientId?: string;
  stepId?: string;
  /** A task to leave alone (the one whose outcome triggered the cancellation). */
  exceptTaskId?: string;
}

function scopeSql(scope: TaskScope): { where: string; params: unknown[] } {
  const params: unknown[] = [scope.workspaceId];
  const conditions = ['workspace_id = $1'];
  const add = (column: string, value: string | undefined, operator = '=') => {
    if (value === undefined) return;
    params.push(value);
    conditions.push(`${column} ${operator} $${params.length}::uuid`);
  };
  add('campaign_id', scope.campaignId);
  add('client_id', scope.clientId);
  add('step_id', scope.stepId);
  add('id', scope.exceptTaskId, '<>');
  return { where: conditions.join(' AND '), params };
}

/**
 * Withdraws open tasks in `scope`: those not yet handed over become `cancelled` at once; with
 * `withdrawHandedOver`, each one handed over (`scheduled`) also gets an EmailSendCancelRequested,
 * and becomes cancelled when the Email service confirms (or ends as its outcome says, if a worker
 * had claimed it already). Answers the (campaign, client) of each task cancelled here.
 */
export async function cancelOpenTasks(
  manager: EntityManager,
  scope: TaskScope,
  reason: string,
  now: Date,
  options: { withdrawHandedOver: boolean },
): Promise<{ campaignId: string; clientId: string }[]> {
  const { where, params } = scopeSql(scope);
  const at = params.length;
  const cancelled = await queryRows<{ campaign_id: string; client_id: string }>(
    manager,
    `UPDATE campaign_tasks SET status = 'cancelled', last_error = $${at + 1}, updated_at = $${at + 2}
     WHERE ${where} AND status = 'pending' RETURNING campaign_id, client_id`,
    [...params, reason, now.toISOString()],
  );
  if (options.withdrawHandedOver) {
    const handedOver = await queryRows<{ id: string; campaign_id: string }>(
      manager,
      `SELECT id, campaign_id FROM campaign_tasks WHERE ${where} AND status = 'scheduled' ORDER BY id FOR UPDATE`,
      params,
    );
    await writeOutboxEvents(
      manager,
      handedOver.map((task) =>
        emailSendCancelRequestedEvent(
          { workspaceId: scope.workspaceId, taskId: task.id, campaignId: task.campaign_id },
          reason,
          now,
        ),
      ),
    );
  }
  return cancelled.map((row) => ({ campaignId: row.campaign_id, clientId: row.client_id }));
}

import type { EntityManager } from 'typeorm';
import { queryRows } from '@coldreach/db';
import type { SequenceStateName } from '../domain/sequence';

/**
 * Ends the active sequences of one client — in one campaign, or in every campaign of the workspace
 * — with `state`. Answers the campaigns where a sequence ended.
 */
export async function endSequences(
  manager: EntityManager,
  scope: { workspaceId: string; clientId: string; campaignId?: string },
  state: Exclude<SequenceStateName, 'active'>,
  now: Date,
): Promise<string[]> {
  const rows = await queryRows<{ campaign_id: string }>(
    manager,
    `UPDATE campaign_leads SET state = $3, ended_at = $4, next_step_id = NULL, next_send_at = NULL
     WHERE workspace_id = $1 AND client_id = $2 AND state = 'active' AND ($5::uuid IS NULL OR campaign_id = $5)
     RETURNING campaign_id`,
    [scope.workspaceId, scope.clientId, state, now.toISOString(), scope.campaignId ?? null],
  );
  return rows.map((row) => row.campaign_id);
}

/**
 * Gives a sequence that stopped as failed its more precise reason once it is known (a failed send
 * followed by the hard bounce that explains it).
 */
export async function relabelFailedSequence(
  manager: EntityManager,
  scope: { workspaceId: string; clientId: string; campaignId: string },
  state: Exclude<SequenceStateName, 'active'>,
): Promise<void> {
  await queryRows(
    manager,
    `UPDATE campaign_leads SET state = $4
     WHERE workspace_id = $1 AND client_id = $2 AND campaign_id = $3 AND state = 'stopped_failed'`,
    [scope.workspaceId, scope.clientId, scope.campaignId, state],
  );
}

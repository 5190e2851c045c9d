import type { EntityManager } from 'typeorm';
import { queryRows } from '@coldreach/db';
import { notFound } from '@coldreach/errors';
import type { Campaign } from '../domain/campaign';
import { campaignColumns, rowToCampaign, type CampaignRow } from './row-mapping';

/**
 * The campaign, locked for the rest of the transaction (the order every writer takes first), or
 * NOT_FOUND. Every campaign lock is FOR NO KEY UPDATE: writers still exclude each other, but the
 * foreign-key checks of rows that reference the campaign (FOR KEY SHARE, e.g. a lead updated twice
 * in one transaction) do not wait for them.
 */
export async function lockCampaign(
  manager: EntityManager,
  workspaceId: string,
  id: string,
): Promise<Campaign> {
  const [row] = await queryRows<CampaignRow>(
    manager,
    `SELECT ${campaignColumns} FROM campaigns c WHERE c.workspace_id = $1 AND c.id = $2 FOR NO KEY UPDATE`,
    [workspaceId, id],
  );
  if (!row) throw notFound('campaign');
  return rowToCampaign(row);
}

/** The campaign without a lock, or NOT_FOUND. */
export async function readCampaign(
  manager: EntityManager,
  workspaceId: string,
  id: string,
): Promise<Campaign> {
  const [row] = await queryRows<CampaignRow>(
    manager,
    `SELECT ${campaignColumns} FROM campaigns c WHERE c.workspace_id = $1 AND c.id = $2`,
    [workspaceId, id],
  );
  if (!row) throw notFound('campaign');
  return rowToCampaign(row);
}

/** The campaign by id alone (workers, whose events carry the workspace separately), or undefined. */
export async function findCampaign(manager: EntityManager, id: string): Promise<Campaign | undefined> {
  const [row] = await queryRows<CampaignRow>(
    manager,
    `SELECT ${campaignColumns} FROM campaigns c WHERE c.id = $1`,
    [id],
  );
  return row ? rowToCampaign(row) : undefined;
}

/** Makes user input match literally inside a LIKE pattern. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

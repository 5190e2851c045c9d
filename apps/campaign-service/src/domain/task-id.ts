import { uuidFromParts } from '@coldreach/ids';

/**
 * The id of the task for one (workspace, campaign, client, step): a version-8 UUID from the SHA-256
 * over the four ids. Deterministic, so a retried or repeated scheduling of the same step for the same
 * lead always lands on the same row — and the same Email service delivery — and a step is sent at
 * most once per lead per campaign.
 */
export function deriveTaskId(
  workspaceId: string,
  campaignId: string,
  clientId: string,
  stepId: string,
): string {
  return uuidFromParts(
    'task',
    workspaceId.toLowerCase(),
    campaignId.toLowerCase(),
    clientId.toLowerCase(),
    stepId.toLowerCase(),
  );
}

import { createHash } from 'node:crypto';

/**
 * The id of the task for one (workspace, campaign, client, step): the first 16 bytes of
 * SHA-256 over the four ids, shaped as an RFC 9562 version-8 ("custom") UUID. Deterministic, so a
 * retried or repeated scheduling of the same step for the same lead always lands on the same row —
 * and the same Email service delivery — and a step is sent at most once per lead per campaign.
 */
export function deriveTaskId(
  workspaceId: string,
  campaignId: string,
  clientId: string,
  stepId: string,
): string {
  const bytes = createHash('sha256')
    .update(
      `task\n${workspaceId.toLowerCase()}\n${campaignId.toLowerCase()}\n${clientId.toLowerCase()}\n${stepId.toLowerCase()}`,
    )
    .digest()
    .subarray(0, 16);
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x80;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

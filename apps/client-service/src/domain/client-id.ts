import { createHash } from 'node:crypto';

export { isUuid } from '@coldreach/db';

/**
 * The id of the client with `normalisedEmail` in `workspaceId`: the first 16 bytes of
 * SHA-256(`${workspaceId}\n${email}`) shaped as an RFC 9562 version-8 ("custom") UUID. Deterministic,
 * so the same address always maps to the same id, hence the same shard, and the unique index dedups it.
 */
export function deriveClientId(workspaceId: string, normalisedEmail: string): string {
  const bytes = createHash('sha256')
    .update(`${workspaceId.toLowerCase()}\n${normalisedEmail}`)
    .digest()
    .subarray(0, 16);
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x80;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

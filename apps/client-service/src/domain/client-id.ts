import { uuidFromParts } from '@coldreach/ids';

export { isUuid } from '@coldreach/ids';

/**
 * The id of the client with `normalisedEmail` in `workspaceId`: a version-8 UUID from the SHA-256 of
 * `${workspaceId}\n${email}`. Deterministic, so the same address always maps to the same id, hence the
 * same shard, and the unique index dedups it.
 */
export function deriveClientId(workspaceId: string, normalisedEmail: string): string {
  return uuidFromParts(workspaceId.toLowerCase(), normalisedEmail);
}

import type { Redis } from '@coldreach/rate-limit';

/** How far an import has got, as GET /api/leads/import-progress/:id answers it. */
export interface ImportProgress {
  state: 'running' | 'finished' | 'failed';
  /** Bytes of the upload read so far. */
  bytesRead: number;
  /** The upload's declared size (Content-Length, envelope included); null when not declared. */
  totalBytes: number | null;
  rows: number;
  accepted: number;
  rejected: number;
  /** Why a failed import stopped. */
  detail: string | null;
  updatedAt: string;
}

/**
 * Where imports' progress is kept while they run and a while after, keyed by workspace and the
 * client-chosen progress id: in memory for one gateway, in Redis when replicas share the load (the
 * upload goes to one replica, the polls to any).
 */
export interface ImportProgressStore {
  save(workspaceId: string, progressId: string, progress: ImportProgress): Promise<void>;
  load(workspaceId: string, progressId: string): Promise<ImportProgress | undefined>;
}

/** How long a progress record outlives its last update: enough for a page to read the end. */
export const importProgressTtlSeconds = 15 * 60;

/** One gateway's records, at most `maxEntries` (the least recently updated go first), each expiring. */
export function createMemoryImportProgressStore(
  options: { maxEntries?: number; now?: () => number } = {},
): ImportProgressStore {
  const maxEntries = options.maxEntries ?? 1000;
  const now = options.now ?? Date.now;
  const records = new Map<string, { progress: ImportProgress; expiresAt: number }>();
  return {
    async save(workspaceId, progressId, progress) {
      const key = `${workspaceId}/${progressId}`;
      records.delete(key);
      records.set(key, { progress, expiresAt: now() + importProgressTtlSeconds * 1000 });
      // A Map iterates in insertion order, so the first key is the least recently saved.
      while (records.size > maxEntries) records.delete(records.keys().next().value!);
    },
    async load(workspaceId, progressId) {
      const record = records.get(`${workspaceId}/${progressId}`);
      return record && record.expiresAt > now() ? record.progress : undefined;
    },
  };
}

/** Records shared by every gateway replica, each expiring on its own (Redis bounds them by TTL). */
export function createRedisImportProgressStore(
  redis: Redis,
  prefix = 'coldreach:import-progress',
): ImportProgressStore {
  return {
    async save(workspaceId, progressId, progress) {
      await redis.set(
        `${prefix}:${workspaceId}:${progressId}`,
        JSON.stringify(progress),
        'EX',
        importProgressTtlSeconds,
      );
    },
    async load(workspaceId, progressId) {
      const value = await redis.get(`${prefix}:${workspaceId}:${progressId}`);
      return value === null ? undefined : (JSON.parse(value) as ImportProgress);
    },
  };
}

import type { Logger } from '@coldreach/observability';
import type { ImportProgress, ImportProgressStore } from './import-progress';

export type ImportCounts = Pick<ImportProgress, 'bytesRead' | 'rows' | 'accepted' | 'rejected'>;

/** Reports one import's progress to the store as it streams. */
export interface ImportProgressReporter {
  /** Called as often as the import likes; saved at most once per interval. */
  update(counts: ImportCounts): void;
  finish(counts: ImportCounts): Promise<void>;
  fail(detail: string): Promise<void>;
}

/**
 * Saves progress at most every `intervalMs`, one save at a time and in order, so a slow store never
 * holds the import up and a poll never sees counts go back. A failing store is logged, never fatal:
 * the import matters more than its progress bar.
 */
export function createImportProgressReporter(options: {
  store: ImportProgressStore;
  workspaceId: string;
  progressId: string;
  totalBytes: number | null;
  log: Pick<Logger, 'warn'>;
  intervalMs?: number;
  now?: () => number;
}): ImportProgressReporter {
  const { store, workspaceId, progressId, totalBytes } = options;
  const intervalMs = options.intervalMs ?? 250;
  const now = options.now ?? Date.now;
  let last: ImportCounts = { bytesRead: 0, rows: 0, accepted: 0, rejected: 0 };
  let lastSaved = -Infinity;
  let saving: Promise<void> = Promise.resolve();
  // The counts of the last update held back by the interval are saved when it ends, so a poll sees
  // them even when no update follows (an upload paused by its sender).
  let trailing: NodeJS.Timeout | undefined;

  function save(state: ImportProgress['state'], counts: ImportCounts, detail: string | null): Promise<void> {
    const progress: ImportProgress = {
      state,
      ...counts,
      totalBytes,
      detail,
      updatedAt: new Date(now()).toISOString(),
    };
    saving = saving
      .then(() => store.save(workspaceId, progressId, progress))
      .catch((error: unknown) =>
        options.log.warn({ errorName: (error as Error).name }, 'import progress not saved'),
      );
    return saving;
  }

  void save('running', last, null);
  return {
    update(counts) {
      last = counts;
      const wait = lastSaved + intervalMs - now();
      if (wait > 0) {
        trailing ??= setTimeout(() => {
          trailing = undefined;
          lastSaved = now();
          void save('running', last, null);
        }, wait);
        return;
      }
      lastSaved = now();
      void save('running', counts, null);
    },
    finish(counts) {
      clearTimeout(trailing);
      return save('finished', counts, null);
    },
    fail(detail) {
      clearTimeout(trailing);
      return save('failed', last, detail);
    },
  };
}

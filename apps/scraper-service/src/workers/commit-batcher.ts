import type { DataSource } from 'typeorm';
import type { Logger } from '@coldreach/observability';
import { cappedBackoffMs } from '@coldreach/process';
import type { UrlOutcome } from '../domain/url-outcome';
import type { ClaimedUrl } from '../persistence/crawl-claims';
import { commitUrlOutcomes, type UrlCommit } from '../persistence/page-commits';

export interface CommitBatcher {
  /** Resolves once the outcome is written (or given up on: its URL is then fetched again). */
  commit(claim: ClaimedUrl, outcome: UrlOutcome): Promise<void>;
}

/**
 * Outcomes are committed in batches (one transaction, each job's row locked once): page by page, a
 * busy job's commits queued behind its row lock and the fetch slots waited on them. A batch goes at
 * `maxBatch` outcomes or `windowMs` after its first, whichever comes first; one batch is written at
 * a time.
 */
export function createCommitBatcher(options: {
  dataSource: DataSource;
  logger: Logger;
  maxSimilarUrls: number;
  maxBatch: number;
  windowMs: number;
  isStopped: () => boolean;
  /** Called after each batch: the frontier may hold new URLs. */
  onWritten: () => void;
}): CommitBatcher {
  const { dataSource, logger, maxBatch } = options;
  const pending: { commit: UrlCommit; done: () => void }[] = [];
  let flushTimer: NodeJS.Timeout | undefined;
  let flushing: Promise<void> | undefined;

  function flush(): Promise<void> {
    clearTimeout(flushTimer);
    flushTimer = undefined;
    if (flushing) return flushing;
    if (pending.length === 0) return Promise.resolve();
    flushing = (async () => {
      while (pending.length > 0) await commitBatch(pending.splice(0, maxBatch));
      // Cleared in the same turn as the last check of `pending`, so no commit is left behind.
      flushing = undefined;
    })();
    return flushing;
  }

  async function commitBatch(batch: { commit: UrlCommit; done: () => void }[]): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        const kept = await commitUrlOutcomes(
          dataSource,
          batch.map((item) => item.commit),
          { maxSimilarUrls: options.maxSimilarUrls },
        );
        const lost = kept.filter((held) => !held).length;
        if (lost > 0) logger.warn({ count: lost }, 'URLs were reclaimed before their results were written');
        break;
      } catch (error) {
        // The claims' leases outlive these tries; after them, the URLs are queued again and fetched anew.
        if (attempt >= 4 || options.isStopped()) {
          logger.error(
            { err: error, count: batch.length },
            'could not write crawled URLs; they will be fetched again',
          );
          break;
        }
        await new Promise((resolve) =>
          setTimeout(resolve, cappedBackoffMs(attempt, { baseMs: 200, maxMs: 5000 })),
        );
      }
    }
    for (const item of batch) item.done();
    options.onWritten();
  }

  return {
    commit(claim, outcome) {
      return new Promise((done) => {
        pending.push({ commit: { claim, outcome }, done });
        if (pending.length >= maxBatch) void flush();
        else flushTimer ??= setTimeout(() => void flush(), options.windowMs);
      });
    },
  };
}

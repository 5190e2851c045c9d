import { cappedBackoffMs } from '@coldreach/process';
import type { UrlOutcome } from './url-outcome';

/** A fetch that gave no page, as the fetcher reports it (see fetch/page-fetch-result.ts). */
export interface FetchFailure {
  reason: string;
  status?: number;
  retryAfterMs?: number;
  skipped?: true;
}

export interface RetrySettings {
  /** Attempts of one URL, the first included. */
  maxAttempts: number;
  /** The first retry's wait; doubled each time up to maxBackoffMs. */
  baseBackoffMs: number;
  maxBackoffMs: number;
  /** A Retry-After longer than this is cut to it (a server may ask for days). */
  maxRetryAfterMs: number;
}

export const defaultRetrySettings: RetrySettings = {
  maxAttempts: 3,
  baseBackoffMs: 5_000,
  maxBackoffMs: 120_000,
  maxRetryAfterMs: 600_000,
};

// Failures that would fail the same way again soon: the policy refused the address, the name does
// not exist, the page is too big or not a page, the server said no (4xx but 429).
const permanent =
  /^(refused|DNS: (ENOTFOUND|ENODATA|EBADRESP)|too large|too many redirects|not |TLS:|bad |unsupported)/;

/**
 * What becomes of a URL whose fetch failed on attempt `attempt` (1 for the first): skipped (not a
 * page: counted, no error), retried later (429/503 after their Retry-After, other 5xx, timeouts and
 * broken connections, with a doubling backoff) while attempts remain, else failed with the reason.
 */
export function outcomeOfFailedFetch(
  failure: FetchFailure,
  attempt: number,
  now: Date,
  settings: RetrySettings = defaultRetrySettings,
): UrlOutcome {
  if (failure.skipped) return { kind: 'skipped', error: failure.reason };
  const status = failure.status;
  const transient =
    status === undefined
      ? !permanent.test(failure.reason) && failure.reason !== 'cancelled'
      : status === 429 || status >= 500;
  if (!transient || attempt >= settings.maxAttempts) {
    const tries = transient ? ` (after ${attempt} attempts)` : '';
    return { kind: 'failed', error: `${failure.reason}${tries}` };
  }
  const waitMs =
    failure.retryAfterMs !== undefined
      ? Math.min(failure.retryAfterMs, settings.maxRetryAfterMs)
      : cappedBackoffMs(attempt - 1, { baseMs: settings.baseBackoffMs, maxMs: settings.maxBackoffMs });
  return { kind: 'retry', error: failure.reason, notBefore: new Date(now.getTime() + waitMs) };
}

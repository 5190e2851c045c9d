import type { DataSource } from 'typeorm';
import type { Logger } from '@coldreach/observability';
import { cappedBackoffMs, createWakeableSleep } from '@coldreach/process';
import { defaultRetrySettings, type RetrySettings } from '../domain/fetch-failure-rules';
import type { UrlOutcome } from '../domain/url-outcome';
import type { PageFetcher } from '../fetch/page-fetcher';
import { createCrawlClaims, type ClaimedUrl } from '../persistence/crawl-claims';
import { commitUrlOutcomes, finishIfDone, type UrlCommit } from '../persistence/page-commits';
import { hostKeyOf, type HostGate } from '../politeness';
import { crawlJobOf, crawlUrl, robotsRulesOf, type CrawlJob } from './crawl-url';

export interface CrawlWorkersOptions {
  dataSource: DataSource;
  fetcher: PageFetcher;
  gate: HostGate;
  logger: Logger;
  workerId: string;
  /** Pages fetched at once by this process. */
  concurrency: number;
  /** The least time between two requests to one host. */
  hostDelayMs: number;
  /** A robots.txt Crawl-delay raises a host's delay, up to this. */
  maxCrawlDelayMs: number;
  /** How long a claim holds; longer than the fetcher's page deadline. Default 120 s. */
  leaseMs?: number;
  /** How often idle workers look for work (new jobs wake them at once in-process). Default 1 s. */
  pollIntervalMs?: number;
  /** A family of similar URLs (one similarity key) is cut off past this many. Default 500. */
  maxSimilarUrls?: number;
  retry?: RetrySettings;
}

export interface CrawlWorkers {
  /** New work: look now instead of at the next poll. */
  wake(): void;
  /** Stops claiming, aborts fetches in flight (their URLs are queued again) and waits for them. */
  stop(): Promise<void>;
}

interface InFlight {
  claim: ClaimedUrl;
  abort: AbortController;
}

/**
 * The crawl loop of one process: claim due URLs (one per host, none of a host this process is already
 * fetching or knows to be waiting), check robots.txt, take the host's politeness gate (shared by every
 * process through Redis), fetch, commit, release the host with its delay. A URL whose host is busy goes
 * back to the frontier for as long as the gate says; a job cancelled meanwhile has its fetches aborted
 * within a status check (every 500 ms).
 */
export function startCrawlWorkers(options: CrawlWorkersOptions): CrawlWorkers {
  const { dataSource, gate, logger } = options;
  const claims = createCrawlClaims(dataSource);
  const leaseMs = options.leaseMs ?? 120_000;
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  const maxSimilarUrls = options.maxSimilarUrls ?? 500;
  const maxBatch = 64;
  const batchWindowMs = 10;
  // URLs fetched and not yet written; past a few batches' worth, no new claim until they are.
  let committing = 0;
  const context = { fetcher: options.fetcher, retry: options.retry ?? defaultRetrySettings };
  const sleep = createWakeableSleep();
  const inFlight = new Map<string, InFlight>();
  const waitingUntil = new Map<string, number>();
  // Caches of what the database holds (specs never change, robots.txt once read): bounded, so a
  // worker that runs for months over many jobs does not grow; a cleared entry is read again.
  const jobs = new Map<string, CrawlJob>();
  const robots = new Map<string, { delayMs: number; isAllowed: (path: string) => boolean }>();
  const remember = <V>(cache: Map<string, V>, key: string, value: V, bound: number): void => {
    if (cache.size >= bound) cache.clear();
    cache.set(key, value);
  };
  let stopped = false;

  async function jobOf(jobId: string): Promise<CrawlJob | undefined> {
    const known = jobs.get(jobId);
    if (known) return known;
    const found = (await claims.specsOf([jobId])).get(jobId);
    if (!found) return undefined;
    const job = crawlJobOf(jobId, found.workspaceId, found.spec);
    remember(jobs, jobId, job, 1_000);
    return job;
  }

  function hostDelayOf(rules: { crawlDelaySeconds: number | undefined }): number {
    const crawlDelayMs = Math.min((rules.crawlDelaySeconds ?? 0) * 1000, options.maxCrawlDelayMs);
    return Math.max(options.hostDelayMs, crawlDelayMs);
  }

  async function robotsOf(job: CrawlJob, origin: string) {
    const key = `${job.id} ${origin}`;
    const cached = robots.get(key);
    if (cached) return cached;
    const stored = job.spec.respectRobotsTxt ? await claims.robotsOf(job.id, origin) : undefined;
    const rules = robotsRulesOf(stored?.robotsTxt ?? '');
    const entry = { delayMs: hostDelayOf(rules), isAllowed: rules.isAllowed };
    // A host whose robots.txt is not in yet is not cached: its pages wait for it anyway.
    if (!job.spec.respectRobotsTxt || stored?.state !== 'pending') remember(robots, key, entry, 10_000);
    return entry;
  }

  // Outcomes are committed in batches (one transaction, each job's row locked once): page by page,
  // a busy job's commits queued behind its row lock and the fetch slots waited on them.
  const pending: { commit: UrlCommit; done: () => void }[] = [];
  let flushTimer: NodeJS.Timeout | undefined;
  let flushing: Promise<void> | undefined;

  function commit(claim: ClaimedUrl, outcome: UrlOutcome): Promise<void> {
    return new Promise((done) => {
      pending.push({ commit: { claim, outcome }, done });
      if (pending.length >= maxBatch) void flush();
      else flushTimer ??= setTimeout(() => void flush(), batchWindowMs);
    });
  }

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
          { maxSimilarUrls },
        );
        const lost = kept.filter((held) => !held).length;
        if (lost > 0) logger.warn({ count: lost }, 'URLs were reclaimed before their results were written');
        break;
      } catch (error) {
        // The claims' leases outlive these tries; after them, the URLs are queued again and fetched anew.
        if (attempt >= 4 || stopped) {
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
  }

  async function handle(claim: ClaimedUrl, flight: InFlight, fetched: () => void): Promise<void> {
    const job = await jobOf(claim.jobId);
    if (!job) return;
    const host = await robotsOf(job, claim.origin);
    const path = new URL(claim.url);
    if (claim.kind === 'page' && !host.isAllowed(`${path.pathname}${path.search}`)) {
      fetched();
      return commit(claim, { kind: 'failed', error: 'disallowed by robots.txt' });
    }
    const grant = await gate.tryAcquire(hostKeyOf(path));
    if (!grant.granted) {
      waitingUntil.set(claim.origin, Date.now() + grant.waitMs);
      return claims.release([claim], new Date(Date.now() + grant.waitMs));
    }
    let outcome: UrlOutcome | undefined;
    let delayMs = host.delayMs;
    try {
      outcome = await crawlUrl(claim, job, context, flight.abort.signal);
      if (flight.abort.signal.aborted) return claims.release([claim], new Date());
      if (outcome.kind === 'retry') {
        const pushMs = outcome.notBefore.getTime() - Date.now();
        if (pushMs > delayMs) await gate.pushBack(grant.lease.host, pushMs);
      }
      // A robots.txt just read sets the host's delay (its Crawl-delay) from now on.
      if (outcome.kind === 'robots') delayMs = hostDelayOf(robotsRulesOf(outcome.robotsTxt));
    } finally {
      // The host is free once its answer is in: writing it down is the database's work, not the site's.
      await gate
        .release(grant.lease, { delayMs })
        .catch((error: unknown) => logger.warn({ err: error }, 'host gate release failed'));
    }
    fetched();
    await commit(claim, outcome);
    if (claim.kind === 'robots') robots.delete(`${job.id} ${claim.origin}`);
  }

  function start(claim: ClaimedUrl): void {
    const key = `${claim.jobId} ${claim.urlKey}`;
    const flight = { claim, abort: new AbortController() };
    inFlight.set(key, flight);
    // The fetch slot frees when the page is in (or refused), not when its outcome is written.
    const fetched = () => {
      if (inFlight.delete(key)) sleep.wake();
    };
    committing++;
    void handle(claim, flight, fetched)
      .catch((error: unknown) => logger.error({ err: error, jobId: claim.jobId }, 'crawling a URL failed'))
      .finally(() => {
        committing--;
        fetched();
      });
  }

  async function abortCancelled(): Promise<void> {
    const jobIds = [...new Set([...inFlight.values()].map((flight) => flight.claim.jobId))];
    if (jobIds.length === 0) return;
    const statuses = await claims.statusesOf(jobIds);
    for (const flight of inFlight.values()) {
      if (statuses.get(flight.claim.jobId) !== 'running') flight.abort.abort();
    }
  }

  async function loop(): Promise<void> {
    let lastHousekeeping = 0;
    let lastIdleCheck = Date.now();
    let lastStatusCheck = 0;
    while (!stopped) {
      try {
        const now = Date.now();
        if (now - lastHousekeeping >= pollIntervalMs) {
          lastHousekeeping = now;
          await claims.startQueuedJobs();
          const reaped = await claims.reapExpiredLeases();
          if (reaped > 0) logger.info({ count: reaped }, 'crawl claims past their lease queued again');
          for (const [origin, until] of waitingUntil) if (until <= now) waitingUntil.delete(origin);
          if (now - lastIdleCheck >= 10_000) {
            lastIdleCheck = now;
            for (const jobId of await claims.idleRunningJobs()) {
              await dataSource.transaction((manager) => finishIfDone(manager, jobId));
            }
          }
        }
        if (now - lastStatusCheck >= 500) {
          lastStatusCheck = now;
          await abortCancelled();
        }
        const free =
          committing >= options.concurrency + 4 * maxBatch ? 0 : options.concurrency - inFlight.size;
        let claimed: ClaimedUrl[] = [];
        if (free > 0) {
          const busy = [...inFlight.values()].map((flight) => flight.claim.origin);
          claimed = await claims.claim({
            limit: free,
            workerId: options.workerId,
            leaseMs,
            skipOrigins: [...busy, ...waitingUntil.keys()],
          });
          claimed.forEach(start);
        }
        // Every slot busy: a freed slot wakes the loop. Otherwise look again when the first waiting
        // host may be asked again, at the next poll, or (fetches in flight) at the next status check.
        const soonestHostMs = Math.min(...waitingUntil.values()) - Date.now();
        const idleMs = inFlight.size > 0 ? 500 : pollIntervalMs;
        await sleep(claimed.length === free ? idleMs : Math.max(10, Math.min(soonestHostMs, idleMs)));
      } catch (error) {
        logger.error({ err: error }, 'crawl loop failed; retrying');
        await sleep(pollIntervalMs);
      }
    }
  }

  const running = loop();
  return {
    wake: () => sleep.wake(),
    async stop() {
      stopped = true;
      sleep.wake();
      await running;
      for (const flight of inFlight.values()) flight.abort.abort();
      while (inFlight.size > 0 || committing > 0) await new Promise((resolve) => setTimeout(resolve, 20));
    },
  };
}

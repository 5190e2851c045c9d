import type { DataSource } from 'typeorm';
import { ScraperService } from '@coldreach/contracts';
import { workerHeartbeats, type Logger } from '@coldreach/observability';
import { createWakeableSleep } from '@coldreach/process';
import { defaultRetrySettings, type RetrySettings } from '../domain/fetch-failure-rules';
import type { UrlOutcome } from '../domain/url-outcome';
import type { PageExtractor } from '../extract/page-extractor';
import type { FetchedPage, PageFetcher } from '../fetch/page-fetcher';
import { createCrawlClaims, type ClaimedUrl } from '../persistence/crawl-claims';
import { finishIfDone } from '../persistence/page-commits';
import { hostKeyOf, type HostGate } from '../politeness';
import { createCommitBatcher } from './commit-batcher';
import { crawlJobOf, crawlUrl, pageOutcomeOf, robotsRulesOf, type CrawlJob } from './crawl-url';

export interface CrawlWorkersOptions {
  dataSource: DataSource;
  fetcher: PageFetcher;
  extractor: PageExtractor;
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
  /** New work or a job cancelled: look now instead of at the next poll or status check. */
  wake(): void;
  /** Stops claiming, aborts fetches in flight (their URLs are queued again) and waits for them. */
  stop(): Promise<void>;
}

interface InFlight {
  claim: ClaimedUrl;
  abort: AbortController;
}

/** A host this worker holds claimed URLs of, fetched one at a time through its gate. */
interface HeldOrigin {
  /** Claimed URLs not started yet, in the order to fetch them. */
  queue: ClaimedUrl[];
  /** One of its URLs is being handled (robots.txt check, gate, fetch). */
  busy: boolean;
  /** The host's gate lets nobody in before this (epoch ms): its delay after the last request. */
  readyAt: number;
  /** The claims' leases last at least until this (this process's clock, read before claiming). */
  heldUntil: number;
}

// URLs claimed per host in one round trip: the host's pages are fetched one after another anyway.
const perOriginClaim = 16;
const maxBatch = 64;
const batchWindowMs = 10;
// Fetches run beside the loop, whose rounds are a few queries and whose pauses stay under a poll:
// two minutes without a round means it is stuck.
const crawlLoopDeadlineMs = 120_000;

/**
 * The crawl loop of one process: claim due URLs (a few per host, none of a host this process already
 * holds or knows to be waiting), check robots.txt, take the host's politeness gate (shared by every
 * process through Redis), fetch, commit, release the host with its delay, then go on with the host's
 * next held URL once its delay is over. A host whose gate asks for a long wait has its URLs go back
 * to the frontier until then; a job cancelled meanwhile has its fetches aborted within a status check
 * (every 500 ms).
 */
export function startCrawlWorkers(options: CrawlWorkersOptions): CrawlWorkers {
  const { dataSource, gate, logger, concurrency } = options;
  const claims = createCrawlClaims(dataSource);
  const leaseMs = options.leaseMs ?? 120_000;
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  // Hosts waiting out their delay hold no fetch slot, so more hosts than slots are held.
  const maxHeldOrigins = concurrency * 8;
  // URLs fetched and not yet written; past a few batches' worth, no new claim until they are.
  let committing = 0;
  const context = {
    fetcher: options.fetcher,
    extractor: options.extractor,
    retry: options.retry ?? defaultRetrySettings,
  };
  const sleep = createWakeableSleep();
  const inFlight = new Map<string, InFlight>();
  const held = new Map<string, HeldOrigin>();
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
  // A claim that found less than it asked for scans the whole due frontier: the next one waits until
  // something may have changed (a batch written, a host's wait over, a poll, a wake).
  let frontierMayHaveWork = true;
  // Set by wake(): a job may have been cancelled here, so its held and running URLs stop now.
  let statusCheckDue = false;
  const batcher = createCommitBatcher({
    dataSource,
    logger,
    maxSimilarUrls: options.maxSimilarUrls ?? 500,
    maxBatch,
    windowMs: batchWindowMs,
    isStopped: () => stopped,
    onWritten: () => {
      frontierMayHaveWork = true;
      sleep.wake();
    },
  });
  const commit = (claim: ClaimedUrl, outcome: UrlOutcome) => batcher.commit(claim, outcome);

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

  /** Hands a held host's URLs back to the frontier, due again from `notBefore`. */
  async function releaseHeld(origin: string, notBefore: Date, keep?: (claim: ClaimedUrl) => boolean) {
    const hold = held.get(origin);
    if (!hold) return;
    const back = keep ? hold.queue.filter((claim) => !keep(claim)) : hold.queue;
    hold.queue = keep ? hold.queue.filter(keep) : [];
    if (hold.queue.length === 0 && !hold.busy) held.delete(origin);
    // Should this fail, their leases run out and the reaper queues them again.
    await claims
      .release(back, notBefore)
      .catch((error: unknown) => logger.warn({ err: error }, 'could not hand claimed URLs back'));
  }

  async function handle(claim: ClaimedUrl, hold: HeldOrigin, flight: InFlight, fetched: () => void) {
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
      // Another process is at the host, or its delay runs: try this URL again when the gate says.
      hold.readyAt = Date.now() + grant.waitMs;
      hold.queue.unshift(claim);
      // A long wait frees the host's URLs for other work meanwhile (and this worker for other hosts).
      if (grant.waitMs > leaseMs / 4) {
        waitingUntil.set(claim.origin, hold.readyAt);
        await releaseHeld(claim.origin, new Date(hold.readyAt));
      }
      return;
    }
    let result: UrlOutcome | FetchedPage | undefined;
    let released: Promise<void> | undefined;
    let delayMs = host.delayMs;
    try {
      result = await crawlUrl(claim, job, context, flight.abort.signal);
      if (flight.abort.signal.aborted) return claims.release([claim], new Date());
      if (!('ok' in result) && result.kind === 'retry') {
        const pushMs = result.notBefore.getTime() - Date.now();
        if (pushMs > delayMs) await gate.pushBack(grant.lease.host, pushMs);
      }
      // A robots.txt just read sets the host's delay (its Crawl-delay) from now on.
      if (!('ok' in result) && result.kind === 'robots')
        delayMs = hostDelayOf(robotsRulesOf(result.robotsTxt));
    } finally {
      // The host is free once its answer is in: reading the page and writing down what it held are
      // this process's and the database's work, not the site's.
      // Not awaited before the host's next URL starts: the gate sees this release first (Redis runs
      // one connection's commands in order; the in-memory gate applies it at the call).
      hold.readyAt = Date.now() + delayMs;
      released = gate
        .release(grant.lease, { delayMs })
        .then(() => undefined)
        .catch((error: unknown) => logger.warn({ err: error }, 'host gate release failed'));
    }
    fetched();
    const outcome = 'ok' in result ? await readPage(claim, job, result) : result;
    await released;
    await commit(claim, outcome);
    if (claim.kind === 'robots') robots.delete(`${job.id} ${claim.origin}`);
  }

  // A page the extraction could not read (its thread died on it) is failed, not fetched over and over.
  async function readPage(claim: ClaimedUrl, job: CrawlJob, page: FetchedPage): Promise<UrlOutcome> {
    try {
      return await pageOutcomeOf(claim, job, page, context);
    } catch (error) {
      logger.warn({ err: error, jobId: job.id }, 'a page could not be read');
      return { kind: 'failed', error: error instanceof Error ? error.message : 'the page could not be read' };
    }
  }

  function start(claim: ClaimedUrl, hold: HeldOrigin): void {
    const key = `${claim.jobId} ${claim.urlKey}`;
    const flight = { claim, abort: new AbortController() };
    hold.busy = true;
    inFlight.set(key, flight);
    // The fetch slot frees when the page is in (or refused), not when its outcome is written.
    const fetched = () => {
      if (!inFlight.delete(key)) return;
      hold.busy = false;
      if (hold.queue.length === 0 && held.get(claim.origin) === hold) held.delete(claim.origin);
      startReady();
      sleep.wake();
    };
    committing++;
    void handle(claim, hold, flight, fetched)
      .catch((error: unknown) => logger.error({ err: error, jobId: claim.jobId }, 'crawling a URL failed'))
      .finally(() => {
        committing--;
        fetched();
      });
  }

  /** Starts held URLs of hosts whose delay is over, while fetch slots are free. */
  function startReady(): void {
    if (stopped) return;
    const now = Date.now();
    for (const [origin, hold] of held) {
      if (inFlight.size >= concurrency) return;
      if (hold.busy || hold.readyAt > now) continue;
      if (hold.queue.length === 0) {
        held.delete(origin);
        continue;
      }
      // A fetch started now must end well inside its claim's lease, or another worker may take it.
      if (hold.heldUntil - now < leaseMs / 2) {
        void releaseHeld(origin, new Date());
        continue;
      }
      start(hold.queue.shift()!, hold);
    }
  }

  async function claimMore(): Promise<{ asked: number; got: number }> {
    const asked = Math.min(concurrency - inFlight.size, maxHeldOrigins - held.size);
    if (asked <= 0 || !frontierMayHaveWork || committing >= concurrency + 4 * maxBatch) {
      return { asked: 0, got: 0 };
    }
    const claimedAt = Date.now();
    const claimed = await claims.claim({
      limit: asked,
      perOrigin: perOriginClaim,
      workerId: options.workerId,
      leaseMs,
      skipOrigins: [...held.keys(), ...waitingUntil.keys()],
    });
    const got = new Set<string>();
    for (const claim of claimed) {
      const hold = held.get(claim.origin) ?? {
        queue: [],
        busy: false,
        readyAt: 0,
        heldUntil: claimedAt + leaseMs,
      };
      hold.queue.push(claim);
      held.set(claim.origin, hold);
      got.add(claim.origin);
    }
    if (got.size < asked) frontierMayHaveWork = false;
    startReady();
    return { asked, got: got.size };
  }

  async function abortCancelled(): Promise<void> {
    const jobIds = new Set([...inFlight.values()].map((flight) => flight.claim.jobId));
    for (const hold of held.values()) for (const claim of hold.queue) jobIds.add(claim.jobId);
    if (jobIds.size === 0) return;
    const statuses = await claims.statusesOf([...jobIds]);
    const running = (claim: ClaimedUrl) => statuses.get(claim.jobId) === 'running';
    for (const flight of inFlight.values()) if (!running(flight.claim)) flight.abort.abort();
    for (const [origin, hold] of held) {
      if (!hold.queue.every(running)) await releaseHeld(origin, new Date(), running);
    }
  }

  async function housekeeping(checkIdleJobs: boolean): Promise<void> {
    await claims.startQueuedJobs();
    const reaped = await claims.reapExpiredLeases();
    if (reaped > 0) logger.info({ count: reaped }, 'crawl claims past their lease queued again');
    const now = Date.now();
    for (const [origin, until] of waitingUntil) if (until <= now) waitingUntil.delete(origin);
    // Other processes' commits, URLs due again (retries, hosts' waits): looked for once a poll.
    frontierMayHaveWork = true;
    if (!checkIdleJobs) return;
    for (const jobId of await claims.idleRunningJobs()) {
      await dataSource.transaction((manager) => finishIfDone(manager, jobId));
    }
  }

  async function loop(): Promise<void> {
    let lastHousekeeping = 0;
    let lastIdleCheck = Date.now();
    let lastStatusCheck = 0;
    const heartbeat = workerHeartbeats.start(ScraperService.typeName, 'crawl-workers', {
      deadlineMs: crawlLoopDeadlineMs + pollIntervalMs,
    });
    while (!stopped) {
      heartbeat.tick();
      try {
        const now = Date.now();
        if (now - lastHousekeeping >= pollIntervalMs) {
          lastHousekeeping = now;
          const checkIdleJobs = now - lastIdleCheck >= 10_000;
          if (checkIdleJobs) lastIdleCheck = now;
          await housekeeping(checkIdleJobs);
        }
        if (statusCheckDue || now - lastStatusCheck >= 500) {
          lastStatusCheck = now;
          statusCheckDue = false;
          await abortCancelled();
        }
        startReady();
        const { asked, got } = await claimMore();
        // Every slot busy: a freed slot wakes the loop. Otherwise look again when the first waiting
        // host may be asked again, at the next poll, or (fetches in flight) at the next status check.
        const waits = [...waitingUntil.values()];
        for (const hold of held.values()) if (!hold.busy && hold.queue.length > 0) waits.push(hold.readyAt);
        const soonestHostMs = Math.min(...waits) - Date.now();
        const idleMs = inFlight.size > 0 ? 500 : pollIntervalMs;
        await sleep(asked > 0 && got === asked ? idleMs : Math.max(10, Math.min(soonestHostMs, idleMs)));
      } catch (error) {
        logger.error({ err: error }, 'crawl loop failed; retrying');
        await sleep(pollIntervalMs);
      }
    }
    heartbeat.stop();
  }

  const running = loop();
  return {
    wake: () => {
      frontierMayHaveWork = true;
      statusCheckDue = true;
      sleep.wake();
    },
    async stop() {
      stopped = true;
      sleep.wake();
      await running;
      for (const flight of inFlight.values()) flight.abort.abort();
      await Promise.all([...held.keys()].map((origin) => releaseHeld(origin, new Date())));
      while (inFlight.size > 0 || committing > 0) await new Promise((resolve) => setTimeout(resolve, 20));
    },
  };
}

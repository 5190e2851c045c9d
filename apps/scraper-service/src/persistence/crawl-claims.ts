import type { DataSource } from 'typeorm';
import { queryRows } from '@coldreach/db';
import type { JobSpec, JobStatus } from '../domain/scrape-job';

/** A frontier URL a worker holds: only the holder of `fencingToken` may commit it. */
export interface ClaimedUrl {
  jobId: string;
  urlKey: string;
  url: string;
  origin: string;
  kind: 'page' | 'robots' | 'sitemap';
  depth: number;
  attempts: number;
  fencingToken: string;
}

interface ClaimRow {
  job_id: string;
  url_key: string;
  url: string;
  origin: string;
  kind: ClaimedUrl['kind'];
  depth: number;
  attempts: number;
  fencing_token: string;
}

/**
 * The worker side of the frontier: claims with leases (FOR UPDATE SKIP LOCKED, so two workers never
 * hold one URL), releases, the reaper of expired leases, and the reads a worker caches.
 */
export function createCrawlClaims(dataSource: DataSource) {
  const manager = dataSource.manager;
  return {
    /** Queued jobs start: a worker of any process picks them up from here on. */
    async startQueuedJobs(): Promise<number> {
      const rows = await queryRows<{ id: string }>(
        manager,
        `UPDATE scrape_jobs SET status = 'running', started_at = now(), updated_at = now()
         WHERE status = 'queued' RETURNING id`,
        [],
      );
      return rows.length;
    },

    /**
     * Due URLs of running jobs from up to `limit` origins, none of `skipOrigins` (hosts this worker
     * holds or knows to be waiting), up to `perOrigin` of each (the worker fetches them one after
     * another through the host's gate: one claim round trip serves several pages), oldest origins
     * first; robots.txt and sitemaps go before pages, and a page waits until its host's robots.txt is
     * known. Each origin's URLs come back in the order to fetch them.
     */
    async claim(options: {
      limit: number;
      perOrigin: number;
      workerId: string;
      leaseMs: number;
      skipOrigins: readonly string[];
    }): Promise<ClaimedUrl[]> {
      const rows = await queryRows<ClaimRow & { seq: string }>(
        manager,
        `WITH window_rows AS (
           SELECT f.job_id, f.url_key, f.origin, f.kind, f.seq
           FROM scrape_frontier f
           JOIN scrape_jobs j ON j.id = f.job_id AND j.status = 'running'
           LEFT JOIN scrape_hosts h ON h.job_id = f.job_id AND h.origin = f.origin
           WHERE f.state = 'queued' AND f.not_before <= now()
             AND (f.kind <> 'page' OR h.robots_state = 'ready')
             AND NOT (f.origin = ANY ($3::text[]))
           ORDER BY f.seq LIMIT 2000
         ), ranked AS (
           SELECT job_id, url_key, origin, seq,
             row_number() OVER (PARTITION BY origin ORDER BY (kind = 'page'), seq) AS rank
           FROM window_rows
         ), origins AS (
           SELECT origin FROM ranked WHERE rank = 1 ORDER BY seq LIMIT $1
         ), picked AS (
           SELECT f.job_id, f.url_key FROM scrape_frontier f
           JOIN ranked r USING (job_id, url_key)
           WHERE r.rank <= $5 AND r.origin IN (SELECT origin FROM origins) AND f.state = 'queued'
           FOR UPDATE OF f SKIP LOCKED
         )
         UPDATE scrape_frontier f
         SET state = 'fetching', attempts = f.attempts + 1, lease_owner = $2,
             lease_until = now() + make_interval(secs => $4::double precision / 1000),
             fencing_token = nextval('scrape_fencing_tokens')
         FROM picked WHERE f.job_id = picked.job_id AND f.url_key = picked.url_key
         RETURNING f.job_id, f.url_key, f.url, f.origin, f.kind, f.depth, f.attempts, f.fencing_token, f.seq`,
        [options.limit, options.workerId, [...options.skipOrigins], options.leaseMs, options.perOrigin],
      );
      // Robots.txt and sitemaps before pages, then in frontier order.
      const kindRank = (row: ClaimRow) => (row.kind === 'page' ? 1 : 0);
      rows.sort(
        (left, right) => kindRank(left) - kindRank(right) || (BigInt(left.seq) < BigInt(right.seq) ? -1 : 1),
      );
      return rows.map((row) => ({
        jobId: row.job_id,
        urlKey: row.url_key,
        url: row.url,
        origin: row.origin,
        kind: row.kind,
        depth: row.depth,
        attempts: row.attempts,
        fencingToken: String(row.fencing_token),
      }));
    },

    /**
     * Hands claimed URLs back untried (their host was busy, or their job stopped): queued again from
     * `notBefore`, the attempt not counted.
     */
    async release(claims: readonly ClaimedUrl[], notBefore: Date): Promise<void> {
      if (claims.length === 0) return;
      await dataSource.query(
        `UPDATE scrape_frontier f
         SET state = 'queued', attempts = f.attempts - 1, not_before = $4,
             lease_owner = NULL, lease_until = NULL
         FROM unnest($1::uuid[], $2::uuid[], $3::bigint[]) AS c(job_id, url_key, token)
         WHERE f.job_id = c.job_id AND f.url_key = c.url_key AND f.state = 'fetching'
           AND f.fencing_token = c.token`,
        [
          claims.map((claim) => claim.jobId),
          claims.map((claim) => claim.urlKey),
          claims.map((claim) => claim.fencingToken),
          notBefore,
        ],
      );
    },

    /**
     * URLs whose worker died or stalled past its lease are queued again: fetched a second time at
     * most (they were in flight), never lost.
     */
    async reapExpiredLeases(): Promise<number> {
      const rows = await queryRows<{ url_key: string }>(
        manager,
        `UPDATE scrape_frontier SET state = 'queued', lease_owner = NULL, lease_until = NULL
         WHERE state = 'fetching' AND lease_until < now() RETURNING url_key`,
        [],
      );
      return rows.length;
    },

    /**
     * Running jobs with nothing left to fetch, which their own commits should have ended (they keep
     * a counter of open URLs): a safety net, so a job never runs forever on a miscount.
     */
    async idleRunningJobs(): Promise<string[]> {
      const rows = await queryRows<{ id: string }>(
        manager,
        `SELECT j.id FROM scrape_jobs j WHERE j.status = 'running' AND NOT EXISTS (
           SELECT 1 FROM scrape_frontier f WHERE f.job_id = j.id AND f.state IN ('queued', 'fetching'))`,
        [],
      );
      return rows.map((row) => row.id);
    },

    /** Each job's spec (immutable, so workers cache it). */
    async specsOf(jobIds: readonly string[]): Promise<Map<string, { workspaceId: string; spec: JobSpec }>> {
      const rows = await queryRows<{ id: string; workspace_id: string; spec: JobSpec }>(
        manager,
        'SELECT id, workspace_id, spec FROM scrape_jobs WHERE id = ANY ($1::uuid[])',
        [[...jobIds]],
      );
      return new Map(rows.map((row) => [row.id, { workspaceId: row.workspace_id, spec: row.spec }]));
    },

    /** The status of each job (a worker stops fetching for one that is no longer running). */
    async statusesOf(jobIds: readonly string[]): Promise<Map<string, JobStatus>> {
      const rows = await queryRows<{ id: string; status: JobStatus }>(
        manager,
        'SELECT id, status FROM scrape_jobs WHERE id = ANY ($1::uuid[])',
        [[...jobIds]],
      );
      return new Map(rows.map((row) => [row.id, row.status]));
    },

    /** A host's robots.txt as fetched for a job ('' when it allows everything). */
    async robotsOf(jobId: string, origin: string): Promise<{ state: string; robotsTxt: string } | undefined> {
      const [row] = await queryRows<{ robots_state: string; robots_txt: string }>(
        manager,
        'SELECT robots_state, robots_txt FROM scrape_hosts WHERE job_id = $1 AND origin = $2',
        [jobId, origin],
      );
      return row && { state: row.robots_state, robotsTxt: row.robots_txt };
    },
  };
}

export type CrawlClaims = ReturnType<typeof createCrawlClaims>;

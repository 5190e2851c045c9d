import type { EntityManager } from 'typeorm';
import { queryRows } from '@coldreach/db';
import { sitemapCandidates, similarityKey, trapMessage } from '../crawl';
import type { FrontierEntry } from '../domain/url-outcome';

/** The job fields admission needs, read under the job's row lock. */
export interface AdmittingJob {
  id: string;
  maxPages: number;
  pagesAdmitted: number;
  respectRobotsTxt: boolean;
}

export interface AdmissionResult {
  /** Pages newly queued (the job's pages_admitted grows by this). */
  pagesAdmitted: number;
  /** Trap families cut off now, each recorded once as a failed URL with its reason. */
  trapsRecorded: number;
  /** URLs of every kind newly queued (the job's open_urls grows by this). */
  opened: number;
}

export const originOf = (url: string): string => new URL(url).origin;

/**
 * Queues what a job has not seen yet, in the caller's transaction, which holds the job's row lock
 * (so two pages of one job never admit past max pages together). Pages beyond max pages are dropped;
 * a family of generated URLs (one similarity key) stops at `maxSimilarUrls`, and the first URL past
 * it is kept as a failed URL saying so. A host seen for the first time gets its robots.txt queued
 * (its pages wait for it) or, when the job ignores robots.txt, is ready at once.
 */
export async function admitUrls(
  manager: EntityManager,
  job: AdmittingJob,
  entries: readonly FrontierEntry[],
  options: { maxSimilarUrls: number },
): Promise<AdmissionResult> {
  const pages = entries.filter((entry) => entry.kind === 'page');
  const others = entries.filter((entry) => entry.kind !== 'page');
  const fresh = await unseen(manager, job.id, pages);
  const { admitted, trapped } = await withinTrapBounds(manager, job.id, fresh, options.maxSimilarUrls);
  const room = Math.max(0, job.maxPages - job.pagesAdmitted);
  const queuedPages = admitted.slice(0, room);
  const hostEntries = await ensureHosts(manager, job, [...queuedPages, ...others]);
  const inserted = await insertEntries(manager, job.id, [...queuedPages, ...others]);
  const trapsRecorded = await recordTraps(manager, job.id, trapped, options.maxSimilarUrls);
  return { pagesAdmitted: queuedPages.length, trapsRecorded, opened: hostEntries + inserted };
}

async function unseen(
  manager: EntityManager,
  jobId: string,
  pages: FrontierEntry[],
): Promise<FrontierEntry[]> {
  if (pages.length === 0) return [];
  const byUrl = new Map(pages.map((page) => [page.url, page]));
  const seen = await queryRows<{ url: string }>(
    manager,
    `SELECT url FROM scrape_frontier WHERE job_id = $1 AND url_key = ANY (SELECT md5(u)::uuid FROM unnest($2::text[]) u)`,
    [jobId, [...byUrl.keys()]],
  );
  for (const row of seen) byUrl.delete(row.url);
  return [...byUrl.values()];
}

async function withinTrapBounds(
  manager: EntityManager,
  jobId: string,
  pages: FrontierEntry[],
  bound: number,
): Promise<{ admitted: (FrontierEntry & { key: string })[]; trapped: { url: string; key: string }[] }> {
  const keyed = pages.map((page) => ({ ...page, key: similarityKey(page.url) }));
  if (keyed.length === 0) return { admitted: [], trapped: [] };
  const counts = new Map(
    (
      await queryRows<{ similarity_key: string; count: string }>(
        manager,
        `SELECT similarity_key, count(*) AS count FROM scrape_frontier
         WHERE job_id = $1 AND similarity_key = ANY ($2::text[]) GROUP BY similarity_key`,
        [jobId, [...new Set(keyed.map((page) => page.key))]],
      )
    ).map((row) => [row.similarity_key, Number(row.count)]),
  );
  const admitted: (FrontierEntry & { key: string })[] = [];
  const trapped: { url: string; key: string }[] = [];
  for (const page of keyed) {
    const count = counts.get(page.key) ?? 0;
    if (count >= bound) {
      trapped.push({ url: page.url, key: page.key });
      continue;
    }
    counts.set(page.key, count + 1);
    admitted.push(page);
  }
  return { admitted, trapped };
}

async function ensureHosts(
  manager: EntityManager,
  job: AdmittingJob,
  entries: FrontierEntry[],
): Promise<number> {
  const origins = [...new Set(entries.map((entry) => originOf(entry.url)))];
  if (origins.length === 0) return 0;
  const created = await queryRows<{ origin: string }>(
    manager,
    `INSERT INTO scrape_hosts (job_id, origin, robots_state)
     SELECT $1, o, $3 FROM unnest($2::text[]) o ON CONFLICT DO NOTHING RETURNING origin`,
    [job.id, origins, job.respectRobotsTxt ? 'pending' : 'ready'],
  );
  if (created.length === 0) return 0;
  // Seeds' hosts (depth 0) also get their sitemaps; with robots.txt, once its Sitemap lines are known.
  const seedOrigins = new Set(
    entries.filter((entry) => entry.depth === 0).map((entry) => originOf(entry.url)),
  );
  const extra: FrontierEntry[] = created.flatMap(({ origin }) =>
    job.respectRobotsTxt
      ? [{ url: `${origin}/robots.txt`, kind: 'robots', depth: 0 }]
      : seedOrigins.has(origin)
        ? sitemapCandidates(origin, []).map((url): FrontierEntry => ({ url, kind: 'sitemap', depth: 0 }))
        : [],
  );
  return insertEntries(manager, job.id, extra);
}

async function insertEntries(
  manager: EntityManager,
  jobId: string,
  entries: readonly (FrontierEntry & { key?: string })[],
): Promise<number> {
  if (entries.length === 0) return 0;
  const inserted = await queryRows<{ url_key: string }>(
    manager,
    `INSERT INTO scrape_frontier (job_id, url_key, url, origin, kind, depth, similarity_key)
     SELECT $1, md5(u)::uuid, u, o, k, d, s
     FROM unnest($2::text[], $3::text[], $4::text[], $5::int[], $6::text[]) WITH ORDINALITY AS t(u, o, k, d, s, n)
     ORDER BY n
     ON CONFLICT DO NOTHING RETURNING url_key`,
    [
      jobId,
      entries.map((entry) => entry.url),
      entries.map((entry) => originOf(entry.url)),
      entries.map((entry) => entry.kind),
      entries.map((entry) => entry.depth),
      entries.map((entry) => entry.key ?? ''),
    ],
  );
  return inserted.length;
}

async function recordTraps(
  manager: EntityManager,
  jobId: string,
  trapped: { url: string; key: string }[],
  bound: number,
): Promise<number> {
  const firstOfKey = new Map<string, string>();
  for (const { url, key } of trapped) if (!firstOfKey.has(key)) firstOfKey.set(key, url);
  if (firstOfKey.size === 0) return 0;
  const fresh = await queryRows<{ similarity_key: string }>(
    manager,
    `INSERT INTO scrape_traps (job_id, similarity_key) SELECT $1, k FROM unnest($2::text[]) k
     ON CONFLICT DO NOTHING RETURNING similarity_key`,
    [jobId, [...firstOfKey.keys()]],
  );
  if (fresh.length === 0) return 0;
  const rows = fresh.map((row) => ({ key: row.similarity_key, url: firstOfKey.get(row.similarity_key)! }));
  await manager.query(
    `INSERT INTO scrape_frontier (job_id, url_key, url, origin, kind, depth, similarity_key, state, error, finished_at)
     SELECT $1, md5(u)::uuid, u, o, 'page', 0, '', 'failed', e, now()
     FROM unnest($2::text[], $3::text[], $4::text[]) AS t(u, o, e)
     ON CONFLICT DO NOTHING`,
    [
      jobId,
      rows.map((row) => row.url),
      rows.map((row) => originOf(row.url)),
      rows.map((row) => trapMessage(row.key, bound)),
    ],
  );
  return rows.length;
}

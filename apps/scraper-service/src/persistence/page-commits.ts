import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { queryRows } from '@coldreach/db';
import { writeOutboxEvents } from '@coldreach/outbox';
import type { JobSpec, JobStatus, ScrapeResult } from '../domain/scrape-job';
import type { FoundContact, FrontierEntry, UrlOutcome } from '../domain/url-outcome';
import { contactFoundEvent, jobFinishedEvent } from '../events/scrape-events';
import type { ClaimedUrl } from './crawl-claims';
import { admitUrls } from './frontier-admission';
import { clientIdOfAddress } from '@coldreach/email-address';

interface JobRow {
  id: string;
  workspace_id: string;
  spec: JobSpec;
  status: JobStatus;
  pages_admitted: number;
}

const finalStates: Record<UrlOutcome['kind'], string> = {
  crawled: 'done',
  robots: 'done',
  sitemap: 'done',
  failed: 'failed',
  skipped: 'skipped',
  retry: 'queued',
};

/** One claimed URL and what the worker learnt from it. */
export interface UrlCommit {
  claim: ClaimedUrl;
  outcome: UrlOutcome;
}

/**
 * Writes what a worker learnt from a batch of claimed URLs, in one transaction: each URL's state
 * (only while its claim still holds: a reaped claim commits nothing, so a page is never counted
 * twice), then per job — its row locked once, in id order — the links they add to the frontier, the
 * contacts they found (new ones become scrape.contact_found events through the outbox), the job's
 * counters and its end once nothing is left to fetch; and the workspaces' pages of the day. A batch
 * keeps one job's commits from queueing behind its row lock one page at a time. Answers, per item,
 * whether its claim still held.
 */
export async function commitUrlOutcomes(
  dataSource: DataSource,
  commits: readonly UrlCommit[],
  options: { maxSimilarUrls: number },
): Promise<boolean[]> {
  return dataSource.transaction(async (manager) => {
    const kept = await settleClaims(manager, commits);
    const byJob = new Map<string, UrlCommit[]>();
    commits.forEach((commit, index) => {
      if (!kept[index]) return;
      const list = byJob.get(commit.claim.jobId) ?? [];
      list.push(commit);
      byJob.set(commit.claim.jobId, list);
    });
    const pagesByWorkspace = new Map<string, number>();
    for (const jobId of [...byJob.keys()].sort()) {
      const job = await applyToJob(manager, jobId, byJob.get(jobId)!, options);
      if (job)
        pagesByWorkspace.set(
          job.workspaceId,
          (pagesByWorkspace.get(job.workspaceId) ?? 0) + job.pagesFetched,
        );
    }
    for (const [workspaceId, pages] of [...pagesByWorkspace].sort()) {
      if (pages > 0) await countWorkspacePages(manager, workspaceId, pages);
    }
    return kept;
  });
}

/** Moves each claimed URL to its outcome's state in one statement, if the claim still holds. */
async function settleClaims(manager: EntityManager, commits: readonly UrlCommit[]): Promise<boolean[]> {
  const updated = await queryRows<{ n: number }>(
    manager,
    `UPDATE scrape_frontier f
     SET state = c.state, error = c.error,
         finished_at = CASE WHEN c.state = 'queued' THEN NULL ELSE now() END,
         not_before = COALESCE(c.not_before, f.not_before), lease_owner = NULL, lease_until = NULL
     FROM unnest($1::uuid[], $2::uuid[], $3::bigint[], $4::text[], $5::text[], $6::timestamptz[])
       WITH ORDINALITY AS c(job_id, url_key, token, state, error, not_before, n)
     WHERE f.job_id = c.job_id AND f.url_key = c.url_key AND f.state = 'fetching' AND f.fencing_token = c.token
     RETURNING c.n`,
    [
      commits.map((commit) => commit.claim.jobId),
      commits.map((commit) => commit.claim.urlKey),
      commits.map((commit) => commit.claim.fencingToken),
      commits.map((commit) => finalStates[commit.outcome.kind]),
      commits.map(({ outcome }) => ('error' in outcome ? outcome.error : null)),
      commits.map(({ outcome }) => (outcome.kind === 'retry' ? outcome.notBefore : null)),
    ],
  );
  const kept = new Set(updated.map((row) => Number(row.n)));
  return commits.map((_, index) => kept.has(index + 1));
}

async function applyToJob(
  manager: EntityManager,
  jobId: string,
  commits: readonly UrlCommit[],
  options: { maxSimilarUrls: number },
): Promise<{ workspaceId: string; pagesFetched: number } | undefined> {
  const [job] = await queryRows<JobRow>(
    manager,
    'SELECT id, workspace_id, spec, status, pages_admitted FROM scrape_jobs WHERE id = $1 FOR UPDATE',
    [jobId],
  );
  if (!job) return undefined;
  const counts = {
    admitted: 0,
    crawled: 0,
    failed: 0,
    skipped: 0,
    javascriptOnly: 0,
    contacts: 0,
    fetched: 0,
  };
  // Every settled URL leaves the open ones (a retry stays open); admissions add theirs below.
  let openDelta = -commits.filter((commit) => commit.outcome.kind !== 'retry').length;
  const contacts: FoundContact[] = [];
  const links: FrontierEntry[] = [];
  for (const { claim, outcome } of commits) {
    const isPage = claim.kind === 'page';
    if (isPage && outcome.kind !== 'retry') counts.fetched += 1;
    if (outcome.kind === 'failed' && isPage) counts.failed += 1;
    if (outcome.kind === 'skipped' && isPage) counts.skipped += 1;
    if (outcome.kind === 'crawled') {
      counts.crawled += 1;
      if (outcome.javascriptOnly) counts.javascriptOnly += 1;
      contacts.push(...outcome.contacts);
    }
    if (outcome.kind === 'robots') {
      const failed = await applyRobots(manager, claim, outcome);
      counts.failed += failed;
      openDelta -= failed;
    }
    if (outcome.kind === 'crawled' || outcome.kind === 'sitemap' || outcome.kind === 'robots')
      links.push(...outcome.links);
  }
  counts.contacts += await insertResults(manager, job, contacts);
  // A URL linked from several pages of the batch is admitted once, at its least depth.
  const byUrl = new Map<string, FrontierEntry>();
  for (const link of links) {
    const known = byUrl.get(link.url);
    if (!known || link.depth < known.depth)
      byUrl.set(link.url, known ? { ...known, depth: link.depth } : link);
  }
  if (job.status === 'running' && byUrl.size > 0) {
    const admission = await admitUrls(
      manager,
      {
        id: job.id,
        maxPages: job.spec.maxPages,
        pagesAdmitted: job.pages_admitted,
        respectRobotsTxt: job.spec.respectRobotsTxt,
      },
      [...byUrl.values()],
      options,
    );
    counts.admitted += admission.pagesAdmitted;
    counts.failed += admission.trapsRecorded;
    openDelta += admission.opened;
  }
  const [updated] = await queryRows<{ open_urls: number }>(
    manager,
    `UPDATE scrape_jobs SET pages_admitted = pages_admitted + $2, pages_crawled = pages_crawled + $3,
       pages_failed = pages_failed + $4, pages_skipped = pages_skipped + $5,
       javascript_only_pages = javascript_only_pages + $6, contacts_found = contacts_found + $7,
       open_urls = open_urls + $8, updated_at = now()
     WHERE id = $1 RETURNING open_urls`,
    [
      job.id,
      counts.admitted,
      counts.crawled,
      counts.failed,
      counts.skipped,
      counts.javascriptOnly,
      counts.contacts,
      openDelta,
    ],
  );
  // The counter says when to look; the frontier itself says whether the job is done.
  if (job.status === 'running' && (updated?.open_urls ?? 0) <= 0) await finishIfDone(manager, job.id);
  return { workspaceId: job.workspace_id, pagesFetched: counts.fetched };
}

async function insertResults(
  manager: EntityManager,
  job: JobRow,
  contacts: readonly FoundContact[],
): Promise<number> {
  if (contacts.length === 0) return 0;
  const rows = contacts.map((contact) => ({
    ...contact,
    id: randomUUID(),
    clientId: clientIdOfAddress(job.workspace_id, contact.email),
  }));
  const inserted = await queryRows<{ id: string; found_at: Date }>(
    manager,
    `INSERT INTO scrape_results (id, workspace_id, job_id, email, name, title, phone, company, source_url,
       social_profiles, client_id)
     SELECT r.id, $1, $2, r.email, r.name, r.title, r.phone, r.company, r.source_url,
       string_to_array(r.socials, ' '), r.client_id
     FROM unnest($3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
       $10::text[], $11::uuid[]) WITH ORDINALITY
       AS r(id, email, name, title, phone, company, source_url, socials, client_id, n)
     ORDER BY r.n
     ON CONFLICT (job_id, email) DO NOTHING RETURNING id, found_at`,
    [
      job.workspace_id,
      job.id,
      rows.map((row) => row.id),
      rows.map((row) => row.email),
      rows.map((row) => row.name),
      rows.map((row) => row.title),
      rows.map((row) => row.phone),
      rows.map((row) => row.company),
      rows.map((row) => row.sourceUrl),
      rows.map((row) => row.socialProfiles.join(' ')),
      rows.map((row) => row.clientId),
    ],
  );
  const foundAt = new Map(inserted.map((row) => [row.id, row.found_at]));
  const results: ScrapeResult[] = rows
    .filter((row) => foundAt.has(row.id))
    .map((row) => ({ ...row, workspaceId: job.workspace_id, jobId: job.id, foundAt: foundAt.get(row.id)! }));
  await writeOutboxEvents(
    manager,
    results.map((result) => contactFoundEvent(result, job.spec.leadTags)),
  );
  return results.length;
}

/** Records a host's robots.txt; an unreachable one fails the host's waiting pages. Returns them. */
async function applyRobots(
  manager: EntityManager,
  claim: ClaimedUrl,
  outcome: Extract<UrlOutcome, { kind: 'robots' }>,
): Promise<number> {
  await manager.query(
    'UPDATE scrape_hosts SET robots_state = $3, robots_txt = $4 WHERE job_id = $1 AND origin = $2',
    [claim.jobId, claim.origin, outcome.state, outcome.robotsTxt],
  );
  if (outcome.state !== 'unreachable') return 0;
  const failed = await queryRows<{ url_key: string }>(
    manager,
    `UPDATE scrape_frontier SET state = 'failed', error = $3, finished_at = now()
     WHERE job_id = $1 AND origin = $2 AND kind = 'page' AND state = 'queued' RETURNING url_key`,
    [claim.jobId, claim.origin, outcome.reason],
  );
  return failed.length;
}

async function countWorkspacePages(
  manager: EntityManager,
  workspaceId: string,
  pages: number,
): Promise<void> {
  await manager.query(
    `INSERT INTO scrape_workspace_days (workspace_id, day, pages) VALUES ($1, (now() AT TIME ZONE 'UTC')::date, $2)
     ON CONFLICT (workspace_id, day) DO UPDATE SET pages = scrape_workspace_days.pages + $2`,
    [workspaceId, pages],
  );
}

/**
 * Ends a running job once no URL of it is queued or being fetched: succeeded, or failed when not one
 * page could be crawled (every seed refused, disallowed or unreachable), naming the first error.
 */
export async function finishIfDone(manager: EntityManager, jobId: string): Promise<void> {
  const [open] = await queryRows<{ open: boolean }>(
    manager,
    `SELECT EXISTS (SELECT 1 FROM scrape_frontier WHERE job_id = $1 AND state IN ('queued', 'fetching')) AS open`,
    [jobId],
  );
  if (open?.open) return;
  const [ended] = await queryRows<{
    workspace_id: string;
    status: JobStatus;
    pages_crawled: number;
    pages_failed: number;
    contacts_found: number;
    error_message: string;
  }>(
    manager,
    `UPDATE scrape_jobs j SET
       status = CASE WHEN j.pages_crawled > 0 THEN 'succeeded' ELSE 'failed' END,
       error_message = CASE WHEN j.pages_crawled > 0 THEN '' ELSE 'no page could be crawled: ' || COALESCE(
         (SELECT f.url || ': ' || f.error FROM scrape_frontier f WHERE f.job_id = j.id AND f.kind = 'page' AND f.state IN ('failed', 'skipped')
          ORDER BY f.finished_at, f.seq LIMIT 1), 'nothing to fetch') END,
       ended_at = now(), updated_at = now()
     WHERE j.id = $1 AND j.status = 'running'
     RETURNING j.workspace_id, j.status, j.pages_crawled, j.pages_failed, j.contacts_found, j.error_message`,
    [jobId],
  );
  if (!ended) return;
  await writeOutboxEvents(manager, [
    jobFinishedEvent({
      id: jobId,
      workspaceId: ended.workspace_id,
      status: ended.status,
      pagesCrawled: ended.pages_crawled,
      pagesFailed: ended.pages_failed,
      contactsFound: ended.contacts_found,
      errorMessage: ended.error_message,
    }),
  ]);
}

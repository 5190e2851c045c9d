import type { DataSource, EntityManager } from 'typeorm';
import { queryRows, type ReadReplicas } from '@coldreach/db';
import { DomainError } from '@coldreach/errors';
import { writeOutboxEvents } from '@coldreach/outbox';
import type { JobSpec, JobStatus, PageError, ScrapeJob, ScrapeResult } from '../domain/scrape-job';
import type { JobStore } from '../domain/job-store';
import { jobFinishedEvent } from '../events/scrape-events';
import { admitUrls } from './frontier-admission';

interface JobRow {
  id: string;
  workspace_id: string;
  spec: JobSpec;
  status: JobStatus;
  pages_crawled: number;
  pages_failed: number;
  pages_skipped: number;
  javascript_only_pages: number;
  contacts_found: number;
  pages_queued: string;
  error_message: string;
  created_at: Date;
  started_at: Date | null;
  ended_at: Date | null;
  updated_at: Date;
}

interface ResultRow {
  id: string;
  workspace_id: string;
  job_id: string;
  email: string;
  name: string;
  title: string;
  phone: string;
  company: string;
  source_url: string;
  social_profiles: string[];
  client_id: string | null;
  found_at: Date;
}

const recentErrors = 100;
const jobColumns = `j.*, (SELECT count(*) FROM scrape_frontier f WHERE f.job_id = j.id AND f.kind = 'page'
  AND f.state IN ('queued', 'fetching')) AS pages_queued`;

/**
 * All SQL of the API's side of scrape jobs: creation (with its quotas), reads, cancellation. With
 * `replicas`, reads go to the replica when it is within the lag bound and has replayed the
 * workspace's last creation or cancellation here (noted after each), so a caller sees its own.
 * Progress the workers write is not noted: a job read there may trail it by up to the bound.
 */
export function createJobStore(dataSource: DataSource, replicas?: ReadReplicas): JobStore {
  const read = <T>(workspaceId: string, run: (db: EntityManager) => Promise<T>): Promise<T> =>
    replicas ? replicas.read(0, workspaceId, (source) => run(source.manager)) : run(dataSource.manager);
  const noteWrite = async <T>(workspaceId: string, written: T): Promise<T> => {
    await replicas?.noteWrite(0, workspaceId);
    return written;
  };

  async function jobOf(db: EntityManager, workspaceId: string, id: string): Promise<ScrapeJob | undefined> {
    const [row] = await queryRows<JobRow>(
      db,
      `SELECT ${jobColumns} FROM scrape_jobs j WHERE j.workspace_id = $1 AND j.id = $2`,
      [workspaceId, id],
    );
    if (!row) return undefined;
    const errors = await queryRows<{ url: string; error: string; finished_at: Date }>(
      db,
      `SELECT url, error, finished_at FROM scrape_frontier WHERE job_id = $1 AND state = 'failed' AND kind = 'page'
       ORDER BY finished_at DESC LIMIT ${recentErrors}`,
      [id],
    );
    return jobFromRow(
      row,
      errors.map((e) => ({ url: e.url, message: e.error, occurredAt: e.finished_at })),
    );
  }

  return {
    async create(workspaceId, id, spec, quotas) {
      const created = await dataSource.transaction(async (db) => {
        // One creation per workspace at a time, so two requests cannot both pass the quota.
        await db.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`scrape-jobs:${workspaceId}`]);
        const existing = await jobOf(db, workspaceId, id);
        if (existing) return existing;
        const [usage] = await queryRows<{ active: string; pages_today: number | null }>(
          db,
          `SELECT (SELECT count(*) FROM scrape_jobs WHERE workspace_id = $1 AND status IN ('queued', 'running')) AS active,
                  (SELECT pages FROM scrape_workspace_days WHERE workspace_id = $1
                     AND day = (now() AT TIME ZONE 'UTC')::date) AS pages_today`,
          [workspaceId],
        );
        if (Number(usage?.active ?? 0) >= quotas.maxActiveJobsPerWorkspace) {
          throw new DomainError(
            'resource_exhausted',
            `at most ${quotas.maxActiveJobsPerWorkspace} scrape jobs may be queued or running at once in a workspace (SCRAPER_MAX_ACTIVE_JOBS_PER_WORKSPACE); wait for one to end or cancel one`,
          );
        }
        if ((usage?.pages_today ?? 0) >= quotas.maxPagesPerWorkspacePerDay) {
          throw new DomainError(
            'resource_exhausted',
            `the workspace has fetched its ${quotas.maxPagesPerWorkspacePerDay} pages of today (SCRAPER_MAX_PAGES_PER_WORKSPACE_PER_DAY, UTC days)`,
          );
        }
        await db.query(
          `INSERT INTO scrape_jobs (id, workspace_id, spec, status) VALUES ($1, $2, $3, 'queued')`,
          [id, workspaceId, JSON.stringify(spec)],
        );
        const seeds = spec.seedUrls.map((url) => ({ url, kind: 'page' as const, depth: 0 }));
        const job = {
          id,
          maxPages: spec.maxPages,
          pagesAdmitted: 0,
          respectRobotsTxt: spec.respectRobotsTxt,
        };
        const admitted = await admitUrls(db, job, seeds, { maxSimilarUrls: Number.MAX_SAFE_INTEGER });
        await db.query('UPDATE scrape_jobs SET pages_admitted = $2, open_urls = $3 WHERE id = $1', [
          id,
          admitted.pagesAdmitted,
          admitted.opened,
        ]);
        return (await jobOf(db, workspaceId, id))!;
      });
      return noteWrite(workspaceId, created);
    },

    get: (workspaceId, id) => read(workspaceId, (db) => jobOf(db, workspaceId, id)),

    async list(workspaceId, query) {
      const rows = await read(workspaceId, (db) =>
        queryRows<JobRow>(
          db,
          `SELECT ${jobColumns} FROM scrape_jobs j
         WHERE j.workspace_id = $1 AND (cardinality($2::text[]) = 0 OR j.status = ANY ($2::text[]))
           AND ($3::timestamptz IS NULL OR (j.created_at, j.id) < ($3, $4::uuid))
         ORDER BY j.created_at DESC, j.id DESC LIMIT $5`,
          [workspaceId, query.statuses, query.after?.time ?? null, query.after?.key ?? null, query.limit],
        ),
      );
      return rows.map((row) => jobFromRow(row, []));
    },

    async cancel(workspaceId, id) {
      const cancelled = await dataSource.transaction(async (db) => {
        const [row] = await queryRows<JobRow>(
          db,
          `UPDATE scrape_jobs SET status = 'cancelled', ended_at = now(), updated_at = now()
           WHERE workspace_id = $1 AND id = $2 AND status IN ('queued', 'running') RETURNING *`,
          [workspaceId, id],
        );
        if (row) {
          await writeOutboxEvents(db, [
            jobFinishedEvent({
              id,
              workspaceId,
              status: 'cancelled',
              pagesCrawled: row.pages_crawled,
              pagesFailed: row.pages_failed,
              contactsFound: row.contacts_found,
              errorMessage: '',
            }),
          ]);
        }
        return jobOf(db, workspaceId, id);
      });
      return noteWrite(workspaceId, cancelled);
    },

    async results(workspaceId, jobId, query) {
      const rows = await read(workspaceId, (db) =>
        queryRows<ResultRow>(
          db,
          `SELECT * FROM scrape_results WHERE workspace_id = $1 AND job_id = $2
           AND ($3::timestamptz IS NULL OR (found_at, id) > ($3, $4::uuid))
         ORDER BY found_at, id LIMIT $5`,
          [workspaceId, jobId, query.after?.time ?? null, query.after?.key ?? null, query.limit],
        ),
      );
      return rows.map(resultFromRow);
    },
  };
}

function jobFromRow(row: JobRow, errors: PageError[]): ScrapeJob {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    spec: row.spec,
    status: row.status,
    pagesCrawled: row.pages_crawled,
    pagesQueued: Number(row.pages_queued),
    pagesFailed: row.pages_failed,
    pagesSkipped: row.pages_skipped,
    javascriptOnlyPages: row.javascript_only_pages,
    contactsFound: row.contacts_found,
    errors,
    errorMessage: row.error_message,
    createdAt: row.created_at,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    updatedAt: row.updated_at,
  };
}

function resultFromRow(row: ResultRow): ScrapeResult {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    jobId: row.job_id,
    email: row.email,
    name: row.name,
    title: row.title,
    phone: row.phone,
    company: row.company,
    sourceUrl: row.source_url,
    socialProfiles: row.social_profiles,
    foundAt: row.found_at,
    clientId: row.client_id ?? '',
  };
}

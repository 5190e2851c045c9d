import type { ListPosition } from '@coldreach/paging';
import type { JobSpec, JobStatus, ScrapeJob, ScrapeResult } from './scrape-job';

export interface ScrapeQuotas {
  maxActiveJobsPerWorkspace: number;
  maxPagesPerWorkspacePerDay: number;
}

/** What the scrape-job use cases need from storage (persistence/job-store.ts holds the SQL). */
export interface JobStore {
  /**
   * Creates a queued job `id` with its seeds, or answers the job `id` when it exists (a retried
   * create); RESOURCE_EXHAUSTED naming the quota when one is used up.
   */
  create(workspaceId: string, id: string, spec: JobSpec, quotas: ScrapeQuotas): Promise<ScrapeJob>;
  get(workspaceId: string, id: string): Promise<ScrapeJob | undefined>;
  /** Newest first, after `after`; `limit` rows (one more than a page, to know if another follows). */
  list(
    workspaceId: string,
    query: { statuses: JobStatus[]; after: ListPosition | undefined; limit: number },
  ): Promise<ScrapeJob[]>;
  /** Cancels a queued or running job; answers the job as it now is (unchanged when already ended). */
  cancel(workspaceId: string, id: string): Promise<ScrapeJob | undefined>;
  /** In the order found, after `after`. */
  results(
    workspaceId: string,
    jobId: string,
    query: { after: ListPosition | undefined; limit: number },
  ): Promise<ScrapeResult[]>;
}

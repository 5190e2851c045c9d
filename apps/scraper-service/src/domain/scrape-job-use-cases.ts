import { randomUUID } from 'node:crypto';
import { DomainError, invalidArgument, notFound } from '@coldreach/errors';
import { isUuid, requireUuid, requireUuids, uuidFromParts } from '@coldreach/ids';
import { listingFingerprint, pageOf, readPageRequest } from '@coldreach/paging';
import type { OutboundGuard } from '@coldreach/outbound-guard';
import type { JobStore, ScrapeQuotas } from './job-store';
import { isFinished, type JobStatus, type ScrapeJob, type ScrapeResult } from './scrape-job';
import { validateJobSpec, type JobSpecInput } from './validate-job-spec';

export interface ScrapeJobUseCasesOptions {
  store: JobStore;
  /** The crawler's outbound guard: seeds that are refused address literals fail at creation. */
  guard: OutboundGuard;
  allowedPorts: readonly number[];
  quotas: ScrapeQuotas;
  /**
   * Tells this process's workers that a job was created or cancelled, so they look now (other
   * processes poll, and check the statuses of the jobs they fetch for every 500 ms).
   */
  wakeWorkers: () => void;
}

type PageRequest = { pageSize: number; pageToken: string };

const maxRequestIdLength = 200;

/** The Scraper service's entry points, one per RPC, free of gRPC and SQL. */
export function createScrapeJobUseCases(options: ScrapeJobUseCasesOptions) {
  const { store } = options;

  async function existing(workspaceId: string, id: string): Promise<ScrapeJob> {
    const ids = requireUuids({ workspace_id: workspaceId, id });
    const job = await store.get(ids.workspace_id, ids.id);
    if (!job) throw notFound(`scrape job ${id}`);
    return job;
  }

  return {
    /** With a `requestId`, a repeated call answers the job the first one created (a safe retry). */
    async create(workspaceId: string, input: JobSpecInput, requestId = ''): Promise<ScrapeJob> {
      const workspace = requireUuid(workspaceId, 'workspace_id');
      if (requestId.length > maxRequestIdLength) {
        throw invalidArgument([
          { field: 'request_id', message: `must be at most ${maxRequestIdLength} characters` },
        ]);
      }
      const spec = validateJobSpec(input, options);
      // The id follows from the request id, so a retry finds the job instead of making a second.
      const id = requestId === '' ? randomUUID() : uuidFromParts(workspace, 'scrape-job', requestId);
      const job = await store.create(workspace, id, spec, options.quotas);
      options.wakeWorkers();
      return job;
    },

    get: existing,

    async list(
      workspaceId: string,
      request: PageRequest & { statuses: JobStatus[] },
    ): Promise<{ jobs: ScrapeJob[]; nextPageToken: string }> {
      requireUuid(workspaceId, 'workspace_id');
      const statuses = [...new Set(request.statuses)].sort();
      const fingerprint = listingFingerprint(['scrape-jobs', workspaceId.toLowerCase(), statuses]);
      const page = readPageRequest(request, fingerprint, { key: isUuid });
      const rows = await store.list(workspaceId, { statuses, after: page.after, limit: page.pageSize + 1 });
      const { items, nextPageToken } = pageOf(
        rows,
        page.pageSize,
        (job) => ({ time: job.createdAt, key: job.id }),
        fingerprint,
      );
      return { jobs: items, nextPageToken };
    },

    async cancel(workspaceId: string, id: string): Promise<ScrapeJob> {
      const job = await existing(workspaceId, id);
      if (job.status === 'cancelled') return job;
      if (isFinished(job.status)) {
        throw new DomainError(
          'failed_precondition',
          `scrape job ${id} has already ${job.status}; only a queued or running job can be cancelled`,
        );
      }
      const cancelled = await store.cancel(workspaceId, id);
      if (!cancelled) throw notFound(`scrape job ${id}`);
      options.wakeWorkers();
      if (cancelled.status !== 'cancelled') {
        throw new DomainError(
          'failed_precondition',
          `scrape job ${id} ended (${cancelled.status}) before it could be cancelled`,
        );
      }
      return cancelled;
    },

    async results(
      workspaceId: string,
      jobId: string,
      request: PageRequest,
    ): Promise<{ results: ScrapeResult[]; nextPageToken: string }> {
      await existing(workspaceId, jobId);
      const fingerprint = listingFingerprint([
        'scrape-results',
        workspaceId.toLowerCase(),
        jobId.toLowerCase(),
      ]);
      const page = readPageRequest(request, fingerprint, { key: isUuid });
      const rows = await store.results(workspaceId, jobId, { after: page.after, limit: page.pageSize + 1 });
      const { items, nextPageToken } = pageOf(
        rows,
        page.pageSize,
        (result) => ({ time: result.foundAt, key: result.id }),
        fingerprint,
      );
      return { results: items, nextPageToken };
    },
  };
}

export type ScrapeJobUseCases = ReturnType<typeof createScrapeJobUseCases>;

import type { ServiceImpl } from '@connectrpc/connect';
import type { ScraperService } from '@coldreach/contracts';
import type { ScrapeJobUseCases } from '../domain/scrape-job-use-cases';
import { jobSpecInputFromProto, jobToProto, resultToProto, statusesFromProto } from './scrape-proto-mapping';

/** ScraperService over gRPC: each handler maps proto ↔ domain and leaves every decision to the use cases. */
export function createScraperServiceHandlers(jobs: ScrapeJobUseCases): ServiceImpl<typeof ScraperService> {
  return {
    async createScrapeJob(request) {
      const input = jobSpecInputFromProto(request.spec);
      return { job: jobToProto(await jobs.create(request.workspaceId, input, request.requestId)) };
    },

    async getScrapeJob(request) {
      return { job: jobToProto(await jobs.get(request.workspaceId, request.id)) };
    },

    async listScrapeJobs(request) {
      const page = await jobs.list(request.workspaceId, {
        pageSize: request.pageSize,
        pageToken: request.pageToken,
        statuses: statusesFromProto(request.filter?.statuses ?? []),
      });
      return { jobs: page.jobs.map(jobToProto), nextPageToken: page.nextPageToken };
    },

    async cancelScrapeJob(request) {
      return { job: jobToProto(await jobs.cancel(request.workspaceId, request.id)) };
    },

    async listScrapeResults(request) {
      const page = await jobs.results(request.workspaceId, request.jobId, request);
      return { results: page.results.map(resultToProto), nextPageToken: page.nextPageToken };
    },
  };
}

import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Client } from '@connectrpc/connect';
import { ScrapeJobStatus, type ScrapeJob, type ScraperService } from '@coldreach/contracts';
import { DomainError } from '@coldreach/errors';
import { callerOf } from '../auth/api-auth';
import { operationIdOf } from '../idempotency/idempotency-plugin';
import { enumValuesFromList } from '../mapping/proto-values';
import { resourceId } from '../mapping/resource-id';
import {
  scrapeJobFromProto,
  scrapeResultFromProto,
  scrapeSpecFieldNames,
  scrapeSpecFromBody,
  type ScrapeJobJson,
} from '../mapping/scrape-mapping';
import { scrapeResultCsvLine, scrapeResultsCsvHeader } from '../mapping/scrape-results-csv';
import { scrapeCampaignRoutes, type ScrapeCampaignRoutesOptions } from './scrape-campaign-routes';
import { pagedCsv } from '../mapping/paged-csv';
import { answered, callService as call } from '../mapping/service-call';
import { apiSecurity as security, idParamsSchema } from '../schemas/common-schemas';
import { commonApiProblems, jsonResponse, problemResponses } from '../schemas/problem-schema';
import {
  listScrapeJobsQuerySchema,
  listScrapeResultsQuerySchema,
  type CreateScrapeBody,
  type ListScrapeJobsQuery,
  type ListScrapeResultsQuery,
} from '../schemas/scrape-schemas';

const tags = ['scraping'];
const params = idParamsSchema({ id: 'scrape job' });
const notFound = [404, 'No such scrape job in this workspace (ids that are not UUIDs included).'] as const;
/** Results per Scraper service call while a CSV is streamed (the contract's largest page). */
const csvPageSize = 500;

export interface ScrapeRoutesOptions extends ScrapeCampaignRoutesOptions {
  /** Absent where no Scraper service is deployed: every scrape route answers 503. */
  scraper: Client<typeof ScraperService> | undefined;
}

const jobOf = (response: { job?: ScrapeJob }) => scrapeJobFromProto(answered(response.job, 'job'));

/**
 * A scrape job's state for GET /api/status/:id, or null when the Scraper service knows no such job
 * in this workspace.
 */
export async function findScrapeJob(
  scraper: Client<typeof ScraperService>,
  workspaceId: string,
  id: string,
): Promise<ScrapeJobJson | null> {
  try {
    return jobOf(await call(() => scraper.getScrapeJob({ workspaceId, id })));
  } catch (error) {
    if (error instanceof DomainError && error.code === 'not_found') return null;
    throw error;
  }
}

/** Crawls that find leads: /api/scrape, translated to ScraperService calls scoped to the caller's workspace. */
export async function scrapeRoutes(app: FastifyInstance, options: ScrapeRoutesOptions) {
  await app.register(scrapeCampaignRoutes, options);
  const scraper = () => {
    if (!options.scraper) throw new DomainError('unavailable', 'no Scraper service is configured');
    return options.scraper;
  };
  /** The handler of a route that answers the job its path names (GET, cancel). */
  const answerJob =
    (rpc: 'getScrapeJob' | 'cancelScrapeJob') =>
    async (request: FastifyRequest<{ Params: { id: string } }>) => {
      const { workspaceId } = callerOf(request);
      const id = resourceId(request.params.id, 'scrape job');
      const client = scraper();
      return jobOf(await call<{ job?: ScrapeJob }>(() => client[rpc]({ workspaceId, id })));
    };

  app.post<{ Body: CreateScrapeBody }>(
    '/scrape',
    {
      schema: {
        tags,
        security,
        summary: 'Start a crawl (asynchronous: 202, then GET /api/status/{id})',
        description:
          'Found contacts become leads of the workspace (deduplicated by email, with sourceUrl and ' +
          'collectedAt) carrying leadTags. A seed that is not http(s), or a literal private address, is ' +
          'refused with 400 naming it. Too many running jobs or pages today: 429 or 409 naming the limit.',
        body: { $ref: 'CreateScrape#' },
        response: {
          202: jsonResponse(
            'Accepted: queued; Location is its status.',
            { $ref: 'ScrapeJob#' },
            { location: { type: 'string', description: '/api/status/{id}' } },
          ),
          ...problemResponses(...commonApiProblems, [409, 'A quota of the workspace forbids it (named).']),
        },
      },
    },
    async (request, reply) => {
      const { workspaceId } = callerOf(request);
      const spec = scrapeSpecFromBody(request.body);
      // Taken before the call: `call` reads every error as the service's, a missing one included.
      const client = scraper();
      const job = jobOf(
        await call(
          () => client.createScrapeJob({ workspaceId, spec, requestId: operationIdOf(request) }),
          scrapeSpecFieldNames,
        ),
      );
      return reply.code(202).header('location', `/api/status/${job.id}`).send(job);
    },
  );

  app.get<{ Querystring: ListScrapeJobsQuery }>(
    '/scrape',
    {
      schema: {
        tags,
        security,
        summary: 'List scrape jobs, newest first, with a status filter and cursor pagination',
        querystring: listScrapeJobsQuerySchema,
        response: {
          200: jsonResponse('One page of jobs.', { $ref: 'ScrapeJobPage#' }),
          ...problemResponses(...commonApiProblems),
        },
      },
    },
    async (request) => {
      const { workspaceId } = callerOf(request);
      const { limit, cursor, status } = request.query;
      const client = scraper();
      const response = await call(() =>
        client.listScrapeJobs({
          workspaceId,
          pageSize: limit,
          pageToken: cursor ?? '',
          filter: { statuses: enumValuesFromList<ScrapeJobStatus>(ScrapeJobStatus, status) },
        }),
      );
      return { data: response.jobs.map(scrapeJobFromProto), nextCursor: response.nextPageToken || null };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/scrape/:id',
    {
      schema: {
        tags,
        security,
        summary: 'One scrape job with its progress and latest errors',
        params,
        response: {
          200: jsonResponse('The job.', { $ref: 'ScrapeJob#' }),
          ...problemResponses(...commonApiProblems, notFound),
        },
      },
    },
    answerJob('getScrapeJob'),
  );

  app.post<{ Params: { id: string } }>(
    '/scrape/:id/cancel',
    {
      schema: {
        tags,
        security,
        summary: 'Stop a queued or running job (contacts found so far are kept)',
        description: 'Cancelling a cancelled job returns it unchanged.',
        params,
        response: {
          200: jsonResponse('The job, cancelled.', { $ref: 'ScrapeJob#' }),
          ...problemResponses(...commonApiProblems, notFound, [
            409,
            'The job has succeeded or failed already.',
          ]),
        },
      },
    },
    answerJob('cancelScrapeJob'),
  );

  app.get<{ Params: { id: string }; Querystring: ListScrapeResultsQuery }>(
    '/scrape/:id/results',
    {
      schema: {
        tags,
        security,
        summary: "A job's contacts, in the order found, with cursor pagination",
        params,
        querystring: listScrapeResultsQuerySchema,
        response: {
          200: jsonResponse('One page of contacts.', { $ref: 'ScrapeResultPage#' }),
          ...problemResponses(...commonApiProblems, notFound),
        },
      },
    },
    async (request) => {
      const { workspaceId } = callerOf(request);
      const jobId = resourceId(request.params.id, 'scrape job');
      const { limit, cursor } = request.query;
      const client = scraper();
      const response = await call(
        () => client.listScrapeResults({ workspaceId, jobId, pageSize: limit, pageToken: cursor ?? '' }),
        { job_id: 'params.id' },
      );
      return {
        data: response.results.map(scrapeResultFromProto),
        nextCursor: response.nextPageToken || null,
      };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/scrape/:id/results.csv',
    {
      schema: {
        tags,
        security,
        summary: "All of a job's contacts as CSV, streamed",
        description:
          'Columns as the JSON results; cells a spreadsheet would read as a formula (starting with =, +, ' +
          "-, @, tab or CR) are prefixed with '. A failure after the first rows cuts the answer short.",
        params,
        response: {
          200: {
            description: 'RFC 4180 CSV with a header row.',
            content: { 'text/csv': { schema: { type: 'string' } } },
          },
          ...problemResponses(...commonApiProblems, notFound),
        },
      },
    },
    async (request, reply) => {
      const { workspaceId } = callerOf(request);
      const jobId = resourceId(request.params.id, 'scrape job');
      const client = scraper();
      const page = (pageToken: string) =>
        call(() => client.listScrapeResults({ workspaceId, jobId, pageSize: csvPageSize, pageToken }), {
          job_id: 'params.id',
        });
      // The first page is read before answering, so a missing job or a service outage is still a
      // problem; later pages are fetched only as the client reads (Readable.from waits for demand).
      const first = await page('');
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="scrape-${jobId}.csv"`)
        .send(
          Readable.from(
            pagedCsv(scrapeResultsCsvHeader, first, page, (response) =>
              response.results.map((result) => scrapeResultCsvLine(scrapeResultFromProto(result))),
            ),
          ),
        );
    },
  );
}

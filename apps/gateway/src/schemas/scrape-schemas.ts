// JSON schemas of the scrape routes: they bound every input, serialise the answers and are the
// OpenAPI document. The Scraper service stays the authority on what only it can check (addresses a
// seed resolves to, the operator's allow-list, glob syntax, quotas) and its findings come back under
// these field names.
import { ScrapeJobStatus } from '@coldreach/contracts';
import { commaListPattern, enumNames } from '../mapping/proto-values';
import { scrapeCampaignSchemas } from './scrape-campaign-schemas';
import {
  enumListQuery,
  nullableString,
  nullableTime,
  pageQueryProperties,
  pageSchema,
  timeProperty,
  type PageQuery,
} from './common-schemas';

export const scrapeJobStatusNames = enumNames(ScrapeJobStatus);
export const scrapeScopeNames = ['same-host', 'same-domain', 'listed-domains'] as const;
export type ScrapeScopeName = (typeof scrapeScopeNames)[number];

/** The contract's bounds (proto/coldreach/scraper/v1/scraper.proto), checked here before any call. */
export const scrapeLimits = {
  seedUrls: 100,
  urlLength: 2048,
  maxPages: 100_000,
  maxDepth: 10,
  domains: 100,
  domainLength: 253,
  pathPatterns: 50,
  pathPatternLength: 500,
  leadTags: 20,
  tagLength: 64,
} as const;

const stringList = (maxItems: number, maxLength: number, description: string) =>
  ({
    type: 'array',
    maxItems,
    items: { type: 'string', minLength: 1, maxLength },
    description,
  }) as const;

// What a job was asked to do: the body of POST /api/scrape, and the `spec` of every job answered.
const specProperties = {
  seedUrls: {
    type: 'array',
    minItems: 1,
    maxItems: scrapeLimits.seedUrls,
    // The scheme, port and address of each seed are the Scraper service's to judge (it alone knows
    // the operator's allow-list); its refusal names the seed as body.seedUrls[i].
    items: { type: 'string', minLength: 1, maxLength: scrapeLimits.urlLength },
    description:
      'Absolute http(s) URLs to start from (1 to 100), on ports 80, 443, 8080 or 8443 unless the ' +
      'operator allows others; no credentials, no private or loopback addresses.',
  },
  maxPages: {
    type: 'integer',
    minimum: 1,
    maximum: scrapeLimits.maxPages,
    description: 'Pages to fetch at most, seeds included (1 to 100,000; default 100).',
  },
  maxDepth: {
    type: 'integer',
    minimum: 0,
    maximum: scrapeLimits.maxDepth,
    description: 'Links to follow away from a seed: 0 fetches the seeds only (default 2, at most 10).',
  },
  scope: {
    type: 'string',
    enum: scrapeScopeNames,
    description:
      "Which links are followed: same-host (the seeds' own hosts, the default), same-domain (any host " +
      "of the seeds' registrable domains) or listed-domains (allowedDomains and their subdomains).",
  },
  allowedDomains: stringList(
    scrapeLimits.domains,
    scrapeLimits.domainLength,
    'With scope listed-domains: the domains (and their subdomains) links may lead to.',
  ),
  includePaths: stringList(
    scrapeLimits.pathPatterns,
    scrapeLimits.pathPatternLength,
    'Follow only links whose path matches one of these globs (`*` within a segment, `**` across), ' +
      'starting with /, e.g. /team/**; empty for every path. Seeds are always fetched.',
  ),
  excludePaths: stringList(
    scrapeLimits.pathPatterns,
    scrapeLimits.pathPatternLength,
    'Never follow links whose path matches one of these globs (starting with /); an exclusion wins ' +
      'over includePaths.',
  ),
  respectRobotsTxt: { type: 'boolean', description: 'Obey robots.txt and its Crawl-delay (default true).' },
  leadTags: stringList(
    scrapeLimits.leadTags,
    scrapeLimits.tagLength,
    'Tags given to the leads the job creates or merges.',
  ),
} as const;

export const createScrapeBodySchema = {
  $id: 'CreateScrape',
  type: 'object',
  additionalProperties: false,
  required: ['seedUrls'],
  description: 'A crawl: seed URLs and limits.',
  properties: specProperties,
} as const;

const scrapeErrorSchema = {
  type: 'object',
  required: ['url', 'message', 'occurredAt'],
  properties: {
    url: { type: 'string' },
    message: { type: 'string', description: 'e.g. "HTTP 404", "disallowed by robots.txt".' },
    occurredAt: timeProperty,
  },
} as const;

export const scrapeJobSchema = {
  $id: 'ScrapeJob',
  type: 'object',
  required: [
    'id',
    'status',
    'spec',
    'pagesCrawled',
    'pagesQueued',
    'pagesFailed',
    'pagesSkipped',
    'javascriptOnlyPages',
    'contactsFound',
    'errors',
    'errorMessage',
    'createdAt',
    'startedAt',
    'endedAt',
    'updatedAt',
    'results',
  ],
  properties: {
    id: { type: 'string', format: 'uuid', description: 'Also the id GET /api/status takes.' },
    status: {
      type: 'string',
      enum: scrapeJobStatusNames,
      description: 'queued → running → succeeded | failed | cancelled.',
    },
    spec: {
      type: 'object',
      description: 'As created, with the defaults filled in.',
      required: Object.keys(specProperties),
      properties: { ...specProperties, maxDepth: { type: ['integer', 'null'] } },
    },
    pagesCrawled: { type: 'integer', description: 'Pages fetched and parsed.' },
    pagesQueued: { type: 'integer', description: 'Pages discovered and waiting to be fetched.' },
    pagesFailed: { type: 'integer', description: 'Pages that could not be fetched or parsed (all of them).' },
    pagesSkipped: { type: 'integer', description: 'Responses that were not HTML (counted, not read).' },
    javascriptOnlyPages: {
      type: 'integer',
      description: 'HTML pages that render their content with JavaScript only (out of scope for now).',
    },
    contactsFound: { type: 'integer', description: 'Distinct email addresses found.' },
    errors: { type: 'array', items: scrapeErrorSchema, description: 'The latest page errors, at most 100.' },
    errorMessage: nullableString('Why the job failed; null unless it did.'),
    createdAt: timeProperty,
    startedAt: nullableTime('When a worker started it; null while queued.'),
    endedAt: nullableTime('When it succeeded, failed or was cancelled.'),
    updatedAt: timeProperty,
    results: { type: 'string', description: 'Where its contacts are listed: /api/scrape/{id}/results.' },
  },
} as const;

export const scrapeResultSchema = {
  $id: 'ScrapeResult',
  type: 'object',
  required: [
    'id',
    'jobId',
    'email',
    'name',
    'title',
    'phone',
    'company',
    'socialProfiles',
    'sourceUrl',
    'foundAt',
    'leadId',
  ],
  properties: {
    id: { type: 'string', format: 'uuid' },
    jobId: { type: 'string', format: 'uuid' },
    email: { type: 'string', description: 'Trimmed and lower-cased.' },
    name: nullableString("The person's name, when found near the address."),
    title: nullableString('Job title, when found.'),
    phone: nullableString('E.164, when found.'),
    company: nullableString('The company the page names.'),
    socialProfiles: {
      type: 'array',
      items: { type: 'string' },
      description: 'LinkedIn, X/Twitter or GitHub profiles found on the same page.',
    },
    sourceUrl: { type: 'string', description: 'The page it was found on.' },
    foundAt: timeProperty,
    leadId: nullableString('The lead it became (created or merged); null until then, or if refused.'),
  },
} as const;

export const scrapeJobPageSchema = pageSchema('ScrapeJobPage', 'ScrapeJob', 'Newest first.');
export const scrapeResultPageSchema = pageSchema('ScrapeResultPage', 'ScrapeResult', 'In the order found.');

export const listScrapeJobsQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...pageQueryProperties,
    status: enumListQuery(
      commaListPattern(scrapeJobStatusNames),
      'Comma-separated statuses (e.g. queued,running).',
    ),
  },
} as const;

export const listScrapeResultsQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: pageQueryProperties,
} as const;

export const scrapeSchemas = [
  createScrapeBodySchema,
  scrapeJobSchema,
  scrapeJobPageSchema,
  scrapeResultSchema,
  scrapeResultPageSchema,
  ...scrapeCampaignSchemas,
];

export interface CreateScrapeBody {
  seedUrls: string[];
  maxPages?: number;
  maxDepth?: number;
  scope?: ScrapeScopeName;
  allowedDomains?: string[];
  includePaths?: string[];
  excludePaths?: string[];
  respectRobotsTxt?: boolean;
  leadTags?: string[];
}
export interface ListScrapeJobsQuery extends PageQuery {
  status?: string;
}
export type ListScrapeResultsQuery = PageQuery;

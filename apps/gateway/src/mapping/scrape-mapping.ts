// Scraper service messages ⇄ the REST API's JSON (camelCase, lower-case status names, hyphenated
// scope names, RFC 3339 times, null for "none").
import type { MessageInitShape } from '@bufbuild/protobuf';
import {
  ScrapeJobStatus,
  ScrapeScope,
  type ScrapeJob,
  type ScrapeJobSpec,
  type ScrapeJobSpecSchema,
  type ScrapeResult,
} from '@coldreach/contracts';
import { enumName, iso, isoOrNull, nullIfEmpty } from './proto-values';
import type { RequestFieldNames } from './service-call';
import type { CreateScrapeBody, ScrapeScopeName } from '../schemas/scrape-schemas';

type ScrapeJobSpecInit = MessageInitShape<typeof ScrapeJobSpecSchema>;

const scopeToProto: Record<ScrapeScopeName, ScrapeScope> = {
  'same-host': ScrapeScope.SAME_HOST,
  'same-domain': ScrapeScope.SAME_DOMAIN,
  'listed-domains': ScrapeScope.LISTED_DOMAINS,
};

/** POST /api/scrape's body as the job spec; absent limits stay unset so the service's defaults apply. */
export function scrapeSpecFromBody(body: CreateScrapeBody): ScrapeJobSpecInit {
  return {
    seedUrls: body.seedUrls,
    // 0 is the contract's "default" (100 pages); the schema already refused an explicit 0.
    maxPages: body.maxPages ?? 0,
    maxDepth: body.maxDepth,
    scope: body.scope === undefined ? ScrapeScope.UNSPECIFIED : scopeToProto[body.scope],
    allowedDomains: body.allowedDomains ?? [],
    allowedPathPatterns: body.includePaths ?? [],
    excludedPathPatterns: body.excludePaths ?? [],
    respectRobotsTxt: body.respectRobotsTxt,
    leadTags: body.leadTags ?? [],
  };
}

/** How the Scraper service names the fields of CreateScrapeJob, as the REST body does. */
export const scrapeSpecFieldNames: RequestFieldNames = {
  'spec.seed_urls': 'body.seedUrls',
  'spec.max_pages': 'body.maxPages',
  'spec.max_depth': 'body.maxDepth',
  'spec.scope': 'body.scope',
  'spec.same_domain_only': 'body.scope',
  'spec.allowed_domains': 'body.allowedDomains',
  'spec.allowed_path_patterns': 'body.includePaths',
  'spec.excluded_path_patterns': 'body.excludePaths',
  'spec.respect_robots_txt': 'body.respectRobotsTxt',
  'spec.lead_tags': 'body.leadTags',
  spec: 'body',
};

/** The REST name of a job's scope; an unset scope means what same_domain_only says (the contract's rule). */
export function scopeName(spec: ScrapeJobSpec | undefined): ScrapeScopeName {
  switch (spec?.scope) {
    case ScrapeScope.SAME_DOMAIN:
      return 'same-domain';
    case ScrapeScope.LISTED_DOMAINS:
      return 'listed-domains';
    case ScrapeScope.SAME_HOST:
      return 'same-host';
    default:
      return spec?.sameDomainOnly === false ? 'same-domain' : 'same-host';
  }
}

function specFromProto(spec: ScrapeJobSpec | undefined) {
  return {
    seedUrls: spec?.seedUrls ?? [],
    maxPages: spec?.maxPages ?? 0,
    maxDepth: spec?.maxDepth ?? null,
    scope: scopeName(spec),
    allowedDomains: spec?.allowedDomains ?? [],
    includePaths: spec?.allowedPathPatterns ?? [],
    excludePaths: spec?.excludedPathPatterns ?? [],
    // Unset means true in the contract.
    respectRobotsTxt: spec?.respectRobotsTxt ?? true,
    leadTags: spec?.leadTags ?? [],
  };
}

/** A job with its progress: GET /api/scrape/:id, and GET /api/status/:id for a scrape job. */
export function scrapeJobFromProto(job: ScrapeJob) {
  return {
    id: job.id,
    status: enumName(ScrapeJobStatus, job.status),
    spec: specFromProto(job.spec),
    pagesCrawled: job.pagesCrawled,
    pagesQueued: job.pagesQueued,
    pagesFailed: job.pagesFailed,
    pagesSkipped: job.pagesSkipped,
    javascriptOnlyPages: job.javascriptOnlyPages,
    contactsFound: job.contactsFound,
    errors: job.errors.map((error) => ({
      url: error.url,
      message: error.message,
      occurredAt: iso(error.occurTime),
    })),
    errorMessage: nullIfEmpty(job.errorMessage),
    createdAt: iso(job.createTime),
    startedAt: isoOrNull(job.startTime),
    endedAt: isoOrNull(job.endTime),
    updatedAt: iso(job.updateTime),
    results: `/api/scrape/${job.id}/results`,
  };
}

export type ScrapeJobJson = ReturnType<typeof scrapeJobFromProto>;

export function scrapeResultFromProto(result: ScrapeResult) {
  return {
    id: result.id,
    jobId: result.jobId,
    email: result.email,
    name: nullIfEmpty(result.name),
    title: nullIfEmpty(result.title),
    phone: nullIfEmpty(result.phone),
    company: nullIfEmpty(result.company),
    socialProfiles: result.socialProfiles,
    sourceUrl: result.sourceUrl,
    foundAt: iso(result.foundTime),
    leadId: nullIfEmpty(result.clientId),
  };
}

export type ScrapeResultJson = ReturnType<typeof scrapeResultFromProto>;

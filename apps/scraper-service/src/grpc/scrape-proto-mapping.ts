import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { jobTimesToProto } from './job-times';
import {
  ScrapeErrorSchema,
  ScrapeJobSchema,
  ScrapeJobSpecSchema,
  ScrapeJobStatus,
  ScrapeResultSchema,
  ScrapeScope,
  type ScrapeJob as ScrapeJobProto,
  type ScrapeJobSpec,
  type ScrapeResult as ScrapeResultProto,
} from '@coldreach/contracts';
import type { JobStatus, ScrapeJob, ScrapeResult, ScrapeScope as Scope } from '../domain/scrape-job';
import type { JobSpecInput } from '../domain/validate-job-spec';

export const jobStatusToProto: Record<JobStatus, ScrapeJobStatus> = {
  queued: ScrapeJobStatus.QUEUED,
  running: ScrapeJobStatus.RUNNING,
  succeeded: ScrapeJobStatus.SUCCEEDED,
  failed: ScrapeJobStatus.FAILED,
  cancelled: ScrapeJobStatus.CANCELLED,
};

const scopeToProto: Record<Scope, ScrapeScope> = {
  'same-host': ScrapeScope.SAME_HOST,
  'same-domain': ScrapeScope.SAME_DOMAIN,
  listed: ScrapeScope.LISTED_DOMAINS,
};

const scopeFromProto: Partial<Record<ScrapeScope, Scope>> = {
  [ScrapeScope.SAME_HOST]: 'same-host',
  [ScrapeScope.SAME_DOMAIN]: 'same-domain',
  [ScrapeScope.LISTED_DOMAINS]: 'listed',
};

const statusFromProto: Partial<Record<ScrapeJobStatus, JobStatus>> = Object.fromEntries(
  Object.entries(jobStatusToProto).map(([name, value]) => [value, name as JobStatus]),
);

/** The spec as given; unset optional fields stay undefined so the domain fills its defaults. */
export function jobSpecInputFromProto(spec: ScrapeJobSpec | undefined): JobSpecInput {
  return {
    seedUrls: spec?.seedUrls ?? [],
    maxPages: spec?.maxPages ?? 0,
    maxDepth: spec?.maxDepth,
    sameDomainOnly: spec?.sameDomainOnly,
    scope: spec ? scopeFromProto[spec.scope] : undefined,
    allowedDomains: spec?.allowedDomains ?? [],
    includePaths: spec?.allowedPathPatterns ?? [],
    excludePaths: spec?.excludedPathPatterns ?? [],
    respectRobotsTxt: spec?.respectRobotsTxt,
    leadTags: spec?.leadTags ?? [],
  };
}

/** Statuses of a filter; UNSPECIFIED and unknown values are dropped (they match nothing). */
export function statusesFromProto(statuses: readonly ScrapeJobStatus[]): JobStatus[] {
  return statuses.flatMap((status) => {
    const name = statusFromProto[status];
    return name ? [name] : [];
  });
}

export function jobToProto(job: ScrapeJob): ScrapeJobProto {
  const { spec } = job;
  return create(ScrapeJobSchema, {
    id: job.id,
    workspaceId: job.workspaceId,
    spec: create(ScrapeJobSpecSchema, {
      seedUrls: spec.seedUrls,
      maxPages: spec.maxPages,
      maxDepth: spec.maxDepth,
      sameDomainOnly: spec.scope === 'same-host',
      scope: scopeToProto[spec.scope],
      allowedDomains: spec.allowedDomains,
      allowedPathPatterns: spec.includePaths,
      excludedPathPatterns: spec.excludePaths,
      respectRobotsTxt: spec.respectRobotsTxt,
      leadTags: spec.leadTags,
    }),
    status: jobStatusToProto[job.status],
    pagesCrawled: job.pagesCrawled,
    pagesQueued: job.pagesQueued,
    pagesFailed: job.pagesFailed,
    pagesSkipped: job.pagesSkipped,
    javascriptOnlyPages: job.javascriptOnlyPages,
    contactsFound: job.contactsFound,
    errors: job.errors.map((error) =>
      create(ScrapeErrorSchema, {
        url: error.url,
        message: error.message,
        occurTime: timestampFromDate(error.occurredAt),
      }),
    ),
    errorMessage: job.errorMessage,
    ...jobTimesToProto(job),
  });
}

export function resultToProto(result: ScrapeResult): ScrapeResultProto {
  return create(ScrapeResultSchema, {
    id: result.id,
    workspaceId: result.workspaceId,
    jobId: result.jobId,
    email: result.email,
    name: result.name,
    title: result.title,
    phone: result.phone,
    company: result.company,
    sourceUrl: result.sourceUrl,
    foundTime: timestampFromDate(result.foundAt),
    clientId: result.clientId,
    socialProfiles: result.socialProfiles,
  });
}

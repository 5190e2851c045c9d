// A scrape job and what it found, in the domain's own terms (camelCase, no proto, no SQL).

export type ScrapeScope = 'same-host' | 'same-domain' | 'listed';

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

/** What to crawl and how, with every default filled in. */
export interface JobSpec {
  /** Normalised absolute http(s) URLs. */
  seedUrls: string[];
  maxPages: number;
  maxDepth: number;
  scope: ScrapeScope;
  /** With listed: the domains (and their subdomains) links may lead to. */
  allowedDomains: string[];
  /** Path globs a followed link must match one of; empty: any path. */
  includePaths: string[];
  /** Path globs a followed link must match none of. */
  excludePaths: string[];
  respectRobotsTxt: boolean;
  leadTags: string[];
}

export interface PageError {
  url: string;
  message: string;
  occurredAt: Date;
}

export interface ScrapeJob {
  id: string;
  workspaceId: string;
  spec: JobSpec;
  status: JobStatus;
  pagesCrawled: number;
  pagesQueued: number;
  pagesFailed: number;
  pagesSkipped: number;
  javascriptOnlyPages: number;
  contactsFound: number;
  /** The most recent page errors, newest first (at most 100); pagesFailed counts them all. */
  errors: PageError[];
  errorMessage: string;
  createdAt: Date;
  startedAt: Date | null;
  endedAt: Date | null;
  updatedAt: Date;
}

export interface ScrapeResult {
  id: string;
  workspaceId: string;
  jobId: string;
  email: string;
  name: string;
  title: string;
  phone: string;
  company: string;
  sourceUrl: string;
  socialProfiles: string[];
  foundAt: Date;
  /** The lead it becomes in the Client service (derived from workspace and address). */
  clientId: string;
}

export const isFinished = (status: JobStatus): boolean =>
  status === 'succeeded' || status === 'failed' || status === 'cancelled';

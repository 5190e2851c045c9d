import { normaliseEmail } from '@coldreach/email-address';
import {
  allowAllRobotsRules,
  createCrawlScope,
  normaliseUrl,
  parseRobotsTxt,
  parseSitemap,
  robotsPolicyForStatus,
  sitemapCandidates,
  urlTrapReason,
  type CrawlScope,
  type RobotsRules,
} from '../crawl';
import { outcomeOfFailedFetch, type RetrySettings } from '../domain/fetch-failure-rules';
import type { JobSpec } from '../domain/scrape-job';
import type { FoundContact, UrlOutcome } from '../domain/url-outcome';
import type { PageExtraction } from '../extract';
import type { PageExtractor } from '../extract/page-extractor';
import type { FetchedPage, PageFetcher } from '../fetch/page-fetcher';
import type { ClaimedUrl } from '../persistence/crawl-claims';
import type { FrontierEntry } from '../domain/url-outcome';

/** The crawler's product token in robots.txt groups and its User-Agent. */
export const productToken = 'ColdReachBot';

// Nested sitemap indexes are followed this deep (an index of indexes of sitemaps), no deeper.
const maxSitemapNesting = 2;

export interface CrawlContext {
  fetcher: PageFetcher;
  extractor: PageExtractor;
  retry: RetrySettings;
}

/** A job as a worker needs it: its spec and the scope compiled once. */
export interface CrawlJob {
  id: string;
  workspaceId: string;
  spec: JobSpec;
  scope: CrawlScope;
  seedOrigins: Set<string>;
}

export function crawlJobOf(id: string, workspaceId: string, spec: JobSpec): CrawlJob {
  const scope = createCrawlScope({
    seeds: spec.seedUrls,
    scope: spec.scope,
    domains: spec.allowedDomains,
    include: spec.includePaths,
    exclude: spec.excludePaths,
  });
  const seedOrigins = new Set(spec.seedUrls.map((seed) => new URL(seed).origin));
  return { id, workspaceId, spec, scope, seedOrigins };
}

/** Reads a robots.txt as stored for a host ('' allows everything). */
export function robotsRulesOf(robotsTxt: string): RobotsRules {
  return robotsTxt === '' ? allowAllRobotsRules : parseRobotsTxt(robotsTxt, productToken);
}

/**
 * Fetches one claimed URL (no database, no politeness) and says what the job learnt from it, except
 * for an HTML page: that comes back as it is, for `pageOutcomeOf` once the host is free again.
 */
export async function crawlUrl(
  claim: ClaimedUrl,
  job: CrawlJob,
  context: CrawlContext,
  signal: AbortSignal,
): Promise<UrlOutcome | FetchedPage> {
  const accept = claim.kind === 'page' ? 'html' : claim.kind;
  const fetched = await context.fetcher.fetchPage(claim.url, { accept, signal });
  const now = new Date();
  if (claim.kind === 'robots') {
    const policy = robotsPolicyForStatus(fetched.status, 0);
    if (fetched.ok && policy.action === 'parse') return robotsOutcome(claim, job, fetched.body);
    if (policy.action !== 'disallow-all') return robotsOutcome(claim, job, '');
    // 5xx or no answer: the host counts as disallowed (RFC 9309 §2.3.1.4); asked again a few times.
    const failure = failureOf(fetched);
    const next = outcomeOfFailedFetch(failure, claim.attempts, now, context.retry);
    if (next.kind === 'retry') return next;
    const reason = failure.reason.startsWith('refused')
      ? failure.reason
      : `robots.txt unreachable (${failure.reason}): the host counts as disallowed`;
    return { kind: 'robots', state: 'unreachable', robotsTxt: '', reason, links: [] };
  }
  if (!fetched.ok) return outcomeOfFailedFetch(fetched, claim.attempts, now, context.retry);
  if (claim.kind === 'sitemap') return sitemapOutcome(claim, job, fetched.body);
  return fetched;
}

/** What the job learns from a fetched HTML page: its contacts, and the links it may follow. */
export async function pageOutcomeOf(
  claim: ClaimedUrl,
  job: CrawlJob,
  fetched: FetchedPage,
  context: CrawlContext,
): Promise<UrlOutcome> {
  const page = await context.extractor.extract(fetched.body, fetched.finalUrl);
  return pageOutcome(claim, job, fetched.finalUrl, page);
}

function failureOf(fetched: Awaited<ReturnType<PageFetcher['fetchPage']>>) {
  return fetched.ok ? { reason: `HTTP ${fetched.status}`, status: fetched.status } : fetched;
}

function robotsOutcome(claim: ClaimedUrl, job: CrawlJob, robotsTxt: string): UrlOutcome {
  const rules = robotsRulesOf(robotsTxt);
  // Sitemaps are read for the seeds' own hosts: the sites the user pointed at.
  const links: FrontierEntry[] = job.seedOrigins.has(claim.origin)
    ? sitemapCandidates(claim.origin, rules.sitemaps).map((url) => ({ url, kind: 'sitemap', depth: 0 }))
    : [];
  return { kind: 'robots', state: 'ready', robotsTxt, reason: '', links };
}

function sitemapOutcome(claim: ClaimedUrl, job: CrawlJob, body: string): UrlOutcome {
  let parsed;
  try {
    parsed = parseSitemap(body);
  } catch (error) {
    return { kind: 'failed', error: error instanceof Error ? error.message : 'not a sitemap' };
  }
  if (parsed.kind === 'index') {
    if (claim.depth >= maxSitemapNesting) return { kind: 'sitemap', links: [] };
    const nested = parsed.urls.flatMap((href) => {
      const url = normaliseUrl(href);
      return url && job.seedOrigins.has(new URL(url).origin) ? [url] : [];
    });
    return {
      kind: 'sitemap',
      links: nested.map((url) => ({ url, kind: 'sitemap', depth: claim.depth + 1 })),
    };
  }
  // A sitemap's pages are one link away from the site's root.
  if (job.spec.maxDepth < 1) return { kind: 'sitemap', links: [] };
  return { kind: 'sitemap', links: followable(parsed.urls, job, 1) };
}

function pageOutcome(claim: ClaimedUrl, job: CrawlJob, finalUrl: string, page: PageExtraction): UrlOutcome {
  const links: FrontierEntry[] = [];
  if (!page.metaRobots.nofollow && claim.depth < job.spec.maxDepth) {
    links.push(
      ...followable(
        page.links.map((link) => link.url),
        job,
        claim.depth + 1,
      ),
    );
  }
  if (page.canonicalUrl) links.push(...followable([page.canonicalUrl], job, claim.depth));
  const socialProfiles = page.socials.map((profile) => profile.url);
  const company = page.company.name ?? '';
  const contacts: FoundContact[] = page.contacts.map((contact) => ({
    email: normaliseEmail(contact.email),
    name: contact.name ?? '',
    title: contact.title ?? '',
    phone: contact.phone ?? '',
    company,
    sourceUrl: finalUrl,
    socialProfiles,
  }));
  return { kind: 'crawled', links, contacts, javascriptOnly: page.looksJavaScriptOnly };
}

/** The URLs among `hrefs` the job may follow: normalised, in scope, not traps by their shape. */
function followable(hrefs: readonly string[], job: CrawlJob, depth: number): FrontierEntry[] {
  const entries: FrontierEntry[] = [];
  const seen = new Set<string>();
  for (const href of hrefs) {
    const url = normaliseUrl(href);
    if (!url || seen.has(url) || !job.scope.inScope(url) || urlTrapReason(url) !== undefined) continue;
    seen.add(url);
    entries.push({ url, kind: 'page', depth });
  }
  return entries;
}

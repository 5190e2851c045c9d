import type { components } from '../../gen/api-schema';

export type ScrapeJob = components['schemas']['ScrapeJob'];
export type ScrapeResult = components['schemas']['ScrapeResult'];
type Tone = 'neutral' | 'good' | 'warn' | 'bad' | 'info';

/** How often a page showing a queued or running job asks again. */
export const livePollMs = 2000;

/** A job that may still change: its pages keep asking for it. */
export function isLive(job: Pick<ScrapeJob, 'status'>): boolean {
  return job.status === 'queued' || job.status === 'running';
}

export const statusTone: Record<ScrapeJob['status'], Tone> = {
  queued: 'neutral',
  running: 'info',
  succeeded: 'good',
  failed: 'bad',
  cancelled: 'warn',
};

/**
 * How far a job has got: pages handled (crawled, failed or skipped) out of what it can still reach.
 * The end is not known while it runs (links are found as pages are read), so the total is what is
 * handled plus what is queued, never more than the job's page limit; a finished job is complete.
 */
export function scrapeProgress(job: ScrapeJob): { handled: number; total: number; percent: number } {
  const handled = job.pagesCrawled + job.pagesFailed + job.pagesSkipped;
  if (!isLive(job)) return { handled, total: handled, percent: 100 };
  const reachable = handled + job.pagesQueued;
  const limit = job.spec.maxPages > 0 ? job.spec.maxPages : reachable;
  const total = Math.max(handled, Math.min(reachable, limit));
  return { handled, total, percent: total === 0 ? 0 : Math.floor((handled / total) * 100) };
}

/** A job's name in lists: its first seed, and how many more. */
export function jobTitle(job: Pick<ScrapeJob, 'spec'>): string {
  const [first, ...rest] = job.spec.seedUrls;
  if (!first) return 'Scrape job';
  return rest.length > 0 ? `${first} and ${rest.length} more` : first;
}

/**
 * Where a job's leads are listed on the Leads page: by the tags it gave them, and by the hosts of its
 * seeds (the source filter matches part of a lead's source URL; "www." is dropped so a subdomain's
 * pages count too with same-domain scope). At most five links.
 */
export function leadLinks(job: Pick<ScrapeJob, 'spec'>): { to: string; label: string }[] {
  const tags = job.spec.leadTags.map((tag) => ({
    to: `/leads?tag=${encodeURIComponent(tag)}`,
    label: `Leads tagged ${tag}`,
  }));
  const hosts = new Set<string>();
  for (const seed of job.spec.seedUrls) {
    try {
      hosts.add(new URL(seed).hostname.replace(/^www\./, ''));
    } catch {
      // A seed the service accepted is a URL; nothing to link otherwise.
    }
  }
  const sources = [...hosts].map((host) => ({
    to: `/leads?source=${encodeURIComponent(host)}`,
    label: `Leads found on ${host}`,
  }));
  return [...tags, ...sources].slice(0, 5);
}

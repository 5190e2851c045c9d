// What the CLI shows of a job: the live progress line and the summary at the end. Pure text.
import type { ScrapeJobView } from './scrape-api-client';

const finished = new Set(['succeeded', 'failed', 'cancelled']);

/** True once the job will not change any more. */
export function isFinished(job: ScrapeJobView): boolean {
  return finished.has(job.status);
}

/** `1:05`, `12:00:09`: elapsed time for a progress line. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const [h, m, s] = [Math.floor(seconds / 3600), Math.floor(seconds / 60) % 60, seconds % 60];
  const two = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
}

/** Pages done (fetched, failed or skipped), and how many there will be at most as far as is known. */
function pagesDone(job: ScrapeJobView): { done: number; total: number } {
  const done = job.pagesCrawled + job.pagesFailed + job.pagesSkipped;
  // The site may end before maxPages: the queue says how much is left that is known of.
  const total = Math.max(done, Math.min(job.spec.maxPages || Infinity, done + job.pagesQueued));
  return { done, total };
}

function bar(done: number, total: number, width: number): string {
  const filled = total === 0 ? 0 : Math.min(width, Math.floor((done / total) * width));
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
}

/**
 * One line of progress, e.g. `running [#####---------------] 45/180 pages · 130 queued · 2 failed ·
 * 12 contacts · 0:42`; `withBar` false for logs (no bar to redraw).
 */
export function progressLine(job: ScrapeJobView, elapsedMs: number, withBar = true): string {
  const time = formatDuration(elapsedMs);
  if (job.status === 'queued') return `queued, waiting for a worker · ${time}`;
  const { done, total } = pagesDone(job);
  return [
    `${job.status}${withBar ? ` ${bar(done, total, 20)}` : ''} ${job.pagesCrawled}/${total} pages`,
    `${job.pagesQueued} queued`,
    `${job.pagesFailed} failed`,
    `${job.contactsFound} contacts`,
    time,
  ].join(' · ');
}

/** How many of the job's latest errors the summary lists. */
const summaryErrors = 5;

/** The summary printed when the job has ended: counts, why it failed, latest errors, where the results are. */
export function summaryLines(job: ScrapeJobView, apiUrl: string, elapsedMs: number): string[] {
  const lines = [
    `Scrape job ${job.id} ${job.status} after ${formatDuration(elapsedMs)}.`,
    `  pages:    ${job.pagesCrawled} crawled, ${job.pagesFailed} failed, ${job.pagesSkipped} skipped (not HTML), ` +
      `${job.javascriptOnlyPages} JavaScript-only`,
    `  contacts: ${job.contactsFound}`,
  ];
  if (job.errorMessage) lines.push(`  reason:   ${job.errorMessage}`);
  if (job.errors.length > 0) {
    lines.push(`  latest errors (${Math.min(summaryErrors, job.errors.length)} of ${job.pagesFailed}):`);
    for (const error of job.errors.slice(0, summaryErrors)) lines.push(`    ${error.url}  ${error.message}`);
  }
  lines.push(
    `  results:  ${apiUrl}/api/scrape/${job.id}/results (JSON), ${apiUrl}/api/scrape/${job.id}/results.csv (CSV)`,
  );
  for (const tag of job.spec.leadTags)
    lines.push(`  leads:    ${apiUrl}/api/leads?tag=${encodeURIComponent(tag)}`);
  return lines;
}

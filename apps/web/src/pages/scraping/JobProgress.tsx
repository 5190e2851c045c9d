import { Badge } from '../../ui/Page';
import { isLive, scrapeProgress, statusTone, type ScrapeJob } from './scrape-progress';

const scopeWords: Record<ScrapeJob['spec']['scope'], string> = {
  'same-host': "the start URLs' own hosts",
  'same-domain': "any host of the start URLs' domains",
  'listed-domains': 'the listed domains',
};

/** Where a job stands (announced politely as it changes) and what it was asked to do. */
export function JobProgress({ job }: { job: ScrapeJob }) {
  const progress = scrapeProgress(job);
  const counts: [string, number][] = [
    ['Pages crawled', job.pagesCrawled],
    ['Pages waiting', job.pagesQueued],
    ['Pages failed', job.pagesFailed],
    ['Not HTML (skipped)', job.pagesSkipped],
    ['Pages needing JavaScript', job.javascriptOnlyPages],
    ['Contacts found', job.contactsFound],
  ];
  return (
    <>
      <section className="card" aria-labelledby="progress-heading">
        <h2 id="progress-heading">
          Progress <Badge tone={statusTone[job.status]}>{job.status}</Badge>
        </h2>
        <div className="scrape-progress">
          <progress max={Math.max(progress.total, 1)} value={progress.handled} aria-label="Pages handled" />
          <span role="status">
            {progress.handled} of {isLive(job) ? `about ${progress.total}` : progress.total} pages handled
            {isLive(job) ? ` (${progress.percent}%)` : ''}
          </span>
        </div>
        {job.errorMessage && <p className="problem">Failed: {job.errorMessage}</p>}
        <dl className="figures">
          {counts.map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      </section>
      <details className="card">
        <summary>Settings</summary>
        <dl className="settings">
          <dt>Start URLs</dt>
          <dd>
            <ul>
              {job.spec.seedUrls.map((url) => (
                <li key={url}>{url}</li>
              ))}
            </ul>
          </dd>
          <dt>Links followed</dt>
          <dd>
            Within {scopeWords[job.spec.scope]}
            {job.spec.scope === 'listed-domains' && `: ${job.spec.allowedDomains.join(', ')}`}, up to{' '}
            {job.spec.maxDepth ?? 'the default'} links deep, {job.spec.maxPages} pages at most
          </dd>
          {job.spec.includePaths.length > 0 && (
            <>
              <dt>Only paths</dt>
              <dd>{job.spec.includePaths.join(', ')}</dd>
            </>
          )}
          {job.spec.excludePaths.length > 0 && (
            <>
              <dt>Skipped paths</dt>
              <dd>{job.spec.excludePaths.join(', ')}</dd>
            </>
          )}
          <dt>Tags for the leads</dt>
          <dd>{job.spec.leadTags.length > 0 ? job.spec.leadTags.join(', ') : 'none'}</dd>
          <dt>robots.txt</dt>
          <dd>{job.spec.respectRobotsTxt ? 'obeyed' : 'ignored'}</dd>
        </dl>
      </details>
    </>
  );
}

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { Loading, PageHeader } from '../../ui/Page';
import { ProblemMessage } from '../../ui/ProblemMessage';
import { Time } from '../../ui/Time';
import { JobProgress } from './JobProgress';
import { ScrapeContacts } from './ScrapeContacts';
import { isLive, jobTitle, livePollMs, type ScrapeJob } from './scrape-progress';

/** One crawl, watched live while it runs (asked again every 2 s), with its contacts and errors. */
export default function ScrapeJobPage() {
  const { jobId = '' } = useParams();
  const queries = useQueryClient();
  const job = useQuery({
    queryKey: ['scrape-job', jobId],
    queryFn: () => unwrap(api.GET('/api/scrape/{id}', { params: { path: { id: jobId } } })),
    refetchInterval: (query) => (query.state.data && isLive(query.state.data) ? livePollMs : false),
  });
  const cancel = useMutation({
    mutationFn: () => unwrap(api.POST('/api/scrape/{id}/cancel', { params: { path: { id: jobId } } })),
    onSuccess: (cancelled) => {
      queries.setQueryData(['scrape-job', jobId], cancelled);
      void queries.invalidateQueries({ queryKey: ['scrape-jobs'] });
    },
  });

  if (!job.data) {
    return (
      <>
        <PageHeader title="Scrape job" />
        {job.isPending ? <Loading what="the scrape job" /> : <ProblemMessage error={job.error} />}
        <Link to="/scraping">All scrape jobs</Link>
      </>
    );
  }
  const current = job.data;
  return (
    <>
      <PageHeader
        title="Scrape job"
        actions={
          isLive(current) && (
            <button
              type="button"
              className="danger"
              onClick={() => cancel.mutate()}
              disabled={cancel.isPending}
            >
              Cancel job
            </button>
          )
        }
      >
        <p>
          {jobTitle(current)} · started <Time iso={current.createdAt} /> ·{' '}
          <Link to="/scraping">All scrape jobs</Link>
        </p>
      </PageHeader>
      <ProblemMessage error={cancel.error ?? job.error} />
      <JobProgress job={current} />
      <ScrapeContacts job={current} />
      <ScrapeErrors errors={current.errors} />
    </>
  );
}

function ScrapeErrors({ errors }: { errors: ScrapeJob['errors'] }) {
  return (
    <section aria-labelledby="errors-heading">
      <h2 id="errors-heading">Errors</h2>
      {errors.length === 0 ? (
        <p>No page has failed.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Pages that failed, the latest 100</caption>
            <thead>
              <tr>
                <th scope="col">Page</th>
                <th scope="col">What happened</th>
                <th scope="col">When</th>
              </tr>
            </thead>
            <tbody>
              {errors.map((error, index) => (
                <tr key={`${error.url}-${index}`}>
                  <td className="url">{error.url}</td>
                  <td>{error.message}</td>
                  <td>
                    <Time iso={error.occurredAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

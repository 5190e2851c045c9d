import { useQuery } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { DataTable, Pager } from '../../ui/DataTable';
import { Badge, EmptyState, Loading, PageHeader } from '../../ui/Page';
import { ProblemMessage } from '../../ui/ProblemMessage';
import { Time } from '../../ui/Time';
import { useCursorPages } from '../../ui/use-cursor-pages';
import { isLive, jobTitle, livePollMs, statusTone, type ScrapeJob } from './scrape-progress';
import { StartScrapeForm } from './StartScrapeForm';

const columns: ColumnDef<ScrapeJob, unknown>[] = [
  {
    id: 'job',
    header: 'Job',
    cell: ({ row }) => <Link to={`/scraping/${row.original.id}`}>{jobTitle(row.original)}</Link>,
  },
  {
    id: 'status',
    header: 'Status',
    cell: ({ row }) => <Badge tone={statusTone[row.original.status]}>{row.original.status}</Badge>,
  },
  { id: 'pages', header: 'Pages', cell: ({ row }) => row.original.pagesCrawled },
  { id: 'contacts', header: 'Contacts', cell: ({ row }) => row.original.contactsFound },
  { id: 'errors', header: 'Errors', cell: ({ row }) => row.original.pagesFailed },
  {
    id: 'created',
    header: 'Started',
    cell: ({ row }) => <Time iso={row.original.createdAt} />,
  },
];

/** Start a crawl, and every crawl of the workspace with how far it got (refreshed while one runs). */
export default function ScrapingPage() {
  const pages = useCursorPages();
  const jobs = useQuery({
    queryKey: ['scrape-jobs', pages.cursor],
    queryFn: () => unwrap(api.GET('/api/scrape', { params: { query: { limit: 20, cursor: pages.cursor } } })),
    refetchInterval: (query) => (query.state.data?.data.some(isLive) ? livePollMs : false),
  });
  const none = jobs.data && jobs.data.data.length === 0 && pages.page === 0;

  return (
    <>
      <PageHeader title="Scraping">
        <p>Find the contact details that public websites list, and turn them into leads.</p>
      </PageHeader>
      <StartScrapeForm />
      <section aria-labelledby="scrape-jobs-heading">
        <h2 id="scrape-jobs-heading">Scrape jobs</h2>
        <ProblemMessage error={jobs.error} />
        {jobs.isPending && <Loading what="scrape jobs" />}
        {none && (
          <EmptyState title="No scrapes yet">
            A scrape reads the pages you start it on and the pages they link to (within the limits you set),
            and collects the email addresses it finds there, with the names, job titles and phone numbers
            beside them. Every address becomes a lead of this workspace, with the page it came from. It obeys
            each site&apos;s robots.txt and crawl delay, and never fetches private or local network addresses.
          </EmptyState>
        )}
        {jobs.data && !none && (
          <>
            <DataTable caption="Scrape jobs, newest first" columns={columns} rows={jobs.data.data} />
            <Pager
              page={pages.page}
              hasNext={Boolean(jobs.data.nextCursor)}
              onPrevious={pages.previous}
              onNext={() => pages.next(jobs.data?.nextCursor)}
            />
          </>
        )}
      </section>
    </>
  );
}

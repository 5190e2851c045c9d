import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ColumnDef, RowSelectionState } from '@tanstack/react-table';
import { useRef, useState } from 'react';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { AddToCampaign } from '../../ui/AddToCampaign';
import { DataTable, Pager } from '../../ui/DataTable';
import { Loading } from '../../ui/Page';
import { ProblemMessage } from '../../ui/ProblemMessage';
import { useCursorPages } from '../../ui/use-cursor-pages';
import { isLive, leadIdsOf, livePollMs, type ScrapeJob, type ScrapeResult } from './scrape-progress';

const dash = (value: string | null) => value ?? '—';

const columns: ColumnDef<ScrapeResult, unknown>[] = [
  { id: 'email', header: 'Email', cell: ({ row }) => row.original.email },
  { id: 'name', header: 'Name', cell: ({ row }) => dash(row.original.name) },
  { id: 'title', header: 'Title', cell: ({ row }) => dash(row.original.title) },
  { id: 'phone', header: 'Phone', cell: ({ row }) => dash(row.original.phone) },
  {
    id: 'source',
    header: 'Found on',
    cell: ({ row }) => (
      <a href={row.original.sourceUrl} target="_blank" rel="noreferrer noopener" className="url">
        {row.original.sourceUrl}
      </a>
    ),
  },
  {
    id: 'lead',
    header: 'Lead',
    cell: ({ row }) =>
      row.original.leadId ? (
        <Link to={`/leads/${row.original.leadId}`} aria-label={`Lead ${row.original.email}`}>
          Open
        </Link>
      ) : (
        'not a lead (refused)'
      ),
  },
];

/** Where this job's leads are listed: by the tag it gave them, else the whole list. */
function leadsLink(job: ScrapeJob): { to: string; label: string } {
  const tag = job.spec.leadTags[0];
  return tag
    ? { to: `/leads?tag=${encodeURIComponent(tag)}`, label: `See the leads tagged ${tag}` }
    : { to: '/leads', label: 'See the leads' };
}

/** The contacts a job found, in the order found, refreshed while it runs; chosen ones → a campaign. */
export function ScrapeContacts({ job }: { job: ScrapeJob }) {
  const pages = useCursorPages();
  const [selection, setSelection] = useState<RowSelectionState>({});
  const results = useQuery({
    // The status is in the key so the job's end fetches the contacts found last once more.
    queryKey: ['scrape-results', job.id, job.status, pages.cursor],
    placeholderData: keepPreviousData,
    queryFn: () =>
      unwrap(
        api.GET('/api/scrape/{id}/results', {
          params: { path: { id: job.id }, query: { limit: 50, cursor: pages.cursor } },
        }),
      ),
    refetchInterval: isLive(job) ? livePollMs : false,
  });
  const rows = results.data?.data ?? [];
  // Every contact seen on any page, so a choice made on page 1 still counts on page 2.
  const seen = useRef(new Map<string, ScrapeResult>()).current;
  for (const row of rows) seen.set(row.id, row);
  const chosen = leadIdsOf([...seen.values()], new Set(Object.keys(selection).filter((id) => selection[id])));
  const link = leadsLink(job);

  return (
    <section aria-labelledby="contacts-heading">
      <h2 id="contacts-heading">Contacts found</h2>
      <p className="notice">
        Every contact a scrape finds becomes a lead of this workspace by itself (one per email address: a lead
        that exists already is merged, keeping what it had), with the page it was found on as its source.
        There is nothing more to add to your leads. <Link to={link.to}>{link.label}</Link>.
      </p>
      <ProblemMessage error={results.error} />
      {results.isPending && <Loading what="contacts" />}
      {results.data && rows.length === 0 && pages.page === 0 && (
        <p>
          {isLive(job) ? 'No contacts yet: they appear here as pages are read.' : 'No contacts were found.'}
        </p>
      )}
      {rows.length > 0 && (
        <>
          <div className="bulk-bar">
            <span>
              {chosen.leadIds.length} chosen
              {chosen.withoutLead > 0 && ` (${chosen.withoutLead} without a lead, left out)`}
            </span>
            <AddToCampaign leadIds={chosen.leadIds} />
            <a className="button" href={`/api/scrape/${job.id}/results.csv`} download>
              Download CSV
            </a>
          </div>
          <DataTable
            caption="Contacts found, in the order found"
            columns={columns}
            rows={rows}
            selection={selection}
            onSelectionChange={setSelection}
          />
          <Pager
            page={pages.page}
            hasNext={Boolean(results.data?.nextCursor)}
            onPrevious={pages.previous}
            onNext={() => pages.next(results.data?.nextCursor)}
          />
        </>
      )}
    </section>
  );
}

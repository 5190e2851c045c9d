import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ColumnDef, RowSelectionState } from '@tanstack/react-table';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { addInBatches, type AddOutcome } from '../../ui/add-in-batches';
import { AddToCampaign } from '../../ui/AddToCampaign';
import { DataTable, Pager } from '../../ui/DataTable';
import { Loading } from '../../ui/Page';
import { ProblemMessage } from '../../ui/ProblemMessage';
import { useCursorPages } from '../../ui/use-cursor-pages';
import { outcomeOf } from './scrape-add-outcome';
import { isLive, leadLinks, livePollMs, type ScrapeJob, type ScrapeResult } from './scrape-progress';

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

/** A job's contacts into a campaign as the leads they became: those chosen, or all (null). */
function addContactsToCampaign(
  jobId: string,
  campaignId: string,
  resultIds: string[] | null,
): Promise<AddOutcome> {
  const call = (ids?: string[]) =>
    unwrap(
      api.POST('/api/scrape/{id}/add-to-campaign', {
        params: { path: { id: jobId } },
        body: ids ? { campaignId, resultIds: ids } : { campaignId },
      }),
    ).then(outcomeOf);
  return resultIds === null ? call() : addInBatches(resultIds, call);
}

/** The contacts a job found, in the order found, refreshed while it runs; chosen ones → a campaign. */
export function ScrapeContacts({ job }: { job: ScrapeJob }) {
  const pages = useCursorPages();
  const [selection, setSelection] = useState<RowSelectionState>({});
  const [which, setWhich] = useState<'chosen' | 'all'>('chosen');
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
  const chosen = Object.keys(selection).filter((id) => selection[id]);
  const links = leadLinks(job);

  return (
    <section aria-labelledby="contacts-heading">
      <h2 id="contacts-heading">Contacts found</h2>
      <div className="notice">
        <p>
          Every contact a scrape finds becomes a lead of this workspace by itself (one per email address: a
          lead that exists already is merged, keeping what it had), with the page it was found on as its
          source URL. There is nothing more to add to your leads.
        </p>
        <ul className="inline-links">
          {links.map((link) => (
            <li key={link.to}>
              <Link to={link.to}>{link.label}</Link>
            </li>
          ))}
        </ul>
      </div>
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
            <fieldset className="choice">
              <legend>Contacts to add</legend>
              <label>
                <input
                  type="radio"
                  name="contacts-to-add"
                  checked={which === 'chosen'}
                  onChange={() => setWhich('chosen')}
                />{' '}
                The {chosen.length} chosen below
              </label>
              <label>
                <input
                  type="radio"
                  name="contacts-to-add"
                  checked={which === 'all'}
                  onChange={() => setWhich('all')}
                />{' '}
                All {job.contactsFound} of this job
              </label>
            </fieldset>
            <AddToCampaign
              count={which === 'all' ? job.contactsFound : chosen.length}
              add={(campaignId) => addContactsToCampaign(job.id, campaignId, which === 'all' ? null : chosen)}
            />
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

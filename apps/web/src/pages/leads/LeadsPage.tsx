import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ColumnDef, RowSelectionState } from '@tanstack/react-table';
import { useMemo, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import type { paths } from '../../gen/api-schema';
import { DataTable, Pager } from '../../ui/DataTable';
import { Badge, EmptyState, Loading, PageHeader } from '../../ui/Page';
import { ProblemMessage } from '../../ui/ProblemMessage';
import { Time } from '../../ui/Time';
import { useCursorPages } from '../../ui/use-cursor-pages';
import { BulkActions } from './BulkActions';
import {
  exportHref,
  filterQuery,
  filtersFromParams,
  isFiltered,
  noFilters,
  paramsFromFilters,
  verificationTone,
  type Lead,
  type LeadFilters,
} from './lead-filters';
import { LeadFilterBar } from './LeadFilterBar';
import { NewLeadForm } from './NewLeadForm';

type ListQuery = NonNullable<paths['/api/leads']['get']['parameters']['query']>;

const pageSize = 50;

const columns: ColumnDef<Lead, unknown>[] = [
  {
    header: 'Email',
    cell: ({ row }) => <Link to={`/leads/${row.original.id}`}>{row.original.email}</Link>,
  },
  { header: 'Name', cell: ({ row }) => `${row.original.firstName} ${row.original.lastName}`.trim() },
  { header: 'Company', cell: ({ row }) => row.original.company },
  { header: 'Tags', cell: ({ row }) => row.original.tags.join(', ') },
  {
    header: 'Verification',
    cell: ({ row }) => (
      <Badge tone={verificationTone(row.original.verificationStatus)}>
        {row.original.verificationStatus}
      </Badge>
    ),
  },
  { header: 'Source', cell: ({ row }) => sourceHost(row.original.sourceUrl) },
  { header: 'Added', cell: ({ row }) => <Time iso={row.original.createdAt} /> },
];

/** The host a lead was found on: the whole URL is on the lead's page. */
function sourceHost(url: string): string {
  if (url === '') return '';
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/**
 * Every lead of the workspace, one server page at a time (cursor paging), searched, filtered and
 * sorted by the API; the filters live in the URL. Selected rows (across pages) can be added to a
 * campaign, tagged, verified or deleted.
 */
export default function LeadsPage() {
  const [params, setParams] = useSearchParams();
  const filters = filtersFromParams(params);
  const query = filterQuery(filters);
  const pages = useCursorPages();
  const [selection, setSelection] = useState<RowSelectionState>({});
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<Lead | null>(null);
  // A new key resets the filter bar's typed text when the filters are cleared from outside it.
  const [filterBarKey, setFilterBarKey] = useState(0);
  // The emails of the leads seen, so a bulk action's failures can be named after pages change.
  const emails = useRef(new Map<string, string>());

  const leads = useQuery({
    queryKey: ['leads', 'list', query, pages.cursor],
    queryFn: () =>
      unwrap(
        api.GET('/api/leads', {
          params: {
            query: {
              ...(query as ListQuery),
              limit: pageSize,
              ...(pages.cursor ? { cursor: pages.cursor } : {}),
            },
          },
        }),
      ),
    placeholderData: keepPreviousData,
  });
  const rows = useMemo(() => leads.data?.data ?? [], [leads.data]);
  for (const lead of rows) emails.current.set(lead.id, lead.email);
  const selected = Object.keys(selection).filter((id) => selection[id]);

  const applyFilters = (next: LeadFilters) => {
    setParams(paramsFromFilters(next), { replace: true });
    pages.reset();
    setSelection({});
  };

  const empty = leads.isSuccess && rows.length === 0 && pages.page === 0;
  return (
    <>
      <PageHeader
        title="Leads"
        actions={
          <>
            <button type="button" className="primary" onClick={() => setCreating(true)} disabled={creating}>
              New lead
            </button>
            <Link className="button" to="/leads/import">
              Import CSV
            </Link>
            <a className="button" href={exportHref(filters)} download>
              Export CSV
            </a>
          </>
        }
      >
        <p>People you can write to. Select rows to act on many at once.</p>
      </PageHeader>
      {creating && (
        <NewLeadForm
          onCancel={() => setCreating(false)}
          onCreated={(lead) => {
            setCreating(false);
            setCreated(lead);
          }}
        />
      )}
      {created && (
        <p className="notice" role="status">
          Lead <Link to={`/leads/${created.id}`}>{created.email}</Link> created.
        </p>
      )}
      <LeadFilterBar key={filterBarKey} filters={filters} onChange={applyFilters} />
      <ProblemMessage error={leads.error} />
      {leads.isPending && <Loading what="leads" />}
      {empty && !isFiltered(filters) && (
        <EmptyState
          title="No leads yet"
          action={
            <div className="actions">
              <button type="button" className="primary" onClick={() => setCreating(true)}>
                Add a lead
              </button>
              <Link className="button" to="/leads/import">
                Import a CSV file
              </Link>
              <Link className="button" to="/scraping">
                Scrape a website
              </Link>
            </div>
          }
        >
          Add someone by hand, import a spreadsheet exported from your CRM, or let a scrape find the people
          listed on a company's website.
        </EmptyState>
      )}
      {empty && isFiltered(filters) && (
        <EmptyState
          title="No lead matches these filters"
          action={
            <button
              type="button"
              onClick={() => {
                applyFilters({ ...noFilters, sort: filters.sort });
                setFilterBarKey((key) => key + 1);
              }}
            >
              Clear filters
            </button>
          }
        />
      )}
      {rows.length > 0 && (
        <>
          <BulkActions
            ids={selected}
            emailOf={(id) => emails.current.get(id)}
            onDeleted={() => setSelection({})}
          />
          <DataTable
            caption="Leads"
            columns={columns}
            rows={rows}
            selection={selection}
            onSelectionChange={setSelection}
            rowLabel={(lead) => lead.email}
          />
          <Pager
            page={pages.page}
            hasNext={Boolean(leads.data?.nextCursor)}
            onPrevious={pages.previous}
            onNext={() => pages.next(leads.data?.nextCursor)}
          />
        </>
      )}
    </>
  );
}

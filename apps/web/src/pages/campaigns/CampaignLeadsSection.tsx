import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import type { components } from '../../gen/api-schema';
import { DataTable, Pager } from '../../ui/DataTable';
import { Badge, Loading } from '../../ui/Page';
import { ProblemMessage } from '../../ui/ProblemMessage';
import { useCursorPages } from '../../ui/use-cursor-pages';
import type { Campaign } from './campaign-form';

// The table keys rows by id: a lead of a campaign is one client.
type CampaignLead = components['schemas']['CampaignLead'] & { id: string };

const stateTone = (state: CampaignLead['state']) =>
  state === 'active' ? 'info' : state === 'completed' || state === 'stopped_replied' ? 'good' : 'warn';

const columns: ColumnDef<CampaignLead, unknown>[] = [
  {
    id: 'email',
    header: 'Lead',
    cell: ({ row }) => <Link to={`/leads/${row.original.clientId}`}>{row.original.email}</Link>,
  },
  {
    id: 'state',
    header: 'State',
    cell: ({ row }) => (
      <Badge tone={stateTone(row.original.state)}>{row.original.state.replace('_', ' ')}</Badge>
    ),
  },
  { id: 'sent', header: 'Steps sent', cell: ({ row }) => row.original.lastSentPosition },
  {
    id: 'next',
    header: 'Next email',
    cell: ({ row }) => (row.original.nextSendAt ? new Date(row.original.nextSendAt).toLocaleString() : '—'),
  },
];

/** Who the campaign writes to, where each stands in the sequence, and how to add more. */
export function CampaignLeadsSection({ campaign }: { campaign: Campaign }) {
  const queries = useQueryClient();
  const pages = useCursorPages();
  const leads = useQuery({
    queryKey: ['campaign', campaign.id, 'leads', pages.cursor],
    queryFn: () =>
      unwrap(
        api.GET('/api/campaigns/{id}/leads', {
          params: { path: { id: campaign.id }, query: { limit: 20, cursor: pages.cursor } },
        }),
      ),
  });
  const addMatching = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/campaigns/{id}/leads', {
          params: { path: { id: campaign.id } },
          body: { useTargetCriteria: true },
        }),
      ),
    onSuccess: () => {
      void queries.invalidateQueries({ queryKey: ['campaign', campaign.id] });
      void queries.invalidateQueries({ queryKey: ['campaigns'] });
    },
  });
  const none = leads.data && leads.data.data.length === 0 && pages.page === 0;

  return (
    <section className="card" aria-labelledby="leads-heading">
      <h2 id="leads-heading">Leads</h2>
      <div className="actions">
        <Link className="button" to="/leads">
          Add leads
        </Link>
        <button type="button" onClick={() => addMatching.mutate()} disabled={addMatching.isPending}>
          Add leads matching the criteria
        </button>
      </div>
      <p className="hint">
        On the Leads page, select leads and choose &ldquo;Add to campaign&rdquo;; or add every lead matching
        this campaign&apos;s target criteria at once. On an active campaign, new leads get their first step at
        once.
      </p>
      {addMatching.data && (
        <p className="notice" role="status">
          {addMatching.data.added} added, {addMatching.data.alreadyPresent} already in the campaign.
        </p>
      )}
      <ProblemMessage error={addMatching.error ?? leads.error} />
      {leads.isPending && <Loading what="the leads" />}
      {none && <p>No lead yet: the campaign cannot be launched without one.</p>}
      {leads.data && !none && (
        <>
          <DataTable
            caption={`Leads of ${campaign.name}`}
            columns={columns}
            rows={leads.data.data.map((l) => ({ ...l, id: l.clientId }))}
          />
          <Pager
            page={pages.page}
            hasNext={Boolean(leads.data.nextCursor)}
            onPrevious={pages.previous}
            onNext={() => pages.next(leads.data?.nextCursor)}
          />
        </>
      )}
    </section>
  );
}

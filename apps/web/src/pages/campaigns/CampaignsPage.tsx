import { useQuery } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { ApiError } from '../../api/problem';
import { DataTable, Pager } from '../../ui/DataTable';
import { EmptyState, Loading, PageHeader } from '../../ui/Page';
import { ProblemMessage } from '../../ui/ProblemMessage';
import { useCursorPages } from '../../ui/use-cursor-pages';
import type { Campaign } from './campaign-form';
import { percent } from './campaign-stats';
import { CampaignStatusBadge, retryUnlessSettled } from './CampaignStatus';

/** One campaign's sent and replies from its funnel; a dash when analytics has nothing (yet). */
function FunnelCell({ campaignId, count }: { campaignId: string; count: 'sent' | 'replied' | 'opened' }) {
  const stats = useQuery({
    queryKey: ['campaign-stats', campaignId],
    queryFn: () => unwrap(api.GET('/api/campaigns/{id}/stats', { params: { path: { id: campaignId } } })),
    retry: retryUnlessSettled,
  });
  if (stats.error instanceof ApiError && stats.error.status === 404) return <>0</>;
  if (!stats.data) return <span aria-label="not known">—</span>;
  const { total } = stats.data;
  if (count === 'sent') return <>{total.sent}</>;
  if (count === 'opened') return <>{total.openedUnique}</>;
  return (
    <>
      {total.replied} {total.sent > 0 && <span className="hint">({percent(total.rates.replyRate)})</span>}
    </>
  );
}

const columns: ColumnDef<Campaign, unknown>[] = [
  {
    id: 'name',
    header: 'Campaign',
    cell: ({ row }) => <Link to={`/campaigns/${row.original.id}`}>{row.original.name}</Link>,
  },
  { id: 'status', header: 'Status', cell: ({ row }) => <CampaignStatusBadge status={row.original.status} /> },
  { id: 'steps', header: 'Steps', cell: ({ row }) => row.original.stepCount },
  { id: 'leads', header: 'Leads', cell: ({ row }) => row.original.leadCount },
  { id: 'sent', header: 'Sent', cell: ({ row }) => <FunnelCell campaignId={row.original.id} count="sent" /> },
  {
    id: 'opened',
    header: 'Opened',
    cell: ({ row }) => <FunnelCell campaignId={row.original.id} count="opened" />,
  },
  {
    id: 'replied',
    header: 'Replies',
    cell: ({ row }) => <FunnelCell campaignId={row.original.id} count="replied" />,
  },
  {
    id: 'created',
    header: 'Created',
    cell: ({ row }) => new Date(row.original.createdAt).toLocaleDateString(),
  },
];

/** What a first campaign needs before it can be launched, asked only when there is no campaign yet. */
function FirstCampaign() {
  const first = { params: { query: { limit: 1 } } } as const;
  const mailboxes = useQuery({
    queryKey: ['mailboxes', 'any'],
    queryFn: () => unwrap(api.GET('/api/mailboxes', first)),
  });
  const leads = useQuery({ queryKey: ['leads', 'any'], queryFn: () => unwrap(api.GET('/api/leads', first)) });
  const noMailbox = mailboxes.data?.data.length === 0;
  const noLead = leads.data?.data.length === 0;
  return (
    <EmptyState
      title="No campaigns yet"
      action={
        <Link className="button primary" to="/campaigns/new">
          Create your first campaign
        </Link>
      }
    >
      A campaign sends a sequence of emails to its leads, each step a few days after the last, inside your
      sending window, and stops for a lead who replies.{' '}
      {noMailbox && (
        <>
          It sends from a mailbox: <Link to="/mailboxes">add a mailbox</Link> first.{' '}
        </>
      )}
      {noLead && (
        <>
          It needs leads to write to: <Link to="/leads">add leads</Link> or{' '}
          <Link to="/leads/import">import a CSV</Link>.
        </>
      )}
    </EmptyState>
  );
}

/** Every campaign of the workspace with its status and how it is doing. */
export default function CampaignsPage() {
  const pages = useCursorPages();
  const campaigns = useQuery({
    queryKey: ['campaigns', pages.cursor],
    queryFn: () =>
      unwrap(api.GET('/api/campaigns', { params: { query: { limit: 25, cursor: pages.cursor } } })),
  });
  const none = campaigns.data && campaigns.data.data.length === 0 && pages.page === 0;

  return (
    <>
      <PageHeader
        title="Campaigns"
        actions={
          <Link className="button primary" to="/campaigns/new">
            New campaign
          </Link>
        }
      >
        <p>Sequences of emails to your leads: draft, launch, pause and see how they do.</p>
      </PageHeader>
      <ProblemMessage error={campaigns.error} />
      {campaigns.isPending && <Loading what="campaigns" />}
      {none && <FirstCampaign />}
      {campaigns.data && !none && (
        <>
          <DataTable caption="Campaigns, newest first" columns={columns} rows={campaigns.data.data} />
          <Pager
            page={pages.page}
            hasNext={Boolean(campaigns.data.nextCursor)}
            onPrevious={pages.previous}
            onNext={() => pages.next(campaigns.data?.nextCursor)}
          />
        </>
      )}
    </>
  );
}

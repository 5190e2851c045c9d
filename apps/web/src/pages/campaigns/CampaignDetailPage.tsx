import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { Loading, PageHeader } from '../../ui/Page';
import { closedWindowNotice } from './sending-window-notice';
import { ProblemMessage } from '../../ui/ProblemMessage';
import { CampaignLeadsSection } from './CampaignLeadsSection';
import { CampaignStatsSection, TaskCounts } from './CampaignStatsSection';
import { CampaignStatusBadge } from './CampaignStatus';
import { CampaignSummary } from './CampaignSummary';
import type { Campaign } from './campaign-form';

type Action = 'launch' | 'pause' | 'resume';

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

/** The one life-cycle action each status offers, and what it does (shown beside the button). */
const actions: Record<Campaign['status'], { action: Action; label: string; does: string } | null> = {
  draft: {
    action: 'launch',
    label: 'Launch',
    does: "Schedules every lead's first step into the sending window. It needs a step, a mailbox and a lead.",
  },
  active: {
    action: 'pause',
    label: 'Pause',
    does: 'No new email of the campaign starts sending until you resume; one already being sent still goes.',
  },
  paused: {
    action: 'resume',
    label: 'Resume',
    does: 'Sending starts again: the emails that waited are re-timed into the sending window.',
  },
  completed: null,
};

/** One campaign: status and its action, settings, sequence, leads, emails by status and stats. */
export default function CampaignDetailPage() {
  const id = useParams().campaignId ?? '';
  const queries = useQueryClient();
  const campaign = useQuery({
    queryKey: ['campaign', id],
    queryFn: () => unwrap(api.GET('/api/campaigns/{id}', { params: { path: { id } } })),
  });
  const change = useMutation({
    mutationFn: (action: Action) => {
      const path = { params: { path: { id } } };
      if (action === 'launch') return unwrap(api.POST('/api/campaigns/{id}/launch', path));
      if (action === 'pause') return unwrap(api.POST('/api/campaigns/{id}/pause', path));
      return unwrap(api.POST('/api/campaigns/{id}/resume', path));
    },
    onSuccess: (updated) => {
      queries.setQueryData(['campaign', id], updated);
      void queries.invalidateQueries({ queryKey: ['campaigns'] });
      void queries.invalidateQueries({ queryKey: ['campaign', id, 'task-counts'] });
    },
  });

  if (campaign.error) {
    return (
      <>
        <PageHeader title="Campaign" />
        <ProblemMessage error={campaign.error} />
        <Link to="/campaigns">All campaigns</Link>
      </>
    );
  }
  if (!campaign.data) return <Loading what="the campaign" />;
  const current = campaign.data;
  const next = actions[current.status];

  return (
    <>
      <PageHeader
        title={current.name}
        actions={
          <>
            {current.status !== 'completed' && (
              <Link className="button" to={`/campaigns/${id}/edit`}>
                Edit
              </Link>
            )}
            {next && (
              <button
                type="button"
                className="primary"
                onClick={() => change.mutate(next.action)}
                disabled={change.isPending}
                aria-describedby="next-action"
              >
                {next.label}
              </button>
            )}
          </>
        }
      >
        <p>
          <CampaignStatusBadge status={current.status} /> {plural(current.leadCount, 'lead')},{' '}
          {plural(current.stepCount, 'step')}
          {current.launchedAt && `, launched ${new Date(current.launchedAt).toLocaleString()}`}
        </p>
      </PageHeader>
      {next && (
        <p className="hint" id="next-action">
          {next.label}: {next.does}
        </p>
      )}
      <ProblemMessage error={change.error} />
      {current.status === 'active' && <WindowNotice schedule={current.schedule} />}
      <CampaignSummary campaign={current} />
      <CampaignLeadsSection campaign={current} />
      <section className="card" aria-labelledby="emails-heading">
        <h2 id="emails-heading">Emails</h2>
        <TaskCounts campaignId={id} />
      </section>
      <CampaignStatsSection campaignId={id} timeZone={current.schedule.timeZone ?? ''} />
    </>
  );
}

/** Why an active campaign sends nothing now, when its own schedule is the reason. */
function WindowNotice({ schedule }: { schedule: Parameters<typeof closedWindowNotice>[0] }) {
  const notice = closedWindowNotice(schedule, new Date());
  return notice ? (
    <p className="notice" role="status">
      {notice}
    </p>
  ) : null;
}

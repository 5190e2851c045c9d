import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { ProblemMessage } from '../../ui/ProblemMessage';
import { weekdays, type Campaign } from './campaign-form';
import { splitDelay } from './sequence-editor';

const sendToLabels: Record<Campaign['sendTo'], string> = {
  any: 'every lead',
  safe: 'leads verified valid',
  'safe+risky': 'leads verified valid or risky',
  custom: 'leads in the listed verification statuses',
};

function scheduleText({ schedule }: Campaign): string {
  const days = schedule.days?.length
    ? weekdays
        .filter((d) => schedule.days?.includes(d.value))
        .map((d) => d.label)
        .join(', ')
    : 'Every day';
  const window =
    schedule.windowStart && schedule.windowEnd ? `${schedule.windowStart}–${schedule.windowEnd}` : 'any time';
  const zone = schedule.useRecipientTimeZone
    ? `the lead's time zone when known, else ${schedule.timeZone || 'UTC'}`
    : schedule.timeZone || 'UTC';
  return `${days}, ${window}, ${zone}`;
}

function delayText(minutes: number, first: boolean): string {
  const { days, hours, minutes: rest } = splitDelay(minutes);
  const parts = [
    days && `${days} day${days === 1 ? '' : 's'}`,
    hours && `${hours} h`,
    rest && `${rest} min`,
  ].filter(Boolean);
  if (parts.length === 0) return first ? 'As soon as the lead joins' : 'Right after the previous step';
  return `${parts.join(' ')} after ${first ? 'the lead joins' : 'the previous step'}`;
}

/** What the campaign is set to do: its settings and its sequence, read-only. */
export function CampaignSummary({ campaign }: { campaign: Campaign }) {
  const steps = useQuery({
    queryKey: ['campaign', campaign.id, 'steps'],
    queryFn: () => unwrap(api.GET('/api/campaigns/{id}/steps', { params: { path: { id: campaign.id } } })),
  });
  const criteria = campaign.targetCriteria;
  return (
    <section className="card" aria-labelledby="summary-heading">
      <h2 id="summary-heading">Settings</h2>
      {campaign.description && <p>{campaign.description}</p>}
      <dl className="summary">
        <dt>Schedule</dt>
        <dd>{scheduleText(campaign)}</dd>
        <dt>Mailboxes</dt>
        <dd>{campaign.mailboxIds.length === 0 ? 'None yet' : `${campaign.mailboxIds.length} mailbox(es)`}</dd>
        <dt>Daily cap</dt>
        <dd>
          {campaign.dailyCap === 0
            ? 'None (the mailboxes’ own caps apply)'
            : `${campaign.dailyCap} emails a day`}
        </dd>
        <dt>Sends to</dt>
        <dd>
          {sendToLabels[campaign.sendTo]}
          {campaign.sendTo === 'custom' && ` (${criteria.verificationStatuses?.join(', ')})`}
        </dd>
        <dt>Target criteria</dt>
        <dd>
          {[
            criteria.tags?.length ? `tags ${criteria.tags.join(', ')}` : '',
            criteria.company ? `company ${criteria.company}` : '',
            criteria.query ? `containing “${criteria.query}”` : '',
          ]
            .filter(Boolean)
            .join('; ') || 'Any lead'}
        </dd>
        <dt>On reply</dt>
        <dd>{campaign.stopOnReply ? "The lead's sequence stops" : 'The sequence goes on'}</dd>
        <dt>Tracking</dt>
        <dd>
          {[campaign.trackOpens && 'opens', campaign.trackClicks && 'clicks'].filter(Boolean).join(' and ') ||
            'Off'}
        </dd>
      </dl>
      <h3>Sequence</h3>
      <ProblemMessage error={steps.error} />
      {steps.data && steps.data.data.length === 0 && (
        <p>No step yet: edit the campaign to write its emails.</p>
      )}
      {steps.data && steps.data.data.length > 0 && (
        <ol className="sequence-summary">
          {steps.data.data.map((step, index) => (
            <li key={step.id}>
              <strong>{step.subject || '(no subject)'}</strong> — {delayText(step.delayMinutes, index === 0)}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

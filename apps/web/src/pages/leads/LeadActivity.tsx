import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { Badge, Loading } from '../../ui/Page';
import { ProblemMessage } from '../../ui/ProblemMessage';
import { Time } from '../../ui/Time';
import { statusLabel, statusTone } from '../deliveries/delivery-statuses';
import { useResourceNames } from '../deliveries/use-resource-names';

const replyKinds: Record<string, string> = {
  reply: 'Reply',
  'auto-reply': 'Auto-reply',
  'unsubscribe-request': 'Unsubscribe request',
  bounce: 'Bounce',
  complaint: 'Complaint',
  unrelated: 'Other',
};

/**
 * What a lead has been through: the campaigns that wrote to it, each email (delivery) with its
 * status (bounces included), and its replies and unsubscribe requests. The newest 100 of each.
 */
export function LeadActivity({ leadId }: { leadId: string }) {
  const deliveries = useQuery({
    queryKey: ['leads', 'deliveries', leadId],
    queryFn: () =>
      unwrap(api.GET('/api/deliveries', { params: { query: { clientId: leadId, limit: 100 } } })),
  });
  const replies = useQuery({
    queryKey: ['leads', 'replies', leadId],
    queryFn: () =>
      unwrap(api.GET('/api/leads/{id}/replies', { params: { path: { id: leadId }, query: { limit: 100 } } })),
  });
  const sent = deliveries.data?.data ?? [];
  const campaignIds = [
    ...new Set(sent.flatMap((delivery) => (delivery.campaignId ? [delivery.campaignId] : []))),
  ];
  const names = useResourceNames(campaignIds, []);

  return (
    <>
      <section className="card" aria-labelledby="lead-campaigns">
        <h2 id="lead-campaigns">Campaigns</h2>
        {deliveries.isPending && <Loading what="campaigns" />}
        {deliveries.isSuccess && campaignIds.length === 0 && (
          <p>No campaign has written to this lead yet. Select it on the Leads page to add it to one.</p>
        )}
        <ul>
          {campaignIds.map((id) => (
            <li key={id}>
              <Link to={`/campaigns/${id}`}>{names.campaign(id) ?? 'A campaign'}</Link>
            </li>
          ))}
        </ul>
      </section>
      <section className="card" aria-labelledby="lead-emails">
        <h2 id="lead-emails">Emails sent</h2>
        <ProblemMessage error={deliveries.error} />
        {deliveries.isSuccess && sent.length === 0 && <p>No email to this lead yet.</p>}
        {sent.length > 0 && (
          <div className="table-wrap">
            <table className="compact">
              <caption className="visually-hidden">Emails sent to this lead</caption>
              <thead>
                <tr>
                  <th scope="col">Subject</th>
                  <th scope="col">Campaign</th>
                  <th scope="col">Status</th>
                  <th scope="col">Sent</th>
                </tr>
              </thead>
              <tbody>
                {sent.map((delivery) => (
                  <tr key={delivery.id}>
                    <td>{delivery.subject || '(no subject)'}</td>
                    <td>
                      {delivery.campaignId ? (names.campaign(delivery.campaignId) ?? '—') : 'Sent by the API'}
                    </td>
                    <td>
                      <Badge tone={statusTone(delivery.status)}>{statusLabel(delivery.status)}</Badge>
                      {delivery.lastError && <span className="hint"> {delivery.lastError}</span>}
                    </td>
                    <td>
                      <Time iso={delivery.sentAt ?? delivery.scheduledAt} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="card" aria-labelledby="lead-events">
        <h2 id="lead-events">Replies and unsubscribes</h2>
        <ProblemMessage error={replies.error} />
        {replies.isSuccess && replies.data.data.length === 0 && <p>Nothing has come back from this lead.</p>}
        <ul className="card-list">
          {(replies.data?.data ?? []).map((message) => (
            <li key={message.id}>
              <Badge tone={message.kind === 'reply' ? 'good' : 'warn'}>
                {replyKinds[message.kind] ?? message.kind}
              </Badge>{' '}
              <strong>{message.subject || '(no subject)'}</strong> <Time iso={message.receivedAt} />
              <p>{message.snippet}</p>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

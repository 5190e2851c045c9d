import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { useSignedIn } from '../../session/session';
import { PageHeader } from '../../ui/Page';
import { ProblemMessage } from '../../ui/ProblemMessage';

interface Step {
  done: boolean | undefined;
  title: string;
  detail: string;
  to: string;
  action: string;
}

/**
 * Where a new workspace starts: the path from nothing to a launched campaign, each step ticked off
 * from what the workspace holds (one item asked of each list), each with the page that does it.
 */
export function HomePage() {
  const session = useSignedIn();
  const first = { params: { query: { limit: 1 } } } as const;
  const mailboxes = useQuery({
    queryKey: ['home', 'mailboxes'],
    queryFn: () => unwrap(api.GET('/api/mailboxes', first)),
  });
  const leads = useQuery({
    queryKey: ['home', 'leads'],
    queryFn: () => unwrap(api.GET('/api/leads', first)),
  });
  const campaigns = useQuery({
    queryKey: ['home', 'campaigns'],
    queryFn: () => unwrap(api.GET('/api/campaigns', first)),
  });
  const caught = useQuery({
    queryKey: ['home', 'caught'],
    queryFn: () => unwrap(api.GET('/api/caught-messages', first)),
  });
  const has = (answer: { data: unknown[] } | undefined) => (answer ? answer.data.length > 0 : undefined);
  const launched = campaigns.data?.data.some((campaign) => campaign.status !== 'draft');

  const steps: Step[] = [
    {
      done: has(mailboxes.data),
      title: 'Add a mailbox',
      detail:
        'The address your emails go out from. Without an SMTP URL, mail is caught here instead of sent.',
      to: '/mailboxes',
      action: 'Add a mailbox',
    },
    {
      done: has(leads.data),
      title: 'Add leads',
      detail: 'One by one, from a CSV file, or found on websites by a scrape.',
      to: '/leads',
      action: 'Add leads',
    },
    {
      done: launched,
      title: 'Create and launch a campaign',
      detail: 'A sequence of emails with the delays between them, sent inside your sending window.',
      to: '/campaigns/new',
      action: 'Create a campaign',
    },
    {
      done: has(caught.data),
      title: 'See what was sent',
      detail: 'Every email as its recipient sees it, headers included.',
      to: '/caught-mail',
      action: 'Open caught mail',
    },
  ];
  const error = mailboxes.error ?? leads.error ?? campaigns.error ?? caught.error;

  return (
    <>
      <PageHeader title="Home">
        <p>Workspace {session.workspace.name}</p>
      </PageHeader>
      <ProblemMessage error={error} />
      <section aria-labelledby="getting-started">
        <h2 id="getting-started">Getting started</h2>
        <ol className="checklist">
          {steps.map((step) => (
            <li key={step.title} className={step.done ? 'done' : undefined}>
              <span className="check" aria-hidden="true">
                {step.done ? '✓' : '○'}
              </span>
              <div>
                <h3>
                  {step.title}
                  {step.done && <span className="visually-hidden"> (done)</span>}
                </h3>
                <p>{step.detail}</p>
                <Link to={step.to}>{step.action}</Link>
              </div>
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}

import { callApi } from '../api-call';
import type { WorkspaceTargets } from './fuzz-targets';

interface Created {
  id: string;
}

/**
 * Creates real resources in a workspace through the API and collects their ids, the delivery ids
 * and an unsubscribe token, so that generated requests reach real rows: leads, a mailbox whose
 * emails are caught (and one sending to the loopback SMTP sink), a launched campaign with two
 * steps, a draft campaign, one email sent, suppressions. Every kind has a spare after the first,
 * for DELETE requests. Throws when the platform refuses one: the run would test nothing.
 */
export async function createWorkspaceTargets(
  baseUrl: string,
  key: string,
  smtpSinkPort: number,
): Promise<WorkspaceTargets> {
  const call = <T = Created>(method: string, path: string, body?: unknown) =>
    callApi<T>(baseUrl, key, method, path, body);
  const id = async (path: string, body?: unknown) => (await call('POST', path, body)).id;
  const tag = key
    .slice(-6)
    .replace(/[^A-Za-z0-9]/g, 'x')
    .toLowerCase();
  const address = (name: string) => `${name}-${tag}@example.com`;

  const leads: string[] = [];
  for (const [name, company] of [
    ['ada', 'Engines'],
    ['bob', 'Acme'],
    ['cy', 'Acme'],
  ] as const) {
    leads.push(
      await id('/api/leads', {
        email: address(name),
        firstName: name,
        company,
        tags: ['fuzz'],
        customFields: { plan: 'pro' },
      }),
    );
  }
  const mailboxes = [
    await id('/api/mailboxes', { name: 'Caught', fromAddress: address('me') }),
    await id('/api/mailboxes', { name: 'Spare', fromAddress: address('spare') }),
  ];
  // A mailbox that sends to the loopback sink, where the platform allows SMTP to loopback (npm
  // start does by default; SMTP_ALLOWED_PRIVATE_CIDRS may say otherwise).
  const sink = await id('/api/mailboxes', {
    name: 'Sink',
    fromAddress: address('sink'),
    smtpUrl: `smtp://127.0.0.1:${smtpSinkPort}`,
  }).catch(() => undefined);
  if (sink) mailboxes.push(sink);
  const campaign = await id('/api/campaigns', { name: 'Fuzz', mailboxIds: mailboxes });
  const steps = [
    await id(`/api/campaigns/${campaign}/steps`, {
      subject: 'Hi {{first_name | "there"}}',
      textBody: 'From {{company}}',
    }),
    await id(`/api/campaigns/${campaign}/steps`, {
      delayMinutes: 4320,
      subject: 'Re: Hi',
      textBody: 'Following up.',
    }),
  ];
  const draft = await id('/api/campaigns', { name: 'Draft', mailboxIds: [mailboxes[0]] });
  await call('POST', `/api/campaigns/${campaign}/leads`, { clientIds: leads });
  await call('POST', `/api/campaigns/${campaign}/launch`);
  const send = await id('/api/email/send', {
    clientId: leads[0],
    mailboxId: mailboxes[0],
    subject: 'One',
    textBody: 'Once',
  });
  const suppressedEmails = [address('suppressed'), address('suppressed-too')];
  for (const email of suppressedEmails) await call('POST', '/api/suppressions', { email, reason: 'manual' });

  // The launch and the send are carried out in the background; wait (bounded) for what they leave.
  const deadline = Date.now() + 60_000;
  let deliveries: string[] = [];
  let unsubscribeTokens: string[] = [];
  while (Date.now() < deadline && (deliveries.length === 0 || unsubscribeTokens.length === 0)) {
    deliveries = (await call<{ data: Created[] }>('GET', '/api/deliveries?limit=20')).data.map((d) => d.id);
    type Caught = { data: { headers?: { name: string; value: string }[] }[] };
    unsubscribeTokens = (await call<Caught>('GET', '/api/caught-messages?limit=20')).data.flatMap((message) =>
      (message.headers ?? [])
        .filter((header) => header.name.toLowerCase() === 'list-unsubscribe')
        .flatMap((header) => /\/unsubscribe\/([A-Za-z0-9_.-]+)/.exec(header.value)?.[1] ?? []),
    );
    if (deliveries.length === 0 || unsubscribeTokens.length === 0) {
      await new Promise((settle) => setTimeout(settle, 250));
    }
  }
  return {
    key,
    leads,
    mailboxes,
    campaigns: [campaign, draft],
    steps,
    sends: [send],
    deliveries,
    suppressedEmails,
    unsubscribeTokens,
  };
}

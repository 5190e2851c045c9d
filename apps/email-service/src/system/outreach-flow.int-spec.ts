// The outreach loop end to end in connected mode: REST → gateway → Campaign service → Kafka →
// Email service → real SMTP (a recording sink on loopback) → events back to the Campaign service.
import { startSmtpSink, waitFor, type SmtpSink } from '@coldreach/testing';
import { startOutreachStack, type OutreachStack } from '../../test/system/outreach-stack';

/** The fields these tests read from the API's JSON answers. */
interface ApiBody {
  id: string;
  status: string;
  data: ApiBody[];
  subject: string;
  headers: { name: string; value: string }[];
}

jest.setTimeout(180_000);

describe('the outreach loop on real Kafka, PostgreSQL, Redis and SMTP', () => {
  let stack: OutreachStack;
  let sink: SmtpSink;

  beforeAll(async () => {
    sink = await startSmtpSink();
    stack = await startOutreachStack();
  });
  afterAll(async () => {
    await stack?.stop();
    await sink?.close();
  });

  const json = (response: { body: string }) => JSON.parse(response.body) as ApiBody;

  async function createMailbox(): Promise<string> {
    const mailbox = await stack.call('POST', '/api/mailboxes', {
      name: 'Sales',
      fromName: 'Ada from Acme',
      fromAddress: 'ada@acme.test',
      smtpUrl: sink.url,
    });
    expect(mailbox.statusCode).toBe(201);
    expect(mailbox.body).not.toContain(sink.url);
    return json(mailbox).id as string;
  }

  it('sends a two-step sequence in order, personalised, with unsubscribe headers, and records it as sent', async () => {
    const lead = await stack.call('POST', '/api/leads', {
      email: 'grace@hopper.test',
      firstName: 'Grace',
      company: 'Navy',
    });
    expect(lead.statusCode).toBe(201);
    const mailboxId = await createMailbox();
    const campaign = json(
      await stack.call('POST', '/api/campaigns', { name: 'Launch', mailboxIds: [mailboxId] }),
    );
    for (const [subject, textBody] of [
      ['Hello {{first_name}}', 'Hi {{first_name}}, how is {{company}}?'],
      ['Re: Hello {{first_name}}', 'Following up, {{first_name | "friend"}}.'],
    ]) {
      const step = await stack.call('POST', `/api/campaigns/${campaign.id}/steps`, { subject, textBody });
      expect(step.statusCode).toBe(201);
    }
    expect(
      (await stack.call('POST', `/api/campaigns/${campaign.id}/leads`, { clientIds: [json(lead).id] }))
        .statusCode,
    ).toBe(200);
    expect((await stack.call('POST', `/api/campaigns/${campaign.id}/launch`)).statusCode).toBe(200);

    await sink.waitForCount(2, 60_000);
    const [first, second] = sink.messages.filter((message) =>
      message.envelope.to.includes('grace@hopper.test'),
    );
    expect(first!.subject).toBe('Hello Grace');
    expect(first!.text).toContain('Hi Grace, how is Navy?');
    expect(second!.subject).toBe('Re: Hello Grace');
    expect(second!.receivedAt).toBeGreaterThanOrEqual(first!.receivedAt);
    // The follow-up threads under the first email.
    expect(second!.headers.get('in-reply-to')).toBe(first!.messageId);
    for (const message of [first!, second!]) {
      expect(message.headers.get('list-unsubscribe')).toMatch(
        /^<http:\/\/127\.0\.0\.1:8080\/unsubscribe\/[\w.-]+>$/,
      );
      expect(message.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
      expect(message.envelope.from).toBe('ada@acme.test');
    }

    const tasks = await waitFor(
      async () => {
        const page = json(await stack.call('GET', `/api/campaigns/${campaign.id}/tasks`));
        const data = page.data as { status: string; id: string }[];
        return data.length === 2 && data.every((task) => task.status === 'sent') ? data : undefined;
      },
      { timeoutMs: 60_000, what: 'both tasks to be sent' },
    );
    for (const task of tasks)
      expect(json(await stack.call('GET', `/api/status/${task.id}`)).status).toBe('sent');
    await waitFor(
      async () => json(await stack.call('GET', `/api/campaigns/${campaign.id}`)).status === 'completed',
      { timeoutMs: 30_000, what: 'the campaign to complete' },
    );
  });

  it('POST /email/send answers 202 with an id whose status becomes sent', async () => {
    const lead = json(
      await stack.call('POST', '/api/leads', { email: 'alan@turing.test', firstName: 'Alan' }),
    );
    const mailboxId = await createMailbox();
    const accepted = await stack.call('POST', '/email/send', {
      clientId: lead.id,
      mailboxId,
      subject: 'Quick question, {{first_name}}',
      textBody: 'Do you have a minute?',
    });
    expect(accepted.statusCode).toBe(202);
    const { id } = json(accepted);
    expect(accepted.headers.location).toBe(`/api/status/${id}`);
    await waitFor(async () => json(await stack.call('GET', `/api/status/${id}`)).status === 'sent', {
      timeoutMs: 60_000,
      what: 'the email to be sent',
    });
    const delivered = sink.messages.filter((message) => message.envelope.to.includes('alan@turing.test'));
    expect(delivered.map((message) => message.subject)).toEqual(['Quick question, Alan']);
  });
});

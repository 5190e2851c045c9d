// Issue 16: one trace from `POST /api/campaigns/:id/launch` to the SMTP conversation, across the
// gateway, the Campaign service (its hand-over worker and BatchGetClients to the Client service),
// the outbox and its relay, a real Kafka broker, the Email service's consumer and its delivery
// worker — read back from an in-memory exporter.
import { SpanKind } from '@opentelemetry/api';
import { startTestTracing, type TestTracing } from '@coldreach/observability';
import { startSmtpSink, waitFor, type SmtpSink } from '@coldreach/testing';
import { startOutreachStack, type OutreachStack } from '../../test/system/outreach-stack';

jest.setTimeout(180_000);

describe('one trace from a campaign launch to its SMTP send (real Kafka, PostgreSQL, SMTP)', () => {
  let tracing: TestTracing;
  let stack: OutreachStack;
  let sink: SmtpSink;

  beforeAll(async () => {
    // Before the stack: Fastify instances are instrumented as they are created.
    tracing = startTestTracing();
    sink = await startSmtpSink();
    stack = await startOutreachStack();
  });
  afterAll(async () => {
    await stack?.stop();
    await sink?.close();
    await tracing?.shutdown();
  });

  const json = (response: { body: string }) => JSON.parse(response.body) as { id: string };

  it('carries the launch request trace id through every hop of the flow', async () => {
    const lead = json(
      await stack.call('POST', '/api/leads', { email: 'ada@lovelace.test', firstName: 'Ada' }),
    );
    const mailbox = json(
      await stack.call('POST', '/api/mailboxes', {
        name: 'Sales',
        fromName: 'Grace',
        fromAddress: 'grace@acme.test',
        smtpUrl: sink.url,
      }),
    );
    const campaign = json(
      await stack.call('POST', '/api/campaigns', { name: 'Traced', mailboxIds: [mailbox.id] }),
    );
    await stack.call('POST', `/api/campaigns/${campaign.id}/steps`, {
      subject: 'Hi {{first_name}}',
      textBody: 'Hello',
    });
    await stack.call('POST', `/api/campaigns/${campaign.id}/leads`, { clientIds: [lead.id] });
    tracing.reset();

    expect((await stack.call('POST', `/api/campaigns/${campaign.id}/launch`)).statusCode).toBe(200);
    await sink.waitForCount(1, 60_000);

    const launch = tracing
      .spans()
      .find(
        (span) =>
          span.kind === SpanKind.SERVER && span.attributes['http.route'] === '/api/campaigns/:id/launch',
      );
    expect(launch).toBeDefined();
    const traceId = launch!.spanContext().traceId;
    // The SMTP span ends once the sink answered; the outcome's write may still be running.
    const smtp = await waitFor(() => tracing.spans().find((span) => span.name === 'smtp send'), {
      timeoutMs: 30_000,
      what: 'the smtp send span',
    });
    // Every hop, in order, with its kind.
    const hops: [string, SpanKind][] = [
      ['coldreach.campaigns.v1.CampaignService/LaunchCampaign', SpanKind.CLIENT],
      ['coldreach.campaigns.v1.CampaignService/LaunchCampaign', SpanKind.SERVER],
      ['campaign hand-over', SpanKind.INTERNAL],
      ['coldreach.clients.v1.ClientService/BatchGetClients', SpanKind.CLIENT],
      ['coldreach.clients.v1.ClientService/BatchGetClients', SpanKind.SERVER],
      ['email.commands publish', SpanKind.PRODUCER],
      ['email.commands receive', SpanKind.CONSUMER],
      ['smtp send', SpanKind.CLIENT],
    ];
    // A span is exported when it ends, which for the hand-over may come a moment after the send.
    const ended = (name: string, kind: SpanKind) =>
      tracing.spans().some((span) => span.name === name && span.kind === kind);
    await waitFor(() => hops.every(([name, kind]) => ended(name, kind)), { timeoutMs: 30_000 }).catch(
      () => undefined, // the assertion below names what is missing
    );
    const spans = tracing.spans();
    const named = (name: string, kind: SpanKind) =>
      spans.filter((span) => span.name === name && span.kind === kind);
    const seen = (name: string, kind: SpanKind) => {
      const found = named(name, kind);
      // Every span of the flow has the launch request's trace id.
      return {
        name,
        kind: SpanKind[kind],
        traceIds: [...new Set(found.map((span) => span.spanContext().traceId))],
      };
    };
    expect(hops.map(([name, kind]) => seen(name, kind))).toEqual(
      hops.map(([name, kind]) => ({ name, kind: SpanKind[kind], traceIds: [traceId] })),
    );

    // The links between hops are parent → child, not only the same trace id.
    const byId = new Map(spans.map((span) => [span.spanContext().spanId, span]));
    const ancestry = (span: (typeof spans)[number]): string[] => {
      const names: string[] = [];
      for (
        let at = byId.get(span.parentSpanContext?.spanId ?? '');
        at;
        at = byId.get(at.parentSpanContext?.spanId ?? '')
      )
        names.push(at.name);
      return names;
    };
    expect(ancestry(smtp)).toEqual(
      expect.arrayContaining(['email.commands publish', 'campaign hand-over', 'request']),
    );
    expect(smtp.attributes).toMatchObject({
      'coldreach.smtp.outcome': 'sent',
      'coldreach.smtp.reply_code': 250,
    });
    // Nothing about the message or the server's credentials is on any span.
    const recorded = JSON.stringify(spans.map((span) => [span.name, span.attributes, span.status]));
    for (const secret of [sink.url, 'Hello', 'ada@lovelace.test']) expect(recorded).not.toContain(secret);
  });
});

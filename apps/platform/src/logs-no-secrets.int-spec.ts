import { randomBytes } from 'node:crypto';
import { startTestTracing, type TestTracing } from '@coldreach/observability';
import { freePort, startSmtpSink, waitFor, type SmtpSink } from '@coldreach/testing';
import { startTestPlatform, type TestPlatform } from './test/start-test-platform';

jest.setTimeout(240_000);

type Json = Record<string, unknown>;

// Unique, greppable values: none of them may appear in any log line.
const mark = (name: string) => `${name}${randomBytes(6).toString('hex')}`;
const smtpUser = mark('smtpuser');
const smtpPassword = mark('SmtpPw');
const imapPassword = mark('ImapPw');
const subjectMark = mark('SubjectMark');
const textMark = mark('TextBodyMark');
const htmlMark = mark('HtmlBodyMark');
const sendSubjectMark = mark('SendSubjectMark');
const sendBodyMark = mark('SendBodyMark');
const plantedKey = `crk_${randomBytes(32).toString('base64url').slice(0, 43)}`;
const queryKey = mark('QueryKey');
const queryPassword = mark('QueryPw');
const refusedPassword = mark('RefusedPw');
const testedPassword = mark('TestedPw');

/**
 * The logs of a full flow, captured at debug level from every service of the embedded platform: a
 * mailbox with credentials, a campaign whose step has a subject and bodies, its launch and send,
 * an unsubscribe, and requests refused for a bad key, secrets in a query string and in a body.
 * No planted secret, key, SMTP/IMAP URL, token, subject or body may appear in any line; every line
 * names its service, and lines logged while serving a request carry its trace and workspace.
 */
describe('the logs of a full flow', () => {
  let tracing: TestTracing;
  let test: TestPlatform;
  // A mail server that checks the planted credentials: the password really is used, and sent.
  let sink: SmtpSink;
  const lines: string[] = [];

  beforeAll(async () => {
    // The services' own tracing, as instrument.ts starts it, exporting to memory.
    tracing = startTestTracing('coldreach');
    sink = await startSmtpSink({ credentials: { user: smtpUser, pass: smtpPassword } });
    test = await startTestPlatform({
      logLevel: 'debug',
      logDestination: { write: (line: string) => void lines.push(line) },
    });
  });
  afterAll(async () => {
    await test?.stop();
    await sink?.close();
    await tracing?.shutdown();
  });

  const call = async (method: string, path: string, body?: unknown, key: string = test.a.key) => {
    const response = await fetch(`${test.gatewayUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as Json };
  };

  it('hold no secret, key, URL, token, subject or body, and carry service, trace and workspace', async () => {
    const closedPort = await freePort();
    const smtpUrl = `smtp://${smtpUser}:${smtpPassword}@127.0.0.1:${sink.port}`;
    const imapUrl = `imap://${smtpUser}:${imapPassword}@127.0.0.1:${closedPort}`;
    const mailbox = await call('POST', '/api/mailboxes', {
      name: 'Planted',
      fromName: 'Ann',
      fromAddress: 'ann@example.com',
      smtpUrl,
      imapUrl,
    });
    expect(mailbox.status).toBe(201);
    const lead = await call('POST', '/api/leads', { email: 'grace@example.com', firstName: 'Grace' });
    expect(lead.status).toBe(201);
    const campaign = await call('POST', '/api/campaigns', { name: 'Planted', mailboxIds: [mailbox.body.id] });
    expect(campaign.status).toBe(201);
    const campaignId = String(campaign.body.id);
    const step = await call('POST', `/api/campaigns/${campaignId}/steps`, {
      subject: `Hi {{first_name}} ${subjectMark}`,
      textBody: `Hello {{first_name}}, ${textMark}`,
      htmlBody: `<p>Hello {{first_name}}, ${htmlMark}</p>`,
    });
    expect(step.status).toBe(201);
    expect(
      (await call('POST', `/api/campaigns/${campaignId}/leads`, { clientIds: [lead.body.id] })).status,
    ).toBe(200);
    expect((await call('POST', `/api/campaigns/${campaignId}/launch`)).status).toBe(200);
    const sent = await call('POST', '/email/send', {
      clientId: lead.body.id,
      mailboxId: mailbox.body.id,
      subject: `One more ${sendSubjectMark}`,
      textBody: `Just this once ${sendBodyMark}`,
    });
    expect(sent.status).toBe(202);

    // The planted subject and bodies did travel: the SMTP sink received them.
    await sink.waitForCount(2, 120_000);
    const received = sink.messages;
    const stepMessage = received.find((message) => message.subject.includes(subjectMark));
    expect(stepMessage?.text).toContain(textMark);
    expect(stepMessage?.html).toContain(htmlMark);
    expect(received.some((message) => message.text.includes(sendBodyMark))).toBe(true);

    // The unsubscribe link of the email: its token is a credential too.
    const unsubscribeUrl = /<(http[^>]+\/unsubscribe\/[^>]+)>/.exec(
      stepMessage?.headers.get('list-unsubscribe') ?? '',
    )?.[1];
    expect(unsubscribeUrl).toBeDefined();
    // The link names the configured port (0 in tests): the path is what matters.
    const unsubscribePath = new URL(unsubscribeUrl!).pathname;
    const unsubscribeToken = unsubscribePath.split('/').pop()!;
    expect((await fetch(`${test.gatewayUrl}${unsubscribePath}`)).status).toBe(200);

    // Refusals: a planted key, secrets in a query string, a refused body, a failing connection test.
    expect((await call('GET', '/api/leads', undefined, plantedKey)).status).toBe(401);
    const queried = await call('GET', `/api/leads?api_key=${queryKey}&password=${queryPassword}`);
    expect([200, 400]).toContain(queried.status);
    const refused = await call('POST', '/api/mailboxes', {
      name: '',
      fromAddress: 'ann@example.com',
      smtpUrl: `smtp://ann:${refusedPassword}@127.0.0.1:${closedPort}`,
    });
    expect(refused.status).toBe(400);
    const tested = await call('POST', '/api/mailboxes/test', {
      smtpUrl: `smtp://ann:${testedPassword}@127.0.0.1:${closedPort}`,
    });
    expect(tested.body.ok).toBe(false);

    // The inbox reader has tried the IMAP URL by now or soon: wait until it said so in a log line.
    await waitFor(() => lines.some((line) => /"msg":"[^"]*inbox/i.test(line)), {
      timeoutMs: 60_000,
      what: 'a log line about reading the inbox',
    });

    const planted = {
      smtpUrl,
      imapUrl,
      smtpUser,
      smtpPassword,
      imapPassword,
      subjectMark,
      textMark,
      htmlMark,
      sendSubjectMark,
      sendBodyMark,
      plantedKey: plantedKey.slice(4),
      apiKeyA: test.a.key.slice(4),
      apiKeyB: test.b.key.slice(4),
      queryKey,
      queryPassword,
      refusedPassword,
      testedPassword,
      unsubscribeToken,
    };
    const logged = lines.join('');
    expect(lines.length).toBeGreaterThan(20);
    const leaks = Object.entries(planted).filter(([, value]) => logged.includes(value));
    expect(leaks.map(([name]) => name)).toEqual([]);

    const parsed = lines.map((line) => JSON.parse(line) as Json);
    expect(parsed.filter((line) => typeof line.service !== 'string')).toEqual([]);
    const services = new Set(parsed.map((line) => line.service));
    for (const service of ['gateway', 'campaign-service', 'email-service', 'client-service']) {
      expect(services).toContain(service);
    }
    // The launch's lines carry its trace and the caller's workspace, and its trace goes on in the
    // services' lines: the Campaign service handing the task over, the Email service scheduling it.
    const launchRequest = parsed.find(
      (line) => line.service === 'gateway' && String((line.req as Json | undefined)?.url).endsWith('/launch'),
    );
    const launched = parsed.find(
      (line) => line.reqId === launchRequest?.reqId && line.msg === 'request completed',
    );
    expect(launched).toMatchObject({
      workspace_id: test.a.workspaceId,
      trace_id: expect.stringMatching(/^[0-9a-f]{32}$/),
      span_id: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
    const launchServices = new Set(
      parsed.filter((line) => line.trace_id === launched?.trace_id).map((line) => line.service),
    );
    expect([...launchServices].sort()).toEqual(['campaign-service', 'email-service', 'gateway']);
    for (const line of parsed.filter((line) => line.trace_id !== undefined)) {
      expect(line.span_id).toMatch(/^[0-9a-f]{16}$/);
    }
  });
});

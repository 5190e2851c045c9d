// POST /email/send through the real Email service: 202 with an id, the worker sends it to the
// catcher (no SMTP URL anywhere), GET /api/status/:id follows it to `sent`, and the caught message
// and the delivery are listed.
import { waitFor } from '@coldreach/testing';
import { startGatewayHarness, type GatewayHarness, type Tenant } from '../test/gateway-harness';

jest.setTimeout(60_000);

let h: GatewayHarness;
beforeAll(async () => {
  h = await startGatewayHarness({ outreach: true });
}, 120_000);
afterAll(() => h?.close());

interface Setup {
  t: Tenant;
  clientId: string;
  mailboxId: string;
}

async function setup(email = 'ada@example.com'): Promise<Setup> {
  const t = await h.tenant();
  const lead = await h.call('POST', '/api/leads', {
    key: t.key,
    body: { email, firstName: 'Ada', company: 'Engines' },
  });
  expect(lead.statusCode).toBe(201);
  const mailbox = await h.call('POST', '/api/mailboxes', {
    key: t.key,
    body: { name: 'Sales', fromName: 'Sales Team', fromAddress: 'sales@sender.example' },
  });
  expect(mailbox.statusCode).toBe(201);
  return { t, clientId: lead.json<{ id: string }>().id, mailboxId: mailbox.json<{ id: string }>().id };
}

const statusOf = async (t: Tenant, id: string) =>
  (await h.call('GET', `/api/status/${id}`, { key: t.key })).json<{ status: string }>();

describe('POST /email/send', () => {
  it('answers 202 with the id, then the status becomes sent and the caught message is listed', async () => {
    const { t, clientId, mailboxId } = await setup();
    const sent = await h.call('POST', '/email/send', {
      key: t.key,
      body: {
        clientId,
        mailboxId,
        subject: 'Hello {{first_name}}',
        textBody: 'Hi {{first_name | "there"}} at {{company}}',
      },
    });
    expect(sent.statusCode).toBe(202);
    const { id, status } = sent.json<{ id: string; status: string }>();
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(['scheduled', 'pending', 'claimed', 'sending', 'sent']).toContain(status);
    expect(sent.headers.location).toBe(`/api/status/${id}`);

    const final = await waitFor(
      async () => {
        const current = await statusOf(t, id);
        return current.status === 'sent' ? current : undefined;
      },
      { timeoutMs: 30_000, what: 'the email to be sent' },
    );
    expect(final).toMatchObject({
      id,
      status: 'sent',
      clientId,
      mailboxId,
      campaignId: null,
      stepId: null,
      messageId: expect.stringContaining('@'),
      sentAt: expect.any(String),
    });

    const caught = await h.call('GET', `/api/caught-messages?deliveryId=${id}`, { key: t.key });
    expect(caught.statusCode).toBe(200);
    const [message, ...rest] = caught.json<{
      data: { subject: string; textBody: string; envelopeTo: string[]; headers: { name: string }[] }[];
    }>().data;
    expect(rest).toEqual([]);
    expect(message).toMatchObject({
      subject: 'Hello Ada',
      textBody: expect.stringContaining('Hi Ada at Engines'),
      envelopeTo: ['ada@example.com'],
    });
    expect(message?.headers.map((header) => header.name.toLowerCase())).toEqual(
      expect.arrayContaining(['list-unsubscribe', 'list-unsubscribe-post', 'message-id']),
    );
    const byAddress = await h.call('GET', '/api/caught-messages?to=ADA@example.com', { key: t.key });
    expect(byAddress.json<{ data: unknown[] }>().data).toHaveLength(1);

    const delivery = await h.call('GET', `/api/deliveries/${id}`, { key: t.key });
    expect(delivery.statusCode).toBe(200);
    expect(delivery.json()).toMatchObject({
      id,
      status: 'sent',
      toAddress: 'ada@example.com',
      subject: 'Hello Ada',
    });
    const listed = await h.call('GET', '/api/deliveries?status=sent', { key: t.key });
    expect(listed.json<{ data: { id: string }[] }>().data.map((d) => d.id)).toEqual([id]);
    expect((await h.call('GET', '/api/deliveries?status=failed', { key: t.key })).json()).toEqual({
      data: [],
      nextCursor: null,
    });
    // `replied` is a campaign task's status only: a delivery filter naming it is refused, not a 500.
    const replied = await h.call('GET', '/api/deliveries?status=replied', { key: t.key });
    expect(replied.statusCode).toBe(400);
    // Only an unknown delivery may be retried.
    const retry = await h.call('POST', `/api/deliveries/${id}/retry`, { key: t.key });
    expect(retry.statusCode).toBe(409);
    expect(retry.json()).toMatchObject({ type: 'urn:coldreach:problem:failed-precondition' });
  });

  it('is the same route under /api, needs the key, and sends once per Idempotency-Key', async () => {
    const { t, clientId, mailboxId } = await setup('grace@example.com');
    const body = { clientId, mailboxId, subject: 'Once', textBody: 'Only once' };
    expect((await h.call('POST', '/email/send', { key: null, body })).statusCode).toBe(401);
    expect((await h.call('POST', '/api/email/send', { key: null, body })).statusCode).toBe(401);

    const headers = { 'idempotency-key': 'send-grace-1' };
    const first = await h.call('POST', '/api/email/send', { key: t.key, body, headers });
    expect(first.statusCode).toBe(202);
    const again = await h.call('POST', '/api/email/send', { key: t.key, body, headers });
    expect(again.statusCode).toBe(202);
    expect(again.body).toBe(first.body);
    expect(again.headers.location).toBe(first.headers.location);
    expect(again.headers['idempotency-replayed']).toBe('true');
    // The other path is another request for the same key.
    expect((await h.call('POST', '/email/send', { key: t.key, body, headers })).statusCode).toBe(422);

    const { id } = first.json<{ id: string }>();
    await waitFor(async () => (await statusOf(t, id)).status === 'sent', {
      timeoutMs: 30_000,
      what: 'the send',
    });
    // The longest key is fine too (the Email service gets a fixed-length id derived from it).
    const longest = await h.call('POST', '/api/email/send', {
      key: t.key,
      body: { ...body, subject: 'Longest key' },
      headers: { 'idempotency-key': 'k'.repeat(255) },
    });
    expect(longest.statusCode).toBe(202);
    await waitFor(async () => (await statusOf(t, longest.json<{ id: string }>().id)).status === 'sent', {
      timeoutMs: 30_000,
      what: 'the second send',
    });
    const deliveries = await h.call('GET', `/api/deliveries?clientId=${clientId}`, { key: t.key });
    expect(deliveries.json<{ data: unknown[] }>().data).toHaveLength(2);
    const caught = await h.call('GET', '/api/caught-messages?to=grace@example.com', { key: t.key });
    expect(
      caught
        .json<{ data: { subject: string }[] }>()
        .data.map((m) => m.subject)
        .sort(),
    ).toEqual(['Longest key', 'Once']);
  });

  it('names the missing client or mailbox, and every bad field', async () => {
    const { t, clientId, mailboxId } = await setup('missing@example.com');
    const noClient = await h.call('POST', '/email/send', {
      key: t.key,
      body: { clientId: crypto.randomUUID(), mailboxId, subject: 'x', textBody: 'y' },
    });
    expect(noClient.statusCode).toBe(404);
    const noMailbox = await h.call('POST', '/email/send', {
      key: t.key,
      body: { clientId, mailboxId: crypto.randomUUID(), subject: 'x', textBody: 'y' },
    });
    expect(noMailbox.statusCode).toBe(404);

    const invalid = await h.call('POST', '/email/send', {
      key: t.key,
      body: { clientId: 'nope', subject: '', colour: 'red' },
    });
    expect(invalid.statusCode).toBe(400);
    expect(
      invalid
        .json<{ errors: { field: string }[] }>()
        .errors.map((e) => e.field)
        .sort(),
    ).toEqual(['body.clientId', 'body.colour', 'body.mailboxId', 'body.subject'].sort());
    const unknownVariable = await h.call('POST', '/email/send', {
      key: t.key,
      body: { clientId, mailboxId, subject: 'Hi {{frist_name}}', textBody: 'y' },
    });
    expect(unknownVariable.statusCode).toBe(400);
    expect(unknownVariable.json<{ errors: { field: string; message: string }[] }>().errors).toEqual([
      { field: 'body.subject', message: expect.stringContaining('frist_name') },
    ]);
    expect((await h.call('GET', '/api/deliveries', { key: t.key })).json()).toEqual({
      data: [],
      nextCursor: null,
    });
  });
});

describe('GET /api/status/:id', () => {
  it("answers 404 for an id nobody knows, one that is not a UUID, and another workspace's email", async () => {
    const { t, clientId, mailboxId } = await setup('private@example.com');
    const sent = await h.call('POST', '/email/send', {
      key: t.key,
      body: { clientId, mailboxId, subject: 'Private', textBody: 'Private' },
    });
    const { id } = sent.json<{ id: string }>();
    const other = await h.tenant();
    for (const url of [`/api/status/${id}`, `/api/status/${crypto.randomUUID()}`, '/api/status/not-a-uuid']) {
      const response = await h.call('GET', url, { key: other.key });
      expect(response.statusCode).toBe(404);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    for (const url of [`/api/deliveries/${id}`, `/api/caught-messages?deliveryId=${id}`]) {
      const response = await h.call('GET', url, { key: other.key });
      expect(response.statusCode === 404 || response.json<{ data: unknown[] }>().data.length === 0).toBe(
        true,
      );
    }
    expect((await h.call('POST', `/api/deliveries/${id}/retry`, { key: other.key })).statusCode).toBe(404);
    expect((await h.call('GET', `/api/status/${id}`, { key: t.key })).statusCode).toBe(200);
  });
});

// Mailboxes' IMAP settings through the real Email service: an IMAP URL goes in and never comes out
// (no response, no log line), bad ones are refused naming body.imapUrl, the connection tests answer
// what happened, IMAP hosts go through the outbound-address guard, and simulate-reply is refused
// (409) where the Email service reads real inboxes.
import { startTcpCanary, waitFor } from '@coldreach/testing';
import { fieldsOf } from '../test/campaign-json';
import type { GatewayHarness, Tenant } from '../test/gateway-harness';
import { startMailboxGateways, type LoopbackGateway } from '../test/loopback-email-gateway';

jest.setTimeout(60_000);

let h: GatewayHarness;
// The harness's Email service runs in connected mode, nothing internal allowed; `local` allows loopback.
let local: LoopbackGateway;
let stop: (() => Promise<void>) | undefined;
beforeAll(async () => {
  ({ h, local, stop } = await startMailboxGateways());
}, 120_000);
afterAll(() => stop?.());

const password = 'imap-pa55-never-shown';
// Nothing listens on port 1: a connection test fails fast, as an answer.
const imapUrl = `imaps://alice:${password}@127.0.0.1:1`;

const localCall = (t: Tenant, method: string, url: string, body?: unknown) =>
  local.call(t.key, method, url, body);

describe('IMAP settings of a mailbox', () => {
  it('shows host, port and inbox state, never the IMAP URL; an empty URL stops the reading', async () => {
    const t = await h.tenant();
    const bodies: string[] = [];
    const call = async (method: string, url: string, body?: unknown) => {
      const response = await localCall(t, method, url, body);
      bodies.push(response.body);
      return response;
    };
    const created = await call('POST', '/api/mailboxes', {
      name: 'Alice',
      fromAddress: 'alice@sender.example',
      imapUrl,
    });
    expect(created.statusCode).toBe(201);
    const mailbox = created.json<Record<string, unknown> & { id: string }>();
    expect(mailbox).toMatchObject({
      imapHost: '127.0.0.1',
      imapPort: 1,
      inboxReadAt: null,
      inboxError: null,
    });
    expect(Object.keys(mailbox)).not.toContain('imapUrl');

    const url = `/api/mailboxes/${mailbox.id}`;
    expect((await call('PATCH', url, { name: 'Alice B.' })).json()).toMatchObject({ imapHost: '127.0.0.1' });
    const tested = await call('POST', `${url}/test-imap`);
    expect(tested.statusCode).toBe(200);
    expect(tested.json()).toEqual({ ok: false, detail: expect.any(String), latencyMs: expect.any(Number) });
    const testedUrl = await call('POST', '/api/mailboxes/test-imap', { imapUrl });
    expect(testedUrl.statusCode).toBe(200);
    expect(testedUrl.json()).toMatchObject({ ok: false });

    const cleared = await call('PATCH', url, { imapUrl: '' });
    expect(cleared.statusCode).toBe(200);
    expect(cleared.json()).toMatchObject({ imapHost: null, imapPort: null });
    for (const body of bodies) {
      expect(body).not.toContain(password);
      expect(body).not.toContain('imaps://');
    }
    expect(h.logs.join('\n')).not.toContain(password);
  });

  it('refuses a malformed IMAP URL naming body.imapUrl, without echoing it', async () => {
    const t = await h.tenant();
    const cases: [string, string, unknown][] = [
      [
        'POST',
        '/api/mailboxes',
        { name: 'x', fromAddress: 'x@sender.example', imapUrl: `smtp://a:${password}@h` },
      ],
      [
        'POST',
        '/api/mailboxes',
        { name: 'x', fromAddress: 'x@sender.example', imapUrl: `imaps://a:${password}@` },
      ],
      ['POST', '/api/mailboxes/test-imap', { imapUrl: `https://a:${password}@h` }],
      ['POST', '/api/mailboxes/test-imap', { imapUrl: '' }],
      ['POST', '/api/mailboxes/test-imap', {}],
    ];
    for (const [method, url, body] of cases) {
      const refused = await localCall(t, method, url, body);
      expect({ body, status: refused.statusCode, fields: fieldsOf(refused) }).toEqual({
        body,
        status: 400,
        fields: ['body.imapUrl'],
      });
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect(refused.body).not.toContain(password);
    }
    const mailboxId = await h.createMailbox(t);
    const patched = await h.call('PATCH', `/api/mailboxes/${mailboxId}`, {
      key: t.key,
      body: { imapUrl: 'pop3://x@h' },
    });
    expect(patched.statusCode).toBe(400);
    expect(fieldsOf(patched)).toEqual(['body.imapUrl']);
    // A saved mailbox without an IMAP URL has nothing to test.
    expect((await h.call('POST', `/api/mailboxes/${mailboxId}/test-imap`, { key: t.key })).statusCode).toBe(
      409,
    );
    expect((await h.call('POST', `/api/mailboxes/not-a-uuid/test-imap`, { key: t.key })).statusCode).toBe(
      404,
    );
  });

  it('refuses a loopback IMAP host by default, connecting nowhere', async () => {
    const canary = await startTcpCanary();
    try {
      const t = await h.tenant();
      const tested = await h.call('POST', '/api/mailboxes/test-imap', {
        key: t.key,
        body: { imapUrl: `imap://alice:${password}@127.0.0.1:${canary.port}` },
      });
      // Refused before connecting, as an answer: the test says what stopped it.
      expect(tested.statusCode).toBe(200);
      expect(tested.json()).toMatchObject({
        ok: false,
        detail: expect.stringContaining('127.0.0.1 is a loopback address'),
      });
      expect(tested.body).not.toContain(password);
      expect(canary.connections()).toBe(0);
    } finally {
      await canary.close();
    }
  });
});

describe('simulate-reply outside local mode', () => {
  it('answers 409 saying it is a local-mode tool, and 404 for a caught message that does not exist', async () => {
    const t = await h.tenant();
    const clientId = await h.createLead(t, 'ada@example.com');
    const mailboxId = await h.createMailbox(t);
    const sent = await h.call('POST', '/api/email/send', {
      key: t.key,
      body: { clientId, mailboxId, subject: 'Hello', textBody: 'Hi' },
    });
    expect(sent.statusCode).toBe(202);
    const caught = await waitFor(
      async () =>
        (await h.call('GET', '/api/caught-messages', { key: t.key })).json<{ data: { id: string }[] }>()
          .data[0],
      { timeoutMs: 30_000, what: 'the caught email' },
    );
    const refused = await h.call('POST', `/api/caught-messages/${caught.id}/simulate-reply`, {
      key: t.key,
      body: {},
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json<{ detail: string }>().detail).toMatch(/local-mode tool/);
    const missing = await h.call('POST', `/api/caught-messages/${crypto.randomUUID()}/simulate-reply`, {
      key: t.key,
      body: {},
    });
    expect(missing.statusCode).toBe(404);
  });
});

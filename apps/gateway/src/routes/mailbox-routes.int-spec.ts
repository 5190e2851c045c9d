// Mailboxes through the real Email service: CRUD, and an SMTP URL that goes in and never comes out
// (no response, no replayed response, no log line); SMTP hosts through the outbound-address guard.
import { startTcpCanary } from '@coldreach/testing';
import type { GatewayHarness } from '../test/gateway-harness';
import { startMailboxGateways, type LoopbackGateway } from '../test/loopback-email-gateway';

jest.setTimeout(60_000);

let h: GatewayHarness;
// The harness's Email service runs as connected mode does by default: nothing internal allowed.
// `local` is a gateway over a second Email service that allows loopback, as `npm start` does.
let local: LoopbackGateway;
let stop: (() => Promise<void>) | undefined;
beforeAll(async () => {
  ({ h, local, stop } = await startMailboxGateways());
}, 120_000);
afterAll(() => stop?.());

const password = 'pa55-w0rd-never-shown';
// Nothing listens on port 1: the connection test fails fast, as an answer.
const smtpUrl = `smtp://alice:${password}@127.0.0.1:1`;

interface MailboxJson {
  id: string;
  name: string;
  smtpHost: string | null;
  smtpPort: number | null;
  hasCredentials: boolean;
  dailyCap: number;
}

describe('mailboxes', () => {
  it('creates, reads, lists, updates and deletes a mailbox without ever showing its SMTP URL', async () => {
    const t = await h.tenant();
    const bodies: string[] = [];
    const call = async (method: string, url: string, body?: unknown, headers?: Record<string, string>) => {
      const response = await local.call(t.key, method, url, body, headers);
      bodies.push(response.body, JSON.stringify(response.headers));
      return response;
    };

    const created = await call(
      'POST',
      '/api/mailboxes',
      { name: 'Alice', fromName: 'Alice', fromAddress: 'alice@sender.example', smtpUrl, dailyCap: 50 },
      { 'idempotency-key': 'mailbox-alice' },
    );
    expect(created.statusCode).toBe(201);
    const mailbox = created.json<MailboxJson>();
    expect(created.headers.location).toBe(`/api/mailboxes/${mailbox.id}`);
    expect(mailbox).toMatchObject({
      name: 'Alice',
      smtpHost: '127.0.0.1',
      smtpPort: 1,
      hasCredentials: true,
      dailyCap: 50,
    });
    expect(Object.keys(mailbox)).not.toContain('smtpUrl');
    const replayed = await call(
      'POST',
      '/api/mailboxes',
      { name: 'Alice', fromName: 'Alice', fromAddress: 'alice@sender.example', smtpUrl, dailyCap: 50 },
      { 'idempotency-key': 'mailbox-alice' },
    );
    expect(replayed.headers['idempotency-replayed']).toBe('true');

    expect((await call('GET', `/api/mailboxes/${mailbox.id}`)).json()).toEqual(mailbox);
    expect((await call('GET', '/api/mailboxes')).json()).toEqual({ data: [mailbox], nextCursor: null });

    // A form that never saw the secret changes the other fields; the URL stays.
    const renamed = await call('PATCH', `/api/mailboxes/${mailbox.id}`, { name: 'Alice B.' });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ name: 'Alice B.', hasCredentials: true, smtpHost: '127.0.0.1' });
    // An empty URL switches to the default transport (here: the catcher).
    const catcher = await call('PATCH', `/api/mailboxes/${mailbox.id}`, { smtpUrl: '' });
    expect(catcher.json()).toMatchObject({ smtpHost: null, smtpPort: null, hasCredentials: false });
    await call('PATCH', `/api/mailboxes/${mailbox.id}`, { smtpUrl });

    const tested = await call('POST', `/api/mailboxes/${mailbox.id}/test`);
    expect(tested.statusCode).toBe(200);
    expect(tested.json()).toMatchObject({
      ok: false,
      detail: expect.any(String),
      latencyMs: expect.any(Number),
    });
    const testedUrl = await call('POST', '/api/mailboxes/test', { smtpUrl });
    expect(testedUrl.statusCode).toBe(200);
    expect(testedUrl.json()).toMatchObject({ ok: false });

    const deleted = await call('DELETE', `/api/mailboxes/${mailbox.id}`);
    expect(deleted.statusCode).toBe(204);
    expect((await call('GET', `/api/mailboxes/${mailbox.id}`)).statusCode).toBe(404);

    for (const body of bodies) {
      expect(body).not.toContain(password);
      expect(body).not.toContain('smtp://');
    }
    expect(h.logs.join('\n')).not.toContain(password);
    // The stored replay holds the answer, never the request.
    const stored = (await h.gatewayDb.query(
      'SELECT convert_from(response_body, $1) AS body FROM idempotency_keys',
      ['UTF8'],
    )) as { body: string }[];
    expect(stored.map((row) => row.body).join('\n')).not.toContain(password);
  });

  it('refuses bad input naming each field, without echoing the SMTP URL', async () => {
    const t = await h.tenant();
    const bad = await h.call('POST', '/api/mailboxes', {
      key: t.key,
      body: { name: '', smtpUrl: `http://bob:${password}@x`, dailyCap: -1 },
    });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json<{ errors: { field: string }[] }>()
        .errors.map((e) => e.field)
        .sort(),
    ).toEqual(['body.dailyCap', 'body.fromAddress', 'body.name', 'body.smtpUrl']);
    expect(bad.body).not.toContain(password);
    const badAddress = await h.call('POST', '/api/mailboxes', {
      key: t.key,
      body: { name: 'x', fromAddress: 'not an address', smtpUrl },
    });
    expect(badAddress.statusCode).toBe(400);
    expect(badAddress.json()).toMatchObject({ errors: [{ field: 'body.fromAddress' }] });
    expect(badAddress.body).not.toContain(password);
    expect((await h.call('GET', '/api/mailboxes', { key: t.key })).json()).toEqual({
      data: [],
      nextCursor: null,
    });
  });

  it("answers 404 for another workspace's mailbox and leaves it alone", async () => {
    const [owner, other] = [await h.tenant(), await h.tenant()];
    const mailbox = (
      await h.call('POST', '/api/mailboxes', {
        key: owner.key,
        body: { name: 'Owner', fromAddress: 'owner@sender.example', smtpUrl: '' },
      })
    ).json<MailboxJson>();
    const attempts: [string, string, unknown?][] = [
      ['GET', `/api/mailboxes/${mailbox.id}`],
      ['PATCH', `/api/mailboxes/${mailbox.id}`, { name: 'Stolen' }],
      ['POST', `/api/mailboxes/${mailbox.id}/test`],
      ['DELETE', `/api/mailboxes/${mailbox.id}`],
    ];
    for (const [method, url, body] of attempts) {
      const response = await h.call(method, url, { key: other.key, body });
      expect({ method, status: response.statusCode }).toEqual({ method, status: 404 });
    }
    expect((await h.call('GET', `/api/mailboxes/${mailbox.id}`, { key: owner.key })).json()).toEqual(mailbox);
  });
});

describe('SMTP hosts through the outbound-address guard', () => {
  it('refuses a loopback or private host by default with a problem naming the field, connecting nowhere', async () => {
    const canary = await startTcpCanary();
    try {
      const t = await h.tenant();
      const tested = await h.call('POST', '/api/mailboxes/test', {
        key: t.key,
        body: { smtpUrl: `smtp://alice:${password}@127.0.0.1:${canary.port}` },
      });
      expect(tested.statusCode).toBe(400);
      expect(tested.headers['content-type']).toContain('application/problem+json');
      expect(tested.json()).toMatchObject({
        errors: [
          {
            field: 'body.smtpUrl',
            message:
              '127.0.0.1 is a loopback address; allowed only when listed in SMTP_ALLOWED_PRIVATE_CIDRS',
          },
        ],
      });
      expect(tested.body).not.toContain(password);
      const created = await h.call('POST', '/api/mailboxes', {
        key: t.key,
        body: { name: 'Intranet', fromAddress: 'a@sender.example', smtpUrl: 'smtp://10.20.30.40:25' },
      });
      expect(created.statusCode).toBe(400);
      expect(created.json()).toMatchObject({
        errors: [
          { field: 'body.smtpUrl', message: expect.stringContaining('10.20.30.40 is a private address') },
        ],
      });
      expect(canary.connections()).toBe(0);
    } finally {
      await canary.close();
    }
  });

  it('answers a port that never greets with what happened, within the deadline, not a 503', async () => {
    const silent = await startTcpCanary({ keepOpen: true });
    try {
      const t = await h.tenant();
      const started = Date.now();
      const tested = await local.app.inject({
        method: 'POST',
        url: '/api/mailboxes/test',
        headers: { authorization: `Bearer ${t.key}`, 'content-type': 'application/json' },
        payload: JSON.stringify({ smtpUrl: `smtp://127.0.0.1:${silent.port}` }),
      });
      expect(tested.statusCode).toBe(200);
      expect(tested.json()).toMatchObject({
        ok: false,
        detail: `127.0.0.1:${silent.port}: no SMTP greeting within 10 s (is this an SMTP port?)`,
      });
      expect(Date.now() - started).toBeLessThan(30_000);
      expect(silent.connections()).toBe(1);
    } finally {
      await silent.close();
    }
  });
});

// The public unsubscribe link of a real sent email (taken from the caught message's List-Unsubscribe
// header), used without a key or cookies, and the suppression list it feeds.
import { createUnsubscribeToken } from '@coldreach/outreach';
import { waitFor } from '@coldreach/testing';
import { startGatewayHarness, type GatewayHarness, type Tenant } from '../test/gateway-harness';

jest.setTimeout(60_000);

let h: GatewayHarness;
beforeAll(async () => {
  h = await startGatewayHarness({ outreach: true });
}, 120_000);
afterAll(() => h?.close());

interface Caught {
  headers: { name: string; value: string }[];
}

/** Sends one email to `email` through the API and answers the token of its unsubscribe link. */
async function sendAndGetToken(t: Tenant, email: string): Promise<{ token: string; clientId: string }> {
  const clientId = (
    await h.call('POST', '/api/leads', { key: t.key, body: { email, firstName: 'Una' } })
  ).json<{ id: string }>().id;
  const mailboxId = (
    await h.call('POST', '/api/mailboxes', {
      key: t.key,
      body: { name: 'S', fromAddress: 's@sender.example' },
    })
  ).json<{ id: string }>().id;
  const { id } = (
    await h.call('POST', '/email/send', {
      key: t.key,
      body: { clientId, mailboxId, subject: 'News', textBody: 'News for {{first_name}}' },
    })
  ).json<{ id: string }>();
  const message = await waitFor(
    async () =>
      (await h.call('GET', `/api/caught-messages?deliveryId=${id}`, { key: t.key })).json<{
        data: Caught[];
      }>().data[0],
    { timeoutMs: 30_000, what: 'the caught message' },
  );
  const header =
    message.headers.find((entry) => entry.name.toLowerCase() === 'list-unsubscribe')?.value ?? '';
  const token = /\/unsubscribe\/([^>\s]+)>/.exec(header)?.[1];
  if (!token) throw new Error(`no unsubscribe link in ${header}`);
  return { token, clientId };
}

const publicCall = (method: string, url: string, body?: string, headers: Record<string, string> = {}) =>
  h.app.inject({ method: method as 'GET', url, headers, ...(body === undefined ? {} : { payload: body }) });

describe('the unsubscribe link', () => {
  it('shows a confirmation page on GET (changing nothing) and unsubscribes on a one-click POST', async () => {
    const t = await h.tenant();
    const { token } = await sendAndGetToken(t, 'una@example.com');

    const page = await publicCall('GET', `/unsubscribe/${token}`);
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['set-cookie']).toBeUndefined();
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.body).toContain('<form method="post">');
    expect(page.body).toMatch(/u\*+@example\.com/);
    expect(page.body).not.toContain('una@example.com');
    expect(page.body).not.toContain(token);
    expect((await h.call('GET', '/api/suppressions', { key: t.key })).json()).toEqual({
      data: [],
      nextCursor: null,
    });

    // RFC 8058: what a mail client sends, without cookies or credentials.
    const done = await publicCall('POST', `/unsubscribe/${token}`, 'List-Unsubscribe=One-Click', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(done.statusCode).toBe(200);
    expect(done.headers['content-type']).toMatch(/^text\/html/);
    expect(done.body).toContain('has been unsubscribed');
    const list = await h.call('GET', '/api/suppressions?reason=unsubscribe', { key: t.key });
    expect(list.json()).toMatchObject({
      data: [{ email: 'una@example.com', reason: 'unsubscribe', deliveryId: expect.any(String) }],
    });

    // Again (multipart, as some clients send it; then an empty body): idempotent.
    const boundary = 'x-boundary';
    const multipart = await publicCall(
      'POST',
      `/unsubscribe/${token}`,
      `--${boundary}\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--${boundary}--\r\n`,
      { 'content-type': `multipart/form-data; boundary=${boundary}` },
    );
    expect(multipart.statusCode).toBe(200);
    expect(multipart.body).toContain('was already unsubscribed');
    const empty = await publicCall('POST', `/unsubscribe/${token}`);
    expect(empty.statusCode).toBe(200);
    expect(
      (await h.call('GET', '/api/suppressions', { key: t.key })).json<{ data: unknown[] }>().data,
    ).toHaveLength(1);
  });

  it('answers 400 to a tampered, forged or malformed token, as a page or as a problem', async () => {
    const t = await h.tenant();
    const { token, clientId } = await sendAndGetToken(t, 'mallory@example.com');
    const tampered = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    const forged = createUnsubscribeToken(
      { workspaceId: t.workspaceId, clientId, deliveryId: crypto.randomUUID(), issuedAt: new Date() },
      'a-secret-that-is-not-the-services-secret-at-all',
    );
    const script = '<script>alert(1)</script>';
    for (const bad of [tampered, forged, encodeURIComponent(script), 'x'.repeat(3000)]) {
      for (const method of ['GET', 'POST']) {
        const page = await publicCall(method, `/unsubscribe/${bad}`);
        expect({ method, status: page.statusCode }).toEqual({ method, status: 400 });
        expect(page.headers['content-type']).toMatch(/^text\/html/);
        expect(page.body).toContain('not valid');
        expect(page.body).not.toContain('<script>');
        expect(page.body).not.toContain(bad.slice(0, 20));
      }
    }
    const problem = await publicCall('POST', `/unsubscribe/${tampered}`, undefined, {
      accept: 'application/json',
    });
    expect(problem.statusCode).toBe(400);
    expect(problem.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(problem.json()).toMatchObject({
      status: 400,
      type: 'urn:coldreach:problem:invalid-unsubscribe-link',
    });
    expect((await h.call('GET', '/api/suppressions', { key: t.key })).json()).toEqual({
      data: [],
      nextCursor: null,
    });
    expect(h.logs.join('\n')).not.toContain(token);
  });
});

describe('the suppression list', () => {
  it('adds, lists, checks and removes entries (unsubscribes only with force)', async () => {
    const t = await h.tenant();
    const added = await h.call('POST', '/api/suppressions', {
      key: t.key,
      body: { email: '  Spam@Example.com ', note: 'asked by phone' },
    });
    expect(added.statusCode).toBe(200);
    expect(added.json()).toMatchObject({
      email: 'spam@example.com',
      reason: 'manual',
      note: 'asked by phone',
    });
    await h.call('POST', '/api/suppressions', {
      key: t.key,
      body: { email: 'gone@example.com', reason: 'unsubscribe' },
    });

    const listed = await h.call('GET', '/api/suppressions?q=example', { key: t.key });
    expect(
      listed
        .json<{ data: { email: string }[] }>()
        .data.map((s) => s.email)
        .sort(),
    ).toEqual(['gone@example.com', 'spam@example.com']);
    const manual = await h.call('GET', '/api/suppressions?reason=manual', { key: t.key });
    expect(manual.json<{ data: { email: string }[] }>().data.map((s) => s.email)).toEqual([
      'spam@example.com',
    ]);

    const checked = await h.call('POST', '/api/suppressions/check', {
      key: t.key,
      body: { emails: ['fine@example.com', 'SPAM@example.com'] },
    });
    expect(checked.statusCode).toBe(200);
    expect(checked.json<{ suppressed: { email: string }[] }>().suppressed.map((s) => s.email)).toEqual([
      'spam@example.com',
    ]);

    expect((await h.call('DELETE', '/api/suppressions/gone%40example.com', { key: t.key })).statusCode).toBe(
      409,
    );
    expect(
      (await h.call('DELETE', '/api/suppressions/gone%40example.com?force=true', { key: t.key })).statusCode,
    ).toBe(204);
    expect((await h.call('DELETE', '/api/suppressions/spam@example.com', { key: t.key })).statusCode).toBe(
      204,
    );
    expect((await h.call('DELETE', '/api/suppressions/spam@example.com', { key: t.key })).statusCode).toBe(
      404,
    );
    expect((await h.call('GET', '/api/suppressions', { key: t.key })).json()).toEqual({
      data: [],
      nextCursor: null,
    });

    const other = await h.tenant();
    await h.call('POST', '/api/suppressions', { key: t.key, body: { email: 'mine@example.com' } });
    expect((await h.call('GET', '/api/suppressions', { key: other.key })).json()).toEqual({
      data: [],
      nextCursor: null,
    });
    expect(
      (await h.call('DELETE', '/api/suppressions/mine@example.com', { key: other.key })).statusCode,
    ).toBe(404);
  });
});

// Open and click tracking end to end (issue 16): a tracked campaign's email is caught with its links
// rewritten and a pixel, the public /t/o and /t/c routes record opens and clicks on email.events
// (through the Email service's outbox) and redirect only to the link that was in the email; forged,
// altered and swapped tokens are a 404 that records nothing.
import { randomBytes, randomUUID } from 'node:crypto';
import {
  EmailClickedSchema,
  EmailOpenedSchema,
  eventTypes,
  topics,
  type EmailClicked,
  type EmailOpened,
} from '@coldreach/contracts';
import type { Subscription } from '@coldreach/events';
import { createClickToken, createOpenToken } from '@coldreach/outreach';
import { decodeEnvelope, unpackPayload } from '@coldreach/outbox';
import { createMemoryRateLimiter } from '@coldreach/rate-limit';
import { waitFor } from '@coldreach/testing';
import { buildGatewayApp } from '../app';
import { startGatewayHarness, type GatewayHarness, type Tenant } from '../test/gateway-harness';

jest.setTimeout(120_000);

type Hit =
  { type: 'opened'; key: string; event: EmailOpened } | { type: 'clicked'; key: string; event: EmailClicked };

let h: GatewayHarness;
let subscription: Subscription | undefined;
const hits: Hit[] = [];
beforeAll(async () => {
  h = await startGatewayHarness({ outreach: true });
  subscription = await h.bus!.subscribe({
    groupId: `tracking-spec-${randomUUID()}`,
    topics: [topics.emailEvents],
    async handleBatch(batch) {
      for (const message of batch.messages) {
        const envelope = decodeEnvelope(message.value);
        if (envelope.type === eventTypes.emailOpened)
          hits.push({ type: 'opened', key: message.key, event: unpackPayload(envelope, EmailOpenedSchema) });
        if (envelope.type === eventTypes.emailClicked)
          hits.push({
            type: 'clicked',
            key: message.key,
            event: unpackPayload(envelope, EmailClickedSchema),
          });
      }
    },
  });
}, 120_000);
afterAll(async () => {
  await subscription?.close();
  await h?.close();
});

const offer = 'https://shop.example/offer?ref=mail&id=7';
const htmlBody =
  '<html><body><p>Hi {{first_name}}, see <a href="https://shop.example/offer?ref=mail&amp;id=7">our offer</a> ' +
  'or <a href="mailto:sales@sender.example">write to us</a>.</p></body></html>';
const browser =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15';

interface Caught {
  deliveryId: string;
  htmlBody: string;
  textBody: string;
  headers: { name: string; value: string }[];
}

/** Launches a one-step campaign for one new lead and answers its caught email. */
async function sendCampaignEmail(t: Tenant, tracking: { trackOpens?: boolean; trackClicks?: boolean }) {
  const clientId = await h.createLead(t, `lead-${randomUUID().slice(0, 8)}@example.com`);
  const mailboxId = await h.createMailbox(t);
  const created = await h.call('POST', '/api/campaigns', {
    key: t.key,
    body: { name: 'Tracked?', mailboxIds: [mailboxId], ...tracking },
  });
  expect(created.statusCode).toBe(201);
  const campaign = created.json<{ id: string; trackOpens: boolean; trackClicks: boolean }>();
  const base = `/api/campaigns/${campaign.id}`;
  const step = await h.call('POST', `${base}/steps`, {
    key: t.key,
    body: { subject: 'Our offer', htmlBody, textBody: `See ${offer}` },
  });
  expect(step.statusCode).toBe(201);
  await h.call('POST', `${base}/leads`, { key: t.key, body: { clientIds: [clientId] } });
  expect((await h.call('POST', `${base}/launch`, { key: t.key })).statusCode).toBe(200);
  const message = await waitFor(
    async () =>
      (await h.call('GET', `/api/caught-messages?campaignId=${campaign.id}`, { key: t.key })).json<{
        data: Caught[];
      }>().data[0],
    { timeoutMs: 60_000, what: 'the campaign email' },
  );
  return { campaign, clientId, mailboxId, stepId: step.json<{ id: string }>().id, message };
}

const publicGet = (url: string, userAgent = browser) =>
  h.app.inject({ method: 'GET', url, headers: { 'user-agent': userAgent } });
const tokenIn = (html: string, kind: 'o' | 'c') =>
  new RegExp(`http://gateway\\.test/t/${kind}/([A-Za-z0-9_.-]+)"`).exec(html)?.[1] ?? '';
/** Sets when the Email service recorded the send, relative to now, so the verdicts do not depend on timing. */
const sentAgo = (deliveryId: string, interval: string) =>
  h.sql('email', `UPDATE deliveries SET sent_at = now() - $2::interval WHERE id = $1`, [
    deliveryId,
    interval,
  ]);
const hitsOf = (deliveryId: string) => hits.filter((hit) => hit.key === deliveryId);

describe('open and click tracking', () => {
  it('rewrites the links of a tracked email, adds a pixel, and records every open and click', async () => {
    const t = await h.tenant();
    const sent = await sendCampaignEmail(t, { trackOpens: true, trackClicks: true });
    expect(sent.campaign).toMatchObject({ trackOpens: true, trackClicks: true });
    const { message } = sent;

    expect(message.htmlBody).not.toContain('shop.example');
    expect(message.htmlBody).toContain('<a href="mailto:sales@sender.example">write to us</a>');
    expect(message.htmlBody).toMatch(
      /<img src="http:\/\/gateway\.test\/t\/o\/[^"]+" width="1" height="1"[^>]*><\/body>/,
    );
    // The text part and the unsubscribe link stay as they were.
    expect(message.textBody).toBe(`See ${offer}`);
    const unsubscribe = message.headers.find((header) => header.name.toLowerCase() === 'list-unsubscribe');
    expect(unsubscribe?.value).toMatch(/^<http:\/\/gateway\.test\/unsubscribe\/[^>]+>$/);
    const openToken = tokenIn(message.htmlBody, 'o');
    const clickToken = tokenIn(message.htmlBody, 'c');

    // Gmail's proxy fetches the pixel as the email arrives; a scanner follows the link at once.
    await sentAgo(message.deliveryId, '-1 minute');
    const pixel = await publicGet(`/t/o/${openToken}`, 'Mozilla/5.0 (via ggpht.com GoogleImageProxy)');
    expect(pixel.statusCode).toBe(200);
    expect(pixel.headers['content-type']).toBe('image/gif');
    expect(pixel.headers['cache-control']).toBe('no-store');
    expect(pixel.rawPayload.subarray(0, 6).toString('latin1')).toBe('GIF89a');
    const scanned = await publicGet(`/t/c/${clickToken}`);
    expect({ status: scanned.statusCode, location: scanned.headers.location }).toEqual({
      status: 302,
      location: offer,
    });

    // The person, an hour later: opens twice (a replayed pixel is another hit) and clicks.
    await sentAgo(message.deliveryId, '1 hour');
    expect((await publicGet(`/t/o/${openToken}`)).statusCode).toBe(200);
    expect((await publicGet(`/t/o/${openToken}`)).statusCode).toBe(200);
    const clicked = await publicGet(`/t/c/${clickToken}`);
    expect(clicked.statusCode).toBe(302);
    expect(clicked.headers.location).toBe(offer);
    expect(clicked.headers['cache-control']).toBe('no-store');

    await waitFor(() => hitsOf(message.deliveryId).length >= 5, { timeoutMs: 30_000, what: 'five hits' });
    const delivery = {
      taskId: message.deliveryId,
      campaignId: sent.campaign.id,
      clientId: sent.clientId,
      stepId: sent.stepId,
      stepPosition: 1,
      mailboxId: sent.mailboxId,
    };
    const seen = hitsOf(message.deliveryId).map(({ type, event }) => ({
      type,
      delivery: event.delivery && { ...event.delivery, $typeName: undefined },
      automated: event.automated,
      reason: event.automatedReason,
      ...(type === 'clicked' && { url: event.url, linkIndex: event.linkIndex }),
    }));
    const expected = (type: 'opened' | 'clicked', reason: string) => ({
      type,
      delivery: { ...delivery, $typeName: undefined },
      automated: reason !== '',
      reason,
      ...(type === 'clicked' && { url: offer, linkIndex: 0 }),
    });
    expect(seen).toEqual([
      expected('opened', 'google-image-proxy'),
      expected('clicked', 'too-soon-after-delivery'),
      expected('opened', ''),
      expected('opened', ''),
      expected('clicked', ''),
    ]);
    expect(h.logs.join('\n')).not.toContain(clickToken);
  });

  it('answers 404 to forged, altered and swapped tokens, records nothing and never redirects', async () => {
    const t = await h.tenant();
    const { message } = await sendCampaignEmail(t, { trackOpens: true, trackClicks: true });
    const openToken = tokenIn(message.htmlBody, 'o');
    const clickToken = tokenIn(message.htmlBody, 'c');
    const ids = { workspaceId: t.workspaceId, deliveryId: message.deliveryId };
    const [body, mac] = clickToken.split('.') as [string, string];
    const swappedBody = Buffer.concat([
      Buffer.from(body, 'base64url').subarray(0, 34),
      Buffer.from('https://evil.example/'),
    ]).toString('base64url');
    const middle = Math.floor(body.length / 2);
    const altered = `${body.slice(0, middle)}${body[middle] === 'A' ? 'B' : 'A'}${body.slice(middle + 1)}.${mac}`;
    const otherSecret = randomBytes(32);

    const refused = [
      `/t/c/${altered}`,
      `/t/c/${swappedBody}.${mac}`,
      `/t/c/${createClickToken({ ...ids, linkIndex: 0, url: 'https://evil.example/' }, otherSecret)}`,
      `/t/o/${createOpenToken(ids, otherSecret)}`,
      // Each kind only where it belongs.
      `/t/c/${openToken}`,
      `/t/o/${clickToken}`,
      // Signed with the service's secret, for a delivery that does not exist.
      `/t/o/${createOpenToken({ ...ids, deliveryId: randomUUID() }, h.unsubscribeSecret)}`,
      `/t/c/${encodeURIComponent('<script>alert(1)</script>')}`,
      `/t/o/${'x'.repeat(4000)}`,
    ];
    for (const url of refused) {
      const answer = await publicGet(url);
      const which = url.slice(0, 80);
      expect({ which, status: answer.statusCode, location: answer.headers.location }).toEqual({
        which,
        status: 404,
        location: undefined,
      });
      expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(answer.json()).toMatchObject({ type: 'urn:coldreach:problem:tracking-link-not-found' });
      expect(answer.body).not.toContain('evil');
    }

    // One real open afterwards: it is the only hit of this delivery (its events are in order).
    expect((await publicGet(`/t/o/${openToken}`)).statusCode).toBe(200);
    await waitFor(() => hitsOf(message.deliveryId).length >= 1, { timeoutMs: 30_000, what: 'the open' });
    expect(hitsOf(message.deliveryId).map((hit) => hit.type)).toEqual(['opened']);
  });

  it('leaves an untracked campaign email as written: no pixel, its own links', async () => {
    const t = await h.tenant();
    const { campaign, message } = await sendCampaignEmail(t, {});
    expect(campaign).toMatchObject({ trackOpens: false, trackClicks: false });
    expect(message.htmlBody).toContain(
      '<a href="https://shop.example/offer?ref=mail&amp;id=7">our offer</a>',
    );
    expect(message.htmlBody).not.toContain('<img');
    expect(message.htmlBody).not.toContain('/t/');

    // Turned on later (for what is handed over from then on): only the fields the PATCH names change.
    const draft = (
      await h.call('POST', '/api/campaigns', { key: t.key, body: { name: 'Later', trackOpens: true } })
    ).json<{ id: string }>();
    const patched = await h.call('PATCH', `/api/campaigns/${draft.id}`, {
      key: t.key,
      body: { trackClicks: true },
    });
    expect(patched.json()).toMatchObject({ trackOpens: true, trackClicks: true });
  });

  it('limits requests per client address, and passes the address on (Apple proxies are known by theirs)', async () => {
    const t = await h.tenant();
    const { message } = await sendCampaignEmail(t, { trackOpens: true });
    const openToken = tokenIn(message.htmlBody, 'o');
    await sentAgo(message.deliveryId, '1 hour');
    // The unsubscribe routes' budget is spent elsewhere: the pixel has a budget of its own.
    const publicRateLimiter = createMemoryRateLimiter({ limit: 1, windowSeconds: 60 });
    await publicRateLimiter.consume('17.58.1.2');
    const app = await buildGatewayApp({
      ...h.deps,
      publicRateLimiter,
      trackingRateLimiter: createMemoryRateLimiter({ limit: 2, windowSeconds: 60 }),
    });
    try {
      const from = (remoteAddress: string) =>
        app.inject({
          method: 'GET',
          url: `/t/o/${openToken}`,
          remoteAddress,
          headers: { 'user-agent': browser },
        });
      expect((await from('17.58.1.2')).statusCode).toBe(200);
      expect((await from('17.58.1.2')).statusCode).toBe(200);
      const limited = await from('17.58.1.2');
      expect(limited.statusCode).toBe(429);
      expect(limited.json()).toMatchObject({ type: 'urn:coldreach:problem:rate-limited' });
      expect((await from('198.51.100.9')).statusCode).toBe(200);
    } finally {
      await app.close();
    }
    await waitFor(() => hitsOf(message.deliveryId).length >= 3, { timeoutMs: 30_000, what: 'three opens' });
    expect(hitsOf(message.deliveryId).map((hit) => hit.event.automatedReason)).toEqual([
      'apple-mail-privacy',
      'apple-mail-privacy',
      '',
    ]);
  });
});

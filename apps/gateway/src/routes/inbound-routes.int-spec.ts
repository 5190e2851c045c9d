// Replies through the real Campaign and Email services in local mode (as `npm start` runs them): a
// simulated answer to a caught campaign email is read as if it had arrived in the mailbox's inbox,
// is listed under the campaign's and the lead's replies, and the lead's sequence stops; a simulated
// bounce is listed as one; bad inputs are refused naming the field.
import { waitFor } from '@coldreach/testing';
import { fieldsOf, launchAndCatchFirst, type CampaignJson } from '../test/campaign-json';
import { startGatewayHarness, type GatewayHarness, type Tenant } from '../test/gateway-harness';

jest.setTimeout(90_000);

let h: GatewayHarness;
beforeAll(async () => {
  h = await startGatewayHarness({ outreach: true, localMode: true });
}, 120_000);
afterAll(() => h?.close());

interface InboundJson {
  id: string;
  kind: string;
  campaignId: string | null;
  leadId: string | null;
  deliveryId: string | null;
  [field: string]: unknown;
}
type Page = { data: InboundJson[]; nextCursor: string | null };

/** A launched two-step campaign whose first email to `email` was caught; answers what names it. */
async function caughtCampaignEmail(t: Tenant, email: string) {
  const leadId = await h.createLead(t, email);
  const mailboxId = await h.createMailbox(t);
  const campaign = (
    await h.call('POST', '/api/campaigns', {
      key: t.key,
      body: { name: 'Replies', mailboxIds: [mailboxId], stopOnReply: true },
    })
  ).json<CampaignJson>();
  const base = `/api/campaigns/${campaign.id}`;
  await h.call('POST', `${base}/steps`, {
    key: t.key,
    body: { subject: 'Hi {{first_name}}', textBody: 'Hello' },
  });
  // A follow-up a day later: what the reply must stop.
  await h.call('POST', `${base}/steps`, {
    key: t.key,
    body: { subject: 'Just bumping this up', textBody: 'Again', delayMinutes: 1440 },
  });
  const caught = await launchAndCatchFirst<{ id: string; deliveryId: string }>(h.call, {
    key: t.key,
    campaignId: campaign.id,
    leadId,
  });
  return { leadId, mailboxId, campaignId: campaign.id, base, caught };
}

const page = async (t: Tenant, url: string) => (await h.call('GET', url, { key: t.key })).json<Page>();

describe('POST /api/caught-messages/:id/simulate-reply (local mode)', () => {
  it('reads a reply as from the lead: listed under the campaign and the lead, and the sequence stops', async () => {
    const t = await h.tenant();
    const { leadId, mailboxId, campaignId, base, caught } = await caughtCampaignEmail(t, 'ada@example.com');
    // No body: the default reply.
    const simulated = await h.call('POST', `/api/caught-messages/${caught.id}/simulate-reply`, {
      key: t.key,
    });
    expect(simulated.statusCode).toBe(201);
    const reply = simulated.json<InboundJson>();
    expect(reply).toMatchObject({
      kind: 'reply',
      mailboxId,
      campaignId,
      leadId,
      deliveryId: caught.deliveryId,
      from: 'ada@example.com',
      subject: 'Re: Hi Lee',
      snippet: expect.stringContaining("Thanks, let's talk."),
      bounce: null,
      returnAt: null,
    });
    expect(reply.snippet).not.toContain('Hello');

    expect(await page(t, `${base}/replies`)).toEqual({ data: [reply], nextCursor: null });
    expect(await page(t, `/api/leads/${leadId}/replies`)).toEqual({ data: [reply], nextCursor: null });
    expect(
      await page(t, `/api/inbound?kind=reply,auto-reply&leadId=${leadId}&mailboxId=${mailboxId}`),
    ).toEqual({
      data: [reply],
      nextCursor: null,
    });
    expect(await page(t, `/api/inbound?kind=bounce`)).toEqual({ data: [], nextCursor: null });
    // Another workspace sees none of it.
    const other = await h.tenant();
    expect(await page(other, '/api/inbound')).toEqual({ data: [], nextCursor: null });

    const stopped = await waitFor(
      async () => {
        const leads = await page(t, `${base}/leads`);
        const lead = leads.data[0] as { state?: string } | undefined;
        return lead?.state === 'stopped_replied' ? lead : undefined;
      },
      { timeoutMs: 30_000, what: "the lead's sequence to stop on the reply" },
    );
    expect(stopped).toMatchObject({ clientId: leadId, state: 'stopped_replied' });
    // The answered email's task shows it; a follow-up already planned is withdrawn.
    const tasks = (await page(t, `${base}/tasks?clientId=${leadId}`)).data;
    expect(tasks.find((task) => task.id === caught.deliveryId)).toMatchObject({ status: 'replied' });
    const others = tasks.filter((task) => task.id !== caught.deliveryId);
    expect(others.map((task) => task.status)).toEqual(others.map(() => 'cancelled'));
  });

  it('reads a simulated bounce and an out-of-office as what they are, not as replies', async () => {
    const t = await h.tenant();
    const { leadId, base, caught } = await caughtCampaignEmail(t, 'gone@example.com');
    const simulated = await h.call('POST', `/api/caught-messages/${caught.id}/simulate-reply`, {
      key: t.key,
      body: { kind: 'bounce' },
    });
    expect(simulated.statusCode).toBe(201);
    const bounce = simulated.json<InboundJson>();
    expect(bounce).toMatchObject({
      kind: 'bounce',
      leadId,
      deliveryId: caught.deliveryId,
      bounce: { type: 'hard', status: '5.1.1', address: 'gone@example.com' },
    });
    expect(await page(t, `${base}/replies`)).toEqual({ data: [], nextCursor: null });
    expect(await page(t, `/api/inbound?kind=bounce`)).toEqual({ data: [bounce], nextCursor: null });

    // An out-of-office is no reply either; the whole inbox pages newest first.
    const away = await h.call('POST', `/api/caught-messages/${caught.id}/simulate-reply`, {
      key: t.key,
      body: { kind: 'auto-reply' },
    });
    expect(away.json()).toMatchObject({ kind: 'auto-reply', leadId, returnAt: expect.any(String) });
    expect(await page(t, `${base}/replies`)).toEqual({ data: [], nextCursor: null });
    const first = await page(t, '/api/inbound?limit=1');
    expect(first.data).toEqual([away.json()]);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await page(t, `/api/inbound?limit=1&cursor=${encodeURIComponent(first.nextCursor ?? '')}`);
    expect(second).toEqual({ data: [bounce], nextCursor: null });
  });

  it('reads "please remove me" as an unsubscribe request, listed with the replies', async () => {
    const t = await h.tenant();
    const { leadId, base, caught } = await caughtCampaignEmail(t, 'bye@example.com');
    const simulated = await h.call('POST', `/api/caught-messages/${caught.id}/simulate-reply`, {
      key: t.key,
      body: { kind: 'unsubscribe' },
    });
    expect(simulated.statusCode).toBe(201);
    const request = simulated.json<InboundJson>();
    expect(request).toMatchObject({ kind: 'unsubscribe-request', leadId, from: 'bye@example.com' });
    expect(await page(t, `${base}/replies`)).toEqual({ data: [request], nextCursor: null });
    expect(await page(t, '/api/inbound?kind=unsubscribe-request')).toEqual({
      data: [request],
      nextCursor: null,
    });
  });

  it('refuses bad input naming the field, and answers 404 for what does not exist', async () => {
    const t = await h.tenant();
    const url = (id: string) => `/api/caught-messages/${id}/simulate-reply`;
    const some = crypto.randomUUID();
    const bad = async (body: unknown) => {
      const response = await h.call('POST', url(some), { key: t.key, body });
      expect(response.statusCode).toBe(400);
      return fieldsOf(response);
    };
    expect(await bad({ kind: 'yes' })).toEqual(['body.kind']);
    expect(await bad({ text: '' })).toEqual(['body.text']);
    expect(await bad({ text: 'x'.repeat(10_001), kind: 'reply' })).toEqual(['body.text']);
    expect(await bad({ to: 'a@b.example' })).toEqual(['body.to']);
    expect((await h.call('POST', url(some), { key: t.key, body: {} })).statusCode).toBe(404);
    expect((await h.call('POST', url('nope'), { key: t.key, body: {} })).statusCode).toBe(404);

    for (const [query, field] of [
      ['kind=reply,nope', 'query.kind'],
      ['leadId=abc', 'query.leadId'],
      ['campaignId=abc', 'query.campaignId'],
      ['mailboxId=abc', 'query.mailboxId'],
      ['limit=0', 'query.limit'],
    ]) {
      const refused = await h.call('GET', `/api/inbound?${query}`, { key: t.key });
      expect({ query, status: refused.statusCode, fields: fieldsOf(refused) }).toEqual({
        query,
        status: 400,
        fields: [field],
      });
    }
    for (const path of [
      `/api/campaigns/${some}/replies`,
      `/api/leads/${some}/replies`,
      '/api/leads/x/replies',
    ]) {
      expect({ path, status: (await h.call('GET', path, { key: t.key })).statusCode }).toEqual({
        path,
        status: 404,
      });
    }
  });
});

// Every route that takes a lead id, called with workspace A's key on workspace B's lead: 404, the
// same 404 as for an id that exists nowhere, and B's lead unchanged.
import type { Lead } from '../mapping/lead-mapping';
import { startGatewayHarness, type GatewayHarness } from './gateway-harness';

let h: GatewayHarness;
beforeAll(async () => {
  h = await startGatewayHarness();
}, 60_000);
afterAll(() => h?.close());

const routes: { method: string; body?: unknown }[] = [
  { method: 'GET' },
  { method: 'PATCH', body: { firstName: 'Mallory', tags: ['stolen'] } },
  { method: 'PATCH', body: { verificationStatus: 'invalid' } },
  { method: 'DELETE' },
];

describe("another workspace's lead", () => {
  it.each(routes)('answers $method with 404 and leaves it unchanged', async ({ method, body }) => {
    const created = await h.call('POST', '/api/leads', {
      key: h.b.key,
      body: {
        email: `victim-${method}-${Math.random().toString(36).slice(2)}@example.com`,
        firstName: 'Bob',
        tags: ['b'],
      },
    });
    expect(created.statusCode).toBe(201);
    const lead = created.json<Lead>();
    const countsBefore = [await h.countLeads(h.a.workspaceId), await h.countLeads(h.b.workspaceId)];

    const foreign = await h.call(method, `/api/leads/${lead.id}`, { key: h.a.key, body });
    expect(foreign.statusCode).toBe(404);
    const nowhere = await h.call(method, `/api/leads/${crypto.randomUUID()}`, { key: h.a.key, body });
    expect(nowhere.statusCode).toBe(404);
    // Nothing tells a foreign lead apart from a missing one.
    expect(foreign.body).toBe(nowhere.body);

    const after = await h.call('GET', `/api/leads/${lead.id}`, { key: h.b.key });
    expect(after.statusCode).toBe(200);
    expect(after.json()).toEqual(lead);
    expect([await h.countLeads(h.a.workspaceId), await h.countLeads(h.b.workspaceId)]).toEqual(countsBefore);
  });

  it('is never listed, searched or merged into by another workspace', async () => {
    const email = `shared-${Math.random().toString(36).slice(2)}@example.com`;
    const bLead = (
      await h.call('POST', '/api/leads', { key: h.b.key, body: { email, firstName: 'B' } })
    ).json<Lead>();
    const list = await h.call('GET', `/api/leads?q=${email}`, { key: h.a.key });
    expect(list.json()).toEqual({ data: [], nextCursor: null });

    // The same address in A is a different lead: creating and importing it does not touch B's.
    const aLead = await h.call('POST', '/api/leads', { key: h.a.key, body: { email, firstName: 'A' } });
    expect(aLead.statusCode).toBe(201);
    expect(aLead.json<Lead>().id).not.toBe(bLead.id);
    const imported = await h.call('POST', '/api/leads/import', {
      key: h.a.key,
      body: `email,first_name\n${email},A2\n`,
      headers: { 'content-type': 'text/csv' },
    });
    expect(imported.json()).toMatchObject({ merged: 1, created: 0 });
    expect((await h.call('GET', `/api/leads/${bLead.id}`, { key: h.b.key })).json()).toEqual(bLead);
  });
});

describe("another workspace's mailbox in a campaign's mailboxIds", () => {
  let o: GatewayHarness;
  beforeAll(async () => {
    o = await startGatewayHarness({ outreach: true });
  }, 120_000);
  afterAll(() => o?.close());

  it('answers 404 naming the field, like an id that exists nowhere, and creates or changes nothing', async () => {
    const a = await o.tenant('A');
    const b = await o.tenant('B');
    const theirs = await o.createMailbox(b);
    const nowhereId = crypto.randomUUID();
    const draft = await o.call('POST', '/api/campaigns', { key: a.key, body: { name: 'Mine' } });
    expect(draft.statusCode).toBe(201);
    const campaignId = draft.json<{ id: string }>().id;

    for (const [method, url] of [
      ['POST', '/api/campaigns'],
      ['PATCH', `/api/campaigns/${campaignId}`],
    ] as const) {
      const body = (id: string) => ({ name: 'Stolen sender', mailboxIds: [id] });
      const foreign = await o.call(method, url, { key: a.key, body: body(theirs) });
      const nowhere = await o.call(method, url, { key: a.key, body: body(nowhereId) });
      expect(foreign.statusCode).toBe(404);
      expect(foreign.json()).toMatchObject({
        type: 'urn:coldreach:problem:not-found',
        errors: [{ field: 'body.mailboxIds[0]', message: `mailbox ${theirs} not found` }],
      });
      // Nothing tells a foreign mailbox apart from a missing one.
      expect(nowhere.statusCode).toBe(404);
      expect(foreign.body.replaceAll(theirs, '<id>')).toBe(nowhere.body.replaceAll(nowhereId, '<id>'));
    }

    const listed = (await o.call('GET', '/api/campaigns', { key: a.key })).json<{ data: unknown[] }>();
    expect(listed.data).toEqual([expect.objectContaining({ id: campaignId, name: 'Mine', mailboxIds: [] })]);
    expect((await o.call('GET', `/api/mailboxes/${theirs}`, { key: b.key })).statusCode).toBe(200);
  });
});

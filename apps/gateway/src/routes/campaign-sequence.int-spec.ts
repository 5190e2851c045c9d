// A campaign's sequence through the real Campaign and Email services: steps and their template
// checks, leads (refused when missing or foreign), the life cycle, and tasks followed to `sent`.
import { waitFor } from '@coldreach/testing';
import { fieldsOf, type CampaignJson } from '../test/campaign-json';
import { startGatewayHarness, type GatewayHarness } from '../test/gateway-harness';

jest.setTimeout(60_000);

let h: GatewayHarness;
beforeAll(async () => {
  h = await startGatewayHarness({ outreach: true });
}, 120_000);
afterAll(() => h?.close());

describe('steps', () => {
  it('adds, lists, changes and deletes steps; a bad template names the field and the variable', async () => {
    const t = await h.tenant();
    const campaign = (
      await h.call('POST', '/api/campaigns', { key: t.key, body: { name: 'Seq' } })
    ).json<CampaignJson>();
    const url = `/api/campaigns/${campaign.id}/steps`;
    const first = await h.call('POST', url, {
      key: t.key,
      body: { subject: 'Hi {{first_name}}', textBody: 'Hello {{company | "there"}}' },
    });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ position: 1, delayMinutes: 0, subject: 'Hi {{first_name}}' });
    const second = await h.call('POST', url, {
      key: t.key,
      body: { subject: 'Follow-up', textBody: 'Again', delayMinutes: 2880 },
    });
    expect(second.json()).toMatchObject({ position: 2, delayMinutes: 2880 });

    const broken = await h.call('POST', url, {
      key: t.key,
      body: { subject: 'Hi {{frist_name}}', textBody: 'ok' },
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.json<{ errors: { field: string; message: string }[] }>().errors).toEqual([
      { field: 'body.subject', message: expect.stringMatching(/frist_name.*first_name/) },
    ]);

    const stepId = second.json<{ id: string }>().id;
    const moved = await h.call('PATCH', `${url}/${stepId}`, { key: t.key, body: { position: 1 } });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ position: 1, subject: 'Follow-up' });
    const badPatch = await h.call('PATCH', `${url}/${stepId}`, {
      key: t.key,
      body: { htmlBody: '<p>{{nope}}</p>' },
    });
    expect(badPatch.statusCode).toBe(400);
    expect(badPatch.json()).toMatchObject({ errors: [{ field: 'body.htmlBody' }] });

    const listed = await h.call('GET', url, { key: t.key });
    expect(listed.json<{ data: { subject: string }[] }>().data.map((s) => s.subject)).toEqual([
      'Follow-up',
      'Hi {{first_name}}',
    ]);
    expect((await h.call('DELETE', `${url}/${stepId}`, { key: t.key })).statusCode).toBe(204);
    expect((await h.call('DELETE', `${url}/${stepId}`, { key: t.key })).statusCode).toBe(404);
    expect((await h.call('GET', url, { key: t.key })).json<{ data: unknown[] }>().data).toHaveLength(1);
  });
});

describe('leads, launch and tasks', () => {
  it('refuses a missing or foreign client with 404 naming it, and adds nothing', async () => {
    const [t, other] = [await h.tenant(), await h.tenant()];
    const mine = await h.createLead(t, 'mine@example.com');
    const foreign = await h.createLead(other, 'theirs@example.com');
    const missing = crypto.randomUUID();
    const campaign = (
      await h.call('POST', '/api/campaigns', { key: t.key, body: { name: 'L' } })
    ).json<CampaignJson>();
    const url = `/api/campaigns/${campaign.id}/leads`;
    for (const absent of [foreign, missing]) {
      const refused = await h.call('POST', url, { key: t.key, body: { clientIds: [mine, absent] } });
      expect(refused.statusCode).toBe(404);
      expect(refused.json<{ detail: string }>().detail).toContain(absent);
      expect(refused.json()).toMatchObject({ errors: [{ field: 'body.clientIds[1]' }] });
    }
    expect((await h.call('GET', url, { key: t.key })).json()).toEqual({ data: [], nextCursor: null });
    const both = await h.call('POST', url, {
      key: t.key,
      body: { clientIds: [mine], useTargetCriteria: true },
    });
    expect(both.statusCode).toBe(400);
    expect((await h.call('POST', url, { key: t.key, body: {} })).statusCode).toBe(400);

    const added = await h.call('POST', url, { key: t.key, body: { clientIds: [mine] } });
    expect(added.json()).toEqual({ added: 1, alreadyPresent: 0 });
    expect((await h.call('POST', url, { key: t.key, body: { clientIds: [mine] } })).json()).toEqual({
      added: 0,
      alreadyPresent: 1,
    });
    const leads = await h.call('GET', `${url}?state=active`, { key: t.key });
    expect(leads.json()).toMatchObject({
      data: [{ clientId: mine, email: 'mine@example.com', state: 'active', mailboxId: null }],
      nextCursor: null,
    });
    expect((await h.call('DELETE', `${url}/${mine}`, { key: t.key })).statusCode).toBe(204);
    expect((await h.call('GET', url, { key: t.key })).json()).toEqual({ data: [], nextCursor: null });
  });

  it('launches, sends each lead its step (status → sent), pauses, resumes and creates tasks once', async () => {
    const t = await h.tenant();
    const [ada, bob] = [await h.createLead(t, 'ada@example.com'), await h.createLead(t, 'bob@example.com')];
    const mailboxId = await h.createMailbox(t);
    const campaign = (
      await h.call('POST', '/api/campaigns', { key: t.key, body: { name: 'Go', mailboxIds: [mailboxId] } })
    ).json<CampaignJson>();
    const base = `/api/campaigns/${campaign.id}`;

    const early = await h.call('POST', `${base}/launch`, { key: t.key });
    expect(early.statusCode).toBe(409);
    expect(fieldsOf(early)).toEqual(['leads', 'steps']);

    const step = (
      await h.call('POST', `${base}/steps`, {
        key: t.key,
        body: { subject: 'Hi {{first_name}}', textBody: 'Hello' },
      })
    ).json<{ id: string }>();
    // A follow-up a day later keeps the campaign active after the first email.
    await h.call('POST', `${base}/steps`, {
      key: t.key,
      body: { subject: 'Again', textBody: 'x', delayMinutes: 1440 },
    });
    await h.call('POST', `${base}/leads`, { key: t.key, body: { clientIds: [ada] } });
    const launched = await h.call('POST', `${base}/launch`, { key: t.key });
    expect(launched.statusCode).toBe(200);
    expect(launched.json()).toMatchObject({ status: 'active', launchedAt: expect.any(String), leadCount: 1 });
    expect((await h.call('DELETE', base, { key: t.key })).statusCode).toBe(409);

    const task = await waitFor(
      async () =>
        (await h.call('GET', `${base}/tasks?stepId=${step.id}`, { key: t.key })).json<{
          data: { id: string }[];
        }>().data[0],
      { what: 'the task' },
    );
    const status = await waitFor(
      async () => {
        const current = (await h.call('GET', `/api/status/${task.id}`, { key: t.key })).json<{
          status: string;
        }>();
        return current.status === 'sent' ? current : undefined;
      },
      { timeoutMs: 30_000, what: 'the campaign email to be sent' },
    );
    expect(status).toMatchObject({ campaignId: campaign.id, stepId: step.id, clientId: ada, mailboxId });
    const caught = await h.call('GET', `/api/caught-messages?campaignId=${campaign.id}`, { key: t.key });
    expect(caught.json()).toMatchObject({ data: [{ deliveryId: task.id, subject: 'Hi Lee' }] });

    expect((await h.call('POST', `${base}/pause`, { key: t.key })).json()).toMatchObject({
      status: 'paused',
    });
    expect((await h.call('POST', `${base}/pause`, { key: t.key })).json()).toMatchObject({
      status: 'paused',
    });
    expect((await h.call('POST', `${base}/resume`, { key: t.key })).json()).toMatchObject({
      status: 'active',
    });

    // By hand: bob (not a lead yet) joins; the same task again is returned as is.
    const body = { clientId: bob, stepId: step.id };
    const created = await h.call('POST', `${base}/tasks`, { key: t.key, body });
    expect(created.statusCode).toBe(201);
    const createdTask = created.json<{ id: string; clientId: string }>();
    expect(created.headers.location).toBe(`/api/status/${createdTask.id}`);
    const existing = await h.call('POST', `${base}/tasks`, { key: t.key, body });
    expect(existing.statusCode).toBe(200);
    expect(existing.json<{ id: string }>().id).toBe(createdTask.id);
    const bobsTasks = await h.call('GET', `${base}/tasks?clientId=${bob}&stepId=${step.id}`, { key: t.key });
    expect(bobsTasks.json<{ data: { id: string }[] }>().data.map((x) => x.id)).toEqual([createdTask.id]);
    expect((await h.call('GET', `/api/status/${createdTask.id}`, { key: t.key })).statusCode).toBe(200);

    const stranger = await h.call('POST', `${base}/tasks`, {
      key: t.key,
      body: { clientId: crypto.randomUUID(), stepId: step.id },
    });
    expect(stranger.statusCode).toBe(404);
    expect(stranger.json()).toMatchObject({ errors: [{ field: 'body.clientId' }] });
  });
});

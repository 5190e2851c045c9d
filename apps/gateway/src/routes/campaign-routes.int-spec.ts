// Campaigns through the real Campaign service (and the Email service behind it for mailboxes): CRUD,
// validation problems naming REST fields, Idempotency-Key on create, and another workspace's 404s.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fieldsOf, type CampaignJson } from '../test/campaign-json';
import { startGatewayHarness, type GatewayHarness } from '../test/gateway-harness';

jest.setTimeout(60_000);

let h: GatewayHarness;
beforeAll(async () => {
  h = await startGatewayHarness({ outreach: true });
}, 120_000);
afterAll(() => h?.close());

describe('campaign CRUD', () => {
  it('creates, reads, lists, updates and deletes a campaign', async () => {
    const t = await h.tenant();
    const mailboxId = await h.createMailbox(t);
    const created = await h.call('POST', '/api/campaigns', {
      key: t.key,
      body: {
        name: 'Spring outreach',
        description: 'Trade fair leads',
        mailboxIds: [mailboxId],
        schedule: {
          days: ['monday', 'tuesday'],
          windowStart: '09:00',
          windowEnd: '17:30',
          timeZone: 'Europe/Paris',
        },
        targetCriteria: { tags: ['fair'], verificationStatuses: ['valid'] },
        dailyCap: 100,
        stopOnReply: true,
      },
    });
    expect(created.statusCode).toBe(201);
    const campaign = created.json<CampaignJson>();
    expect(created.headers.location).toBe(`/api/campaigns/${campaign.id}`);
    expect(campaign).toMatchObject({
      name: 'Spring outreach',
      description: 'Trade fair leads',
      status: 'draft',
      mailboxIds: [mailboxId],
      schedule: {
        days: ['monday', 'tuesday'],
        windowStart: '09:00',
        windowEnd: '17:30',
        timeZone: 'Europe/Paris',
        useRecipientTimeZone: false,
      },
      targetCriteria: { tags: ['fair'], verificationStatuses: ['valid'], company: '', query: '' },
      dailyCap: 100,
      stopOnReply: true,
      stepCount: 0,
      leadCount: 0,
      launchedAt: null,
      completedAt: null,
    });

    expect((await h.call('GET', `/api/campaigns/${campaign.id}`, { key: t.key })).json()).toEqual(campaign);
    expect((await h.call('GET', '/api/campaigns', { key: t.key })).json()).toEqual({
      data: [campaign],
      nextCursor: null,
    });
    expect((await h.call('GET', '/api/campaigns?status=active,paused', { key: t.key })).json()).toEqual({
      data: [],
      nextCursor: null,
    });
    const found = await h.call('GET', '/api/campaigns?status=draft&q=FAIR', { key: t.key });
    expect(found.json<{ data: CampaignJson[] }>().data.map((c) => c.id)).toEqual([campaign.id]);

    const patched = await h.call('PATCH', `/api/campaigns/${campaign.id}`, {
      key: t.key,
      body: { name: 'Spring outreach v2', schedule: { timeZone: 'UTC' } },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({
      name: 'Spring outreach v2',
      description: 'Trade fair leads',
      dailyCap: 100,
      schedule: { days: [], windowStart: null, windowEnd: null, timeZone: 'UTC' },
    });

    const deleted = await h.call('DELETE', `/api/campaigns/${campaign.id}`, { key: t.key });
    expect(deleted.statusCode).toBe(204);
    expect((await h.call('GET', `/api/campaigns/${campaign.id}`, { key: t.key })).statusCode).toBe(404);
  });

  it('names every bad field, whether the gateway or the Campaign service finds it', async () => {
    const t = await h.tenant();
    const schemaErrors = await h.call('POST', '/api/campaigns', {
      key: t.key,
      body: {
        colour: 'red',
        schedule: { windowStart: '25:00', days: ['someday'] },
        dailyCap: -1,
        mailboxIds: ['not-a-uuid'],
      },
    });
    expect(schemaErrors.statusCode).toBe(400);
    expect(fieldsOf(schemaErrors)).toEqual(
      [
        'body.colour',
        'body.dailyCap',
        'body.mailboxIds[0]',
        'body.name',
        'body.schedule.days[0]',
        'body.schedule.windowStart',
      ].sort(),
    );

    const serviceErrors = await h.call('POST', '/api/campaigns', {
      key: t.key,
      body: {
        name: 'x',
        schedule: { timeZone: 'Mars/Olympus_Mons', windowStart: '17:00', windowEnd: '09:00' },
        mailboxIds: [crypto.randomUUID()],
      },
    });
    expect(serviceErrors.statusCode).toBe(400);
    expect(fieldsOf(serviceErrors)).toEqual(
      expect.arrayContaining(['body.schedule.timeZone', 'body.schedule.windowEnd']),
    );
    expect(serviceErrors.json<{ detail: string }>().detail).toContain('body.schedule.timeZone');

    const unknownMailbox = await h.call('POST', '/api/campaigns', {
      key: t.key,
      body: { name: 'x', mailboxIds: [crypto.randomUUID()] },
    });
    // A mailbox not in the workspace is not found, like any other id (see cross-workspace.int-spec.ts).
    expect(unknownMailbox.statusCode).toBe(404);
    expect(fieldsOf(unknownMailbox)).toEqual(['body.mailboxIds[0]']);

    const emptyPatch = await h.call('PATCH', `/api/campaigns/${crypto.randomUUID()}`, {
      key: t.key,
      body: {},
    });
    expect(emptyPatch.statusCode).toBe(400);
    expect((await h.call('GET', '/api/campaigns', { key: t.key })).json()).toEqual({
      data: [],
      nextCursor: null,
    });
  });

  it('creates one campaign for one Idempotency-Key, however often the request is retried', async () => {
    const t = await h.tenant();
    const request = () =>
      h.call('POST', '/api/campaigns', {
        key: t.key,
        body: { name: 'Exactly once' },
        headers: { 'idempotency-key': 'campaign-once' },
      });
    const responses = [await request(), await request(), await request()];
    expect(responses.map((r) => r.statusCode)).toEqual([201, 201, 201]);
    expect(new Set(responses.map((r) => r.body)).size).toBe(1);
    const concurrent = await Promise.all(
      Array.from({ length: 4 }, () =>
        h.call('POST', '/api/campaigns', {
          key: t.key,
          body: { name: 'Raced' },
          headers: { 'idempotency-key': 'campaign-race' },
        }),
      ),
    );
    expect(concurrent.filter((r) => r.statusCode === 201 && !r.headers['idempotency-replayed'])).toHaveLength(
      1,
    );
    expect(concurrent.every((r) => r.statusCode === 201 || r.statusCode === 409)).toBe(true);
    const listed = (await h.call('GET', '/api/campaigns', { key: t.key })).json<{ data: CampaignJson[] }>()
      .data;
    expect(listed.map((c) => c.name).sort()).toEqual(['Exactly once', 'Raced']);
  });
});

describe("the README's campaign example", () => {
  it('is accepted as written (its schedule\'s window is "HH:MM", as the API returns it)', async () => {
    const readme = readFileSync(join(__dirname, '../../../../README.md'), 'utf8');
    const block = readme.split('# a campaign with a schedule')[1] ?? '';
    const body = /-d '([^']*)'/.exec(block)?.[1];
    expect(body).toBeDefined();
    const t = await h.tenant();
    const mailboxId = await h.createMailbox(t);
    const created = await h.call('POST', '/api/campaigns', {
      key: t.key,
      body: (body ?? '').replace('<mailbox-id>', mailboxId),
      headers: { 'content-type': 'application/json' },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json<CampaignJson>().schedule).toEqual({
      days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'],
      windowStart: '09:00',
      windowEnd: '17:00',
      timeZone: 'Europe/Paris',
      useRecipientTimeZone: true,
    });
  });
});

describe("another workspace's campaign", () => {
  it('answers 404 on every route and stays unchanged', async () => {
    const [owner, other] = [await h.tenant(), await h.tenant()];
    const campaign = (
      await h.call('POST', '/api/campaigns', { key: owner.key, body: { name: 'Private' } })
    ).json<CampaignJson>();
    const step = (
      await h.call('POST', `/api/campaigns/${campaign.id}/steps`, {
        key: owner.key,
        body: { subject: 's', textBody: 't' },
      })
    ).json<{ id: string }>();
    const lead = await h.createLead(owner, 'owned@example.com');
    await h.call('POST', `/api/campaigns/${campaign.id}/leads`, {
      key: owner.key,
      body: { clientIds: [lead] },
    });
    const base = `/api/campaigns/${campaign.id}`;
    const attempts: [string, string, unknown?][] = [
      ['GET', base],
      ['PATCH', base, { name: 'Stolen' }],
      ['DELETE', base],
      ['POST', `${base}/launch`],
      ['POST', `${base}/pause`],
      ['POST', `${base}/resume`],
      ['GET', `${base}/steps`],
      ['POST', `${base}/steps`, { subject: 'x', textBody: 'y' }],
      ['PATCH', `${base}/steps/${step.id}`, { subject: 'x' }],
      ['DELETE', `${base}/steps/${step.id}`],
      ['GET', `${base}/leads`],
      ['POST', `${base}/leads`, { clientIds: [lead] }],
      ['DELETE', `${base}/leads/${lead}`],
      ['GET', `${base}/tasks`],
      ['POST', `${base}/tasks`, { clientId: lead, stepId: step.id }],
    ];
    for (const [method, url, body] of attempts) {
      const response = await h.call(method, url, { key: other.key, body });
      expect({ method, url, status: response.statusCode }).toEqual({ method, url, status: 404 });
    }
    const after = (await h.call('GET', base, { key: owner.key })).json<CampaignJson>();
    expect(after).toMatchObject({ name: 'Private', status: 'draft', stepCount: 1, leadCount: 1 });
    expect((await h.call('GET', '/api/campaigns', { key: other.key })).json()).toEqual({
      data: [],
      nextCursor: null,
    });
  });
});

// POST /api/scrape/:id/add-to-campaign with the real Scraper, Client and Campaign services: a job's
// contacts join a campaign as the leads they became, contacts without a lead are skipped by name, and
// what is not the caller's (another workspace's job, a stranger contact, a missing campaign) is refused.
import { waitFor } from '@coldreach/testing';
import { startGatewayHarness, type GatewayHarness } from '../test/gateway-harness';
import { lovelaceLabsPages, startScrapeTestSite, type ScrapeTestSite } from '../test/scrape-test-site';

jest.setTimeout(180_000);

interface Result {
  id: string;
  email: string;
  leadId: string | null;
}
interface Added {
  contacts: number;
  added: number;
  alreadyPresent: number;
  withoutLeadCount: number;
  withoutLead: string[];
}

describe("a scrape job's contacts into a campaign", () => {
  let site: ScrapeTestSite;
  let h: GatewayHarness;
  let jobId: string;
  let results: Result[];
  let campaignId: string;
  const notALead = 'hello@lovelace-labs.com';

  beforeAll(async () => {
    site = await startScrapeTestSite(lovelaceLabsPages(3));
    h = await startGatewayHarness({
      outreach: true,
      scraper: { allowedPrivateCidrs: '127.0.0.2/32', allowedPorts: [site.port] },
    });
    const created = await h.call('POST', '/api/scrape', {
      body: { seedUrls: [`${site.origin}/`], maxDepth: 1 },
    });
    jobId = created.json<{ id: string }>().id;
    await waitFor(
      async () =>
        (await h.call('GET', `/api/scrape/${jobId}`)).json<{ status: string }>().status === 'succeeded',
      { timeoutMs: 120_000, intervalMs: 250, what: 'the scrape job to succeed' },
    );
    results = (await h.call('GET', `/api/scrape/${jobId}/results`)).json<{ data: Result[] }>().data;
    // The harness's Scraper service has no bus to the Client service: the leads its contacts become are
    // made here, through the API, for every contact but one.
    for (const result of results.filter((r) => r.email !== notALead)) {
      expect(await h.createLead(h.a, result.email)).toBe(result.leadId);
    }
    const campaign = await h.call('POST', '/api/campaigns', { body: { name: 'Scraped people' } });
    expect(campaign.statusCode).toBe(201);
    campaignId = campaign.json<{ id: string }>().id;
  }, 170_000);
  afterAll(async () => {
    await h?.close();
    await site?.close();
  });

  const add = (body: unknown, key?: string, job = jobId) =>
    h.call('POST', `/api/scrape/${job}/add-to-campaign`, { body, ...(key ? { key } : {}) });

  it('adds the contacts named, as their leads', async () => {
    expect(results).toHaveLength(5);
    const two = results.filter((r) => r.email !== notALead).slice(0, 2);
    const answer = await add({ campaignId, resultIds: two.map((r) => r.id) });
    expect(answer.statusCode).toBe(200);
    expect(answer.json<Added>()).toEqual({
      contacts: 2,
      added: 2,
      alreadyPresent: 0,
      withoutLeadCount: 0,
      withoutLead: [],
    });
  });

  it('adds all of them when none are named, skipping the contact that is no lead by name', async () => {
    const answer = await add({ campaignId });
    expect(answer.json<Added>()).toEqual({
      contacts: 5,
      added: 2,
      alreadyPresent: 2,
      withoutLeadCount: 1,
      withoutLead: [notALead],
    });
    const leads = (await h.call('GET', `/api/campaigns/${campaignId}/leads`)).json<{
      data: { clientId: string }[];
    }>();
    expect(leads.data.map((lead) => lead.clientId).sort()).toEqual(
      results
        .filter((r) => r.email !== notALead)
        .map((r) => r.leadId)
        .sort(),
    );
  });

  it('refuses a contact that is not one of the job’s, naming its entry, and adds nothing', async () => {
    const stranger = crypto.randomUUID();
    const fresh = (await h.call('POST', '/api/campaigns', { body: { name: 'Fresh' } })).json<{
      id: string;
    }>();
    const lead = results.find((r) => r.email !== notALead)!;
    const answer = await add({ campaignId: fresh.id, resultIds: [lead.id, stranger] });
    expect(answer.statusCode).toBe(400);
    expect(answer.json<{ errors: { field: string }[] }>().errors.map((e) => e.field)).toEqual([
      'body.resultIds[1]',
    ]);
    const leads = await h.call('GET', `/api/campaigns/${fresh.id}/leads`);
    expect(leads.json()).toEqual({ data: [], nextCursor: null });
  });

  it('refuses a body without a campaign, or with one that is not a UUID', async () => {
    for (const body of [{}, { campaignId: 'spring' }]) {
      const answer = await add(body);
      expect(answer.statusCode).toBe(400);
      expect(answer.json<{ errors: { field: string }[] }>().errors[0]?.field).toBe('body.campaignId');
    }
  });

  it('answers 404 for a campaign or a job of another workspace, as for ones that do not exist', async () => {
    const other = await h.tenant('other');
    const theirs = await h.call('POST', '/api/campaigns', { key: other.key, body: { name: 'Theirs' } });
    const theirCampaign = theirs.json<{ id: string }>().id;
    expect((await add({ campaignId: theirCampaign })).statusCode).toBe(404);
    expect((await add({ campaignId: crypto.randomUUID() })).statusCode).toBe(404);
    expect((await add({ campaignId: theirCampaign }, other.key)).statusCode).toBe(404);
    expect((await add({ campaignId }, undefined, crypto.randomUUID())).statusCode).toBe(404);
    // Nothing joined their campaign.
    const leads = await h.call('GET', `/api/campaigns/${theirCampaign}/leads`, { key: other.key });
    expect(leads.json()).toEqual({ data: [], nextCursor: null });
  });
});

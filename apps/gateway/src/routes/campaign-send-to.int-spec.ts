// A campaign's sendTo through the REST API and the real Campaign service: a shorter name for
// targetCriteria.verificationStatuses, shown on every campaign, refused when it contradicts them.
import { fieldsOf, type CampaignJson } from '../test/campaign-json';
import { startGatewayHarness, type GatewayHarness, type Tenant } from '../test/gateway-harness';

jest.setTimeout(60_000);

let h: GatewayHarness;
beforeAll(async () => {
  h = await startGatewayHarness({ outreach: true });
}, 120_000);
afterAll(() => h?.close());

const post = (t: Tenant, body: unknown) => h.call('POST', '/api/campaigns', { key: t.key, body });
const patch = (t: Tenant, id: string, body: unknown) =>
  h.call('PATCH', `/api/campaigns/${id}`, { key: t.key, body });
const statusesOf = (campaign: CampaignJson) =>
  (campaign.targetCriteria as { verificationStatuses: string[] }).verificationStatuses;

describe('sendTo', () => {
  it('sets the verification statuses, and every campaign shows the sendTo its statuses are', async () => {
    const t = await h.tenant();
    const created = await post(t, { name: 'Safe', sendTo: 'safe', targetCriteria: { tags: ['fair'] } });
    expect(created.statusCode).toBe(201);
    const campaign = created.json<CampaignJson>();
    expect(campaign).toMatchObject({
      sendTo: 'safe',
      targetCriteria: { tags: ['fair'], verificationStatuses: ['valid'] },
    });
    expect((await h.call('GET', `/api/campaigns/${campaign.id}`, { key: t.key })).json()).toEqual(campaign);

    // Alone in a PATCH it changes the statuses only; the tags stay.
    const wider = (await patch(t, campaign.id, { sendTo: 'safe+risky' })).json<CampaignJson>();
    expect(wider).toMatchObject({ sendTo: 'safe+risky', targetCriteria: { tags: ['fair'] } });
    expect(statusesOf(wider).sort()).toEqual(['risky', 'valid']);
    const custom = await patch(t, campaign.id, { targetCriteria: { verificationStatuses: ['unknown'] } });
    expect(custom.json()).toMatchObject({ sendTo: 'custom', targetCriteria: { tags: [] } });
    const any = (await patch(t, campaign.id, { sendTo: 'any' })).json<CampaignJson>();
    expect(any).toMatchObject({ sendTo: 'any', targetCriteria: { verificationStatuses: [] } });

    // Without either, a campaign sends to every lead; both, saying the same, are accepted.
    // Defaults of a new campaign: every lead, and a reply stops the lead's sequence.
    expect((await post(t, { name: 'Everyone' })).json()).toMatchObject({ sendTo: 'any', stopOnReply: true });
    const both = await post(t, {
      name: 'Both',
      sendTo: 'safe+risky',
      targetCriteria: { verificationStatuses: ['risky', 'valid'] },
    });
    expect(both.statusCode).toBe(201);
    expect(both.json()).toMatchObject({ sendTo: 'safe+risky' });
  });

  it('is refused naming sendTo when unknown or when it contradicts the statuses', async () => {
    const t = await h.tenant();
    for (const sendTo of ['everyone', 'custom', 'SAFE', 5]) {
      const refused = await post(t, { name: 'Bad', sendTo });
      expect({ sendTo, status: refused.statusCode, fields: fieldsOf(refused) }).toEqual({
        sendTo,
        status: 400,
        fields: ['body.sendTo'],
      });
    }
    const contradicted = await post(t, {
      name: 'Contradicted',
      sendTo: 'safe',
      targetCriteria: { verificationStatuses: ['valid', 'risky'] },
    });
    expect(contradicted.statusCode).toBe(400);
    expect(fieldsOf(contradicted)).toEqual(['body.sendTo']);
    expect(contradicted.json<{ detail: string }>().detail).toContain('targetCriteria.verificationStatuses');
    const campaign = (await post(t, { name: 'Kept', sendTo: 'safe' })).json<CampaignJson>();
    const patched = await patch(t, campaign.id, {
      sendTo: 'any',
      targetCriteria: { verificationStatuses: ['valid'] },
    });
    expect(patched.statusCode).toBe(400);
    expect(fieldsOf(patched)).toEqual(['body.sendTo']);
    expect((await h.call('GET', '/api/campaigns', { key: t.key })).json<{ data: unknown[] }>().data).toEqual([
      expect.objectContaining({ name: 'Kept', sendTo: 'safe' }),
    ]);
  });

  it('keeps a lead the campaign does not send to from being added by id', async () => {
    const t = await h.tenant();
    const campaign = (await post(t, { name: 'Safe', sendTo: 'safe' })).json<CampaignJson>();
    const lead = await h.call('POST', '/api/leads', {
      key: t.key,
      body: { email: 'gone@example.com', verificationStatus: 'invalid' },
    });
    const refused = await h.call('POST', `/api/campaigns/${campaign.id}/leads`, {
      key: t.key,
      body: { clientIds: [lead.json<{ id: string }>().id] },
    });
    expect(refused.statusCode).toBe(400);
    expect(fieldsOf(refused)).toEqual(['body.clientIds[0]']);
    expect(refused.json<{ detail: string }>().detail).toContain('the campaign sends to valid only');
  });
});

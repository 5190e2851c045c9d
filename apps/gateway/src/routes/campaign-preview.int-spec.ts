// POST /api/campaigns/preview through the real Client, Campaign and Email services: template problems
// named by field, a lead of another workspace not found, and a preview equal to the email the Email
// service then sends the same lead for the same step.
import { fieldsOf, launchAndCatchFirst, type CampaignJson } from '../test/campaign-json';
import { startGatewayHarness, type GatewayHarness } from '../test/gateway-harness';

jest.setTimeout(60_000);

let h: GatewayHarness;
beforeAll(async () => {
  h = await startGatewayHarness({ outreach: true });
}, 120_000);
afterAll(() => h?.close());

const step = {
  subject: 'Hi {{first_name | "there"}} at {{company}}',
  textBody: 'Hello {{first_name}}, how is {{company}}? {{custom.plan | "no plan"}}',
  htmlBody: '<p>Hello <b>{{first_name}}</b> of {{company}}</p>',
};

async function createLead(key: string): Promise<string> {
  const created = await h.call('POST', '/api/leads', {
    key,
    body: { email: `ada-${crypto.randomUUID()}@example.com`, firstName: 'Ada', company: 'A & B <Ltd>' },
  });
  expect(created.statusCode).toBe(201);
  return created.json<{ id: string }>().id;
}

describe('POST /api/campaigns/preview', () => {
  it('renders the templates for the lead, values escaped only in HTML', async () => {
    const t = await h.tenant();
    const leadId = await createLead(t.key);
    const preview = await h.call('POST', '/api/campaigns/preview', { key: t.key, body: { ...step, leadId } });
    expect(preview.statusCode).toBe(200);
    expect(preview.json()).toEqual({
      subject: 'Hi Ada at A & B <Ltd>',
      textBody: 'Hello Ada, how is A & B <Ltd>? no plan',
      htmlBody: '<p>Hello <b>Ada</b> of A &amp; B &lt;Ltd&gt;</p>',
    });
    const htmlOnly = await h.call('POST', '/api/campaigns/preview', {
      key: t.key,
      body: { subject: 'x', htmlBody: '<p>Hi {{first_name}}</p>', leadId },
    });
    expect(htmlOnly.json<{ textBody: string }>().textBody.trim()).toBe('Hi Ada');
  });

  it('names every bad template by its field, before looking up the lead', async () => {
    const t = await h.tenant();
    const bad = await h.call('POST', '/api/campaigns/preview', {
      key: t.key,
      body: {
        subject: 'Hi {{frist_name}}',
        textBody: 'fine',
        htmlBody: '<p>{{ company </p>',
        leadId: crypto.randomUUID(),
      },
    });
    expect(bad.statusCode).toBe(400);
    expect(fieldsOf(bad)).toEqual(['body.htmlBody', 'body.subject']);
    expect(bad.json<{ errors: { field: string; message: string }[] }>().errors).toContainEqual({
      field: 'body.subject',
      message: expect.stringMatching(/frist_name.*line 1, column 4.*first_name/),
    });
  });

  it("answers 404 naming body.leadId for a lead that is missing or another workspace's", async () => {
    const [t, other] = [await h.tenant(), await h.tenant()];
    const theirs = await createLead(other.key);
    for (const leadId of [theirs, crypto.randomUUID()]) {
      const missing = await h.call('POST', '/api/campaigns/preview', {
        key: t.key,
        body: { ...step, leadId },
      });
      expect(missing.statusCode).toBe(404);
      expect(fieldsOf(missing)).toEqual(['body.leadId']);
    }
    const notUuid = await h.call('POST', '/api/campaigns/preview', {
      key: t.key,
      body: { ...step, leadId: 'nope' },
    });
    expect(notUuid.statusCode).toBe(400);
  });

  it('shows what the Email service then sends that lead for that step', async () => {
    const t = await h.tenant();
    const leadId = await createLead(t.key);
    const mailboxId = await h.createMailbox(t);
    const preview = (
      await h.call('POST', '/api/campaigns/preview', { key: t.key, body: { ...step, leadId } })
    ).json<{ subject: string; textBody: string; htmlBody: string }>();

    const campaign = (
      await h.call('POST', '/api/campaigns', {
        key: t.key,
        body: { name: 'Preview', mailboxIds: [mailboxId] },
      })
    ).json<CampaignJson>();
    const base = `/api/campaigns/${campaign.id}`;
    expect((await h.call('POST', `${base}/steps`, { key: t.key, body: step })).statusCode).toBe(201);
    const caught = await launchAndCatchFirst<{ subject: string; textBody: string; htmlBody: string }>(
      h.call,
      { key: t.key, campaignId: campaign.id, leadId },
    );
    expect({
      subject: caught.subject,
      textBody: caught.textBody.trimEnd(),
      htmlBody: caught.htmlBody.trimEnd(),
    }).toEqual(preview);
  });
});

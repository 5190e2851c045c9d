// Property-based fuzzing of the campaign, mailbox, suppression and email bodies, through the real
// Campaign and Email services: whatever arrives, the answer is a 2xx or a problem, never a 5xx.
import fc from 'fast-check';
import { startGatewayHarness, type GatewayHarness, type Tenant } from './gateway-harness';

jest.setTimeout(180_000);

let h: GatewayHarness;
let t: Tenant;
let ids: { campaign: string; step: string; client: string; mailbox: string };
beforeAll(async () => {
  h = await startGatewayHarness({ outreach: true });
  t = await h.tenant();
  const client = await h.createLead(t, 'fuzz@example.com');
  const mailbox = await h.createMailbox(t);
  const campaign = (await h.call('POST', '/api/campaigns', { key: t.key, body: { name: 'Fuzz' } })).json<{
    id: string;
  }>().id;
  const step = (
    await h.call('POST', `/api/campaigns/${campaign}/steps`, {
      key: t.key,
      body: { subject: 's', textBody: 't' },
    })
  ).json<{ id: string }>().id;
  ids = { campaign, step, client, mailbox };
}, 120_000);
afterAll(() => h?.close());

// About a quarter of the bodies pass the gateway's schemas and reach the services.
const runs = { numRuns: 60 };

/** Mostly a good value, sometimes a bad one. */
const mostly = (good: fc.Arbitrary<unknown>, ...bad: fc.Arbitrary<unknown>[]): fc.Arbitrary<unknown> =>
  fc.oneof({ arbitrary: good, weight: 6 }, ...bad.map((arbitrary) => ({ arbitrary, weight: 1 })));
const time = fc
  .tuple(fc.integer({ min: -1, max: 25 }), fc.integer({ min: -1, max: 61 }))
  .map(([hour, minute]) => `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`);
const template = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom(
    'Hi {{first_name}}',
    '{{ company | "you" }}',
    '{{nope}}',
    '{{',
    '}}',
    '{{custom.plan}}',
    '\\{{x',
  ),
);
const anyId = fc.oneof(fc.uuid(), fc.string({ maxLength: 10 }));
const records = {
  campaign: fc.record(
    {
      name: mostly(fc.string({ minLength: 1, maxLength: 30 }), fc.constant(''), fc.integer()),
      description: fc.string({ maxLength: 30 }),
      mailboxIds: mostly(fc.constant([] as string[]), fc.array(anyId, { maxLength: 3 })),
      schedule: fc.record(
        {
          days: fc.array(fc.constantFrom('monday', 'sunday', 'funday'), { maxLength: 3 }),
          windowStart: mostly(time, fc.constant(null)),
          windowEnd: mostly(time, fc.constant(null)),
          timeZone: fc.constantFrom('', 'UTC', 'Europe/Paris', 'Nowhere/Else', 'utc'),
          useRecipientTimeZone: fc.boolean(),
        },
        { requiredKeys: [] },
      ),
      targetCriteria: fc.record(
        {
          tags: fc.array(fc.string({ maxLength: 70 }), { maxLength: 3 }),
          verificationStatuses: fc.array(fc.constantFrom('valid', 'bogus'), { maxLength: 2 }),
          company: fc.string({ maxLength: 20 }),
        },
        { requiredKeys: [] },
      ),
      dailyCap: mostly(fc.integer({ min: 0, max: 1000 }), fc.integer()),
      stopOnReply: mostly(fc.boolean(), fc.string()),
    },
    { requiredKeys: [] },
  ),
  step: fc.record(
    {
      position: mostly(fc.integer({ min: 0, max: 3 }), fc.integer()),
      delayMinutes: mostly(fc.integer({ min: 0, max: 100_000 }), fc.integer(), fc.double()),
      subject: template,
      textBody: template,
      htmlBody: template,
    },
    { requiredKeys: [] },
  ),
  send: fc.record(
    {
      clientId: mostly(fc.constant('client'), anyId),
      mailboxId: mostly(fc.constant('mailbox'), anyId),
      subject: template,
      textBody: template,
      htmlBody: template,
      scheduledAt: mostly(
        fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
        fc.string(),
      ),
    },
    { requiredKeys: [] },
  ),
  mailbox: fc.record(
    {
      name: fc.string({ maxLength: 30 }),
      fromAddress: mostly(fc.emailAddress(), fc.string()),
      fromName: fc.string({ maxLength: 30 }),
      smtpUrl: fc.constantFrom('', 'smtp://u:p@127.0.0.1:1', 'smtps://x', 'smtp://', 'http://x'),
      dailyCap: fc.integer({ min: -5, max: 200_000 }),
      domainHourlyCap: fc.integer({ min: -5, max: 200_000 }),
    },
    { requiredKeys: [] },
  ),
  suppression: fc.record(
    {
      email: mostly(fc.emailAddress(), fc.string({ maxLength: 300 })),
      reason: fc.constantFrom('manual', 'unsubscribe', 'hard_bounce', 'complaint', 'nope'),
      note: fc.string({ maxLength: 30 }),
    },
    { requiredKeys: [] },
  ),
};

/** Replaces the placeholders 'client' and 'mailbox' with the real ids, so bodies reach the services. */
function withIds(body: unknown): unknown {
  if (typeof body !== 'object' || body === null) return body;
  const record = { ...(body as Record<string, unknown>) };
  if (record.clientId === 'client') record.clientId = ids.client;
  if (record.mailboxId === 'mailbox') record.mailboxId = ids.mailbox;
  return record;
}

const targets: [string, string, () => string, fc.Arbitrary<unknown>][] = [
  ['POST', 'campaign', () => '/api/campaigns', records.campaign],
  ['PATCH', 'campaign', () => `/api/campaigns/${ids.campaign}`, records.campaign],
  ['POST', 'step', () => `/api/campaigns/${ids.campaign}/steps`, records.step],
  ['PATCH', 'step', () => `/api/campaigns/${ids.campaign}/steps/${ids.step}`, records.step],
  ['POST', 'send', () => '/email/send', records.send],
  ['POST', 'mailbox', () => '/api/mailboxes', records.mailbox],
  ['PATCH', 'mailbox', () => `/api/mailboxes/${ids.mailbox}`, records.mailbox],
  ['POST', 'suppression', () => '/api/suppressions', records.suppression],
  [
    'POST',
    'leads',
    () => `/api/campaigns/${ids.campaign}/leads`,
    fc.record(
      { clientIds: fc.array(mostly(fc.constant('client'), anyId), { maxLength: 3 }) },
      { requiredKeys: [] },
    ),
  ],
];

describe('outreach bodies', () => {
  it.each(targets)('%s a %s body never answers 5xx', async (method, _what, url, body) => {
    await fc.assert(
      fc.asyncProperty(body, async (value) => {
        const payload =
          typeof value === 'object' && value !== null && 'clientIds' in value
            ? { clientIds: (value.clientIds as unknown[]).map((id) => (id === 'client' ? ids.client : id)) }
            : withIds(value);
        const response = await h.call(method, url(), { key: t.key, body: payload });
        if (response.statusCode >= 500) throw new Error(`${response.statusCode}: ${response.body}`);
        if (response.statusCode >= 400) {
          expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        }
      }),
      runs,
    );
  });
});

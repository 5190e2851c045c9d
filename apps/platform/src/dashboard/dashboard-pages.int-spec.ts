// Every main page of the dashboard, with data in it: a screenshot at 1366×768 and at 1024 px wide
// (into .cache/screenshots/, git-ignored), no horizontal overflow at either, and axe-core finding no
// serious or critical accessibility violation (the lesser ones are printed).
import { startDashboardHarness, type DashboardHarness } from './test/dashboard-harness';
import {
  axeViolations,
  describeViolations,
  horizontalOverflow,
  screenshot,
  settled,
  sidewaysScrollers,
} from './test/page-checks';
import { waitFor } from '@coldreach/testing';

jest.setTimeout(120_000);

interface Ids {
  leadId: string;
  campaignId: string;
}

/** The main pages: their name (the screenshot's file) and path. */
const pages: [string, (ids: Ids) => string][] = [
  ['home', () => '/'],
  ['leads', () => '/leads'],
  ['lead-detail', ({ leadId }) => `/leads/${leadId}`],
  ['import', () => '/leads/import'],
  ['campaigns', () => '/campaigns'],
  ['campaign-editor', ({ campaignId }) => `/campaigns/${campaignId}/edit`],
  ['campaign-detail', ({ campaignId }) => `/campaigns/${campaignId}`],
  ['scraping', () => '/scraping'],
  ['mailboxes', () => '/mailboxes'],
  ['suppressions', () => '/suppressions'],
  ['deliveries', () => '/deliveries'],
  ['caught-mail', () => '/caught-mail'],
  ['api-keys', () => '/api-keys'],
  ['account', () => '/account'],
];

describe('the dashboard pages: screenshots, layout and accessibility', () => {
  let harness: DashboardHarness;
  let ids: Ids;

  beforeAll(async () => {
    harness = await startDashboardHarness();
    ids = await seed(harness);
  });
  afterAll(async () => {
    await harness?.stop();
  });

  it('finds what axe is there to find: an image without text and an unlabelled field, planted', async () => {
    const { page, close } = await harness.journey();
    try {
      await page.goto('/sign-in');
      await settled(page);
      expect(await axeViolations(page)).toEqual([]);
      await page.evaluate(() => {
        const image = document.createElement('img');
        image.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';
        document.querySelector('main')?.append(image, document.createElement('input'));
      });
      const found = await axeViolations(page);
      expect(found.map((violation) => [violation.id, violation.impact])).toEqual(
        expect.arrayContaining([
          ['image-alt', 'critical'],
          ['label', 'critical'],
        ]),
      );
    } finally {
      await close();
    }
  });

  it.each(pages)('%s: no overflow at 1366 or 1024 px, no serious axe violation', async (name, path) => {
    const { page, problems, close } = await harness.journey({ signedInAs: harness.ownerA });
    try {
      await page.goto(path(ids));
      await settled(page);
      const violations = await axeViolations(page);
      const lesser = violations.filter((v) => v.impact !== 'serious' && v.impact !== 'critical');
      // The lesser findings are reported, not failed on.
      for (const line of describeViolations(lesser)) process.stdout.write(`axe, ${name}: ${line}\n`);
      expect(describeViolations(violations.filter((v) => !lesser.includes(v)))).toEqual([]);
      // The same page at a laptop's width, then narrowed as a person would narrow the window.
      const overflow: Record<number, number> = {};
      for (const width of [1366, 1024]) {
        await page.setViewportSize({ width, height: 768 });
        await screenshot(page, name);
        overflow[width] = await horizontalOverflow(page);
        for (const box of await sidewaysScrollers(page))
          process.stdout.write(`scrolls sideways, ${name} at ${width} px: ${box}\n`);
      }
      expect(overflow).toEqual({ 1366: 0, 1024: 0 });
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  });
});

/**
 * A workspace with something on every page: a mailbox, leads, a draft campaign with two steps, a
 * launched one whose email was caught (deliveries, caught mail), a suppression and a second API key.
 */
async function seed(h: DashboardHarness): Promise<Ids> {
  const a = h.test.a;
  const mailbox = await h.api<{ id: string }>(a, 'POST', '/api/mailboxes', {
    name: 'Sales',
    fromName: 'Sam Sales',
    fromAddress: 'sam@example.test',
  });
  const lead = await h.api<{ id: string }>(a, 'POST', '/api/leads', {
    email: 'ada@example.test',
    firstName: 'Ada',
    lastName: 'Lovelace',
    company: 'Analytical Engines',
    title: 'Founder',
    tags: ['founders'],
    sourceUrl: 'https://engines.example.test/team',
  });
  await h.api(a, 'POST', '/api/leads', { email: 'grace@example.test', firstName: 'Grace', company: 'Navy' });
  const campaign = async (name: string) => {
    const created = await h.api<{ id: string }>(a, 'POST', '/api/campaigns', {
      name,
      mailboxIds: [mailbox.id],
    });
    await h.api(a, 'POST', `/api/campaigns/${created.id}/steps`, {
      subject: 'Hi {{first_name | "there"}}',
      textBody: 'Hello {{first_name}}, a short note about {{company}}.',
    });
    await h.api(a, 'POST', `/api/campaigns/${created.id}/steps`, {
      subject: 'Following up',
      textBody: 'Just checking in.',
      delayMinutes: 3 * 24 * 60,
    });
    await h.api(a, 'POST', `/api/campaigns/${created.id}/leads`, { clientIds: [lead.id] });
    return created.id;
  };
  const draft = await campaign('Founders, spring');
  const launched = await campaign('Founders, winter');
  await h.api(a, 'POST', `/api/campaigns/${launched}/launch`);
  await waitFor(
    async () =>
      (await h.api<{ data: unknown[] }>(a, 'GET', `/api/caught-messages?campaignId=${launched}`)).data
        .length > 0,
    { timeoutMs: 60_000, what: "the launched campaign's caught email" },
  );
  await h.api(a, 'POST', '/api/suppressions', { email: 'gone@example.test', note: 'Asked by phone' });
  return { leadId: lead.id, campaignId: draft };
}

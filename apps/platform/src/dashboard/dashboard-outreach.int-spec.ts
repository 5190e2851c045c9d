// The dashboard's outreach journeys in a real browser, as a new user runs them: a lead by hand, a
// CSV import with a bad row, then a two-step campaign (a template error shown and fixed inline), its
// preview, launch, the caught email, pause, and the recipient's unsubscribe ending up suppressed.
import { startDashboardHarness, type DashboardHarness, type Journey } from './dashboard-harness';
import { action, heading, openSection } from './journey-steps';

jest.setTimeout(120_000);

interface LeadPage {
  data: { id: string; email: string }[];
}

describe('dashboard outreach journeys in Chromium', () => {
  let harness: DashboardHarness;
  const journeys: Journey[] = [];
  const signedIn = async () => {
    const started = await harness.journey({ signedInAs: harness.ownerA });
    journeys.push(started);
    await started.page.goto('/');
    await heading(started.page, 'Home');
    return started.page;
  };

  beforeAll(async () => {
    harness = await startDashboardHarness();
  });
  afterEach(async () => {
    for (const { problems, close } of journeys.splice(0)) {
      await close();
      expect(problems).toEqual([]);
    }
  });
  afterAll(async () => {
    await harness?.stop();
  });

  it('creates a lead', async () => {
    const page = await signedIn();
    await openSection(page, 'Leads');
    await action(page, 'New lead').click();
    await page.getByLabel('Email', { exact: true }).fill('ada@example.test');
    await page.getByLabel('First name').fill('Ada');
    await page.getByLabel('Company').fill('Analytical Engines');
    await page.getByRole('button', { name: /^(Create lead|Add lead|Save)$/ }).click();
    await page
      .getByRole('cell', { name: 'ada@example.test' })
      .or(page.getByRole('link', { name: 'ada@example.test' }))
      .first()
      .waitFor();
    const found = await harness.api<LeadPage>(harness.test.a, 'GET', '/api/leads?q=ada@example.test');
    expect(found.data.map((lead) => lead.email)).toEqual(['ada@example.test']);
  });

  it('imports a CSV and shows the row it could not import with its number', async () => {
    const page = await signedIn();
    await openSection(page, 'Leads');
    await action(page, 'Import CSV').click();
    await heading(page, 'Import leads');
    const csv = [
      'email,first_name,company',
      'grace@example.test,Grace,Navy',
      'not-an-address,Bob,Nowhere',
      'linus@example.test,Linus,Kernel',
      '',
    ].join('\n');
    await page
      .locator('input[type=file]')
      .setInputFiles({ name: 'leads.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await action(page, 'Upload').click();
    const rejected = page
      .getByRole('region', { name: 'Rows not imported' })
      .or(page.locator('section', { has: page.getByRole('heading', { name: 'Rows not imported' }) }));
    await rejected.first().waitFor();
    const text = await rejected.first().innerText();
    // The bad address is the file's third line (the second data row): whichever way the page counts.
    expect(text).toMatch(/\b(2|3)\b/);
    expect(text).toMatch(/not-an-address|email/i);
    const imported = await harness.api<LeadPage>(
      harness.test.a,
      'GET',
      '/api/leads?q=example.test&limit=100',
    );
    expect(imported.data.map((lead) => lead.email)).toEqual(
      expect.arrayContaining(['grace@example.test', 'linus@example.test']),
    );
  });

  it('runs a campaign from the editor to the caught email, pauses it, and suppresses an unsubscribe', async () => {
    const { a } = harness.test;
    await harness.api(a, 'POST', '/api/mailboxes', {
      name: 'Me',
      fromName: 'Me',
      fromAddress: 'me@example.test',
    });
    const lead = await harness.api<{ id: string }>(a, 'POST', '/api/leads', {
      email: 'hedy@example.test',
      firstName: 'Hedy',
    });
    const page = await signedIn();

    await openSection(page, 'Campaigns');
    await action(page, 'New campaign').click();
    await heading(page, 'New campaign');
    await page.getByLabel('Name', { exact: true }).fill('Hello Hedy');
    const mailbox = page.getByRole('checkbox', { name: /me@example\.test/ });
    if ((await mailbox.count()) > 0) await mailbox.check();
    else await page.getByLabel(/Mailbox/).selectOption({ label: /me@example\.test/.source });

    const sequence = page
      .getByRole('region', { name: 'Sequence' })
      .or(page.locator('section', { has: page.getByRole('heading', { name: 'Sequence' }) }))
      .first();
    const subjects = sequence.getByLabel('Subject');
    const bodies = sequence.getByLabel('Text body');
    await subjects.nth(0).fill('Hi {{first_name');
    await bodies.nth(0).fill('Hello {{first_name | "there"}}, a short note.');
    await page.getByRole('button', { name: 'Save' }).click();
    // The API's template error, beside the subject that caused it; what was typed is kept.
    const subjectError = await subjects.nth(0).getAttribute('aria-describedby');
    expect(subjectError).toBeTruthy();
    await page
      .locator(`[id="${subjectError?.split(' ')[0]}"]`)
      .filter({ hasText: /\S/ })
      .waitFor();
    expect(await bodies.nth(0).inputValue()).toContain('a short note');

    await subjects.nth(0).fill('Hi {{first_name}}');
    await sequence.getByRole('button', { name: 'Add step' }).click();
    await subjects.nth(1).fill('Following up, {{first_name}}');
    await bodies.nth(1).fill('Just checking in.');
    await sequence.getByLabel('Delay (days)').nth(1).fill('2');

    // The preview, rendered for the chosen lead.
    await page.getByLabel('Preview for lead').fill('hedy');
    const option = page.getByRole('option', { name: /hedy@example\.test/ });
    if ((await option.count()) > 0) await option.first().click();
    const preview = page.locator('section', { has: page.getByRole('heading', { name: 'Preview' }) }).first();
    await preview.getByText('Hi Hedy').first().waitFor();

    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/campaigns\/[0-9a-f-]{36}(\/edit)?$/);
    const campaignId = /\/campaigns\/([0-9a-f-]{36})/.exec(page.url())?.[1] as string;
    await harness.api(a, 'POST', `/api/campaigns/${campaignId}/leads`, { clientIds: [lead.id] });

    await page.goto(`/campaigns/${campaignId}`);
    await heading(page, 'Hello Hedy');
    await page.getByRole('button', { name: 'Launch' }).click();
    const confirm = page.getByRole('dialog').getByRole('button', { name: 'Launch' });
    if ((await confirm.count()) > 0) await confirm.click();
    await page.getByRole('button', { name: 'Pause' }).waitFor();

    // The caught email, as the recipient sees it, with its unsubscribe link.
    await openSection(page, 'Caught mail');
    const caught = page
      .getByRole('button', { name: /Hi Hedy/ })
      .or(page.getByRole('link', { name: /Hi Hedy/ }))
      .first();
    await caught.waitFor({ timeout: 60_000 });
    await caught.click();
    const unsubscribe = page.getByRole('link', { name: 'Unsubscribe link' });
    const href = (await unsubscribe.getAttribute('href')) ?? '';
    expect(new URL(href).origin).toBe(harness.baseUrl);
    expect(new URL(href).pathname).toMatch(/^\/unsubscribe\//);

    await page.goto(`/campaigns/${campaignId}`);
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByRole('button', { name: 'Resume' }).waitFor();

    // The recipient follows the link and confirms; the address is then on the suppression list.
    await page.goto(href);
    await page.getByRole('button', { name: 'Unsubscribe' }).click();
    await page.getByRole('heading', { name: 'You are unsubscribed' }).waitFor();
    await page.goto('/suppressions');
    await heading(page, 'Suppressions');
    await page.getByText('hedy@example.test').first().waitFor();
  });
});

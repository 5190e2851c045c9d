// The dashboard's outreach journeys in a real browser, as a new user runs them: a lead by hand, a
// CSV import with a bad row, then a two-step campaign (a template error shown and fixed inline), its
// preview, launch, the caught email, pause, and the recipient's unsubscribe ending up suppressed.
import { useDashboardJourneys, type DashboardHarness } from './test/dashboard-harness';
import { action, heading, openSection } from './test/journey-steps';

jest.setTimeout(120_000);

interface LeadPage {
  data: { id: string; email: string }[];
}

describe('dashboard outreach journeys in Chromium', () => {
  const dashboard = useDashboardJourneys();
  let harness: DashboardHarness;
  beforeAll(() => {
    harness = dashboard.harness();
  });
  const signedIn = async () => {
    const started = await dashboard.journey({ signedInAs: harness.ownerA });
    await started.page.goto('/');
    await heading(started.page, 'Home');
    return started.page;
  };

  it('creates a lead', async () => {
    const page = await signedIn();
    await openSection(page, 'Leads');
    await action(page, 'New lead').click();
    const form = page.getByRole('form', { name: 'New lead' });
    await form.getByLabel('Email', { exact: true }).fill('ada@example.test');
    await form.getByLabel('First name').fill('Ada');
    await form.getByLabel('Company').fill('Analytical Engines');
    await form.getByRole('button', { name: 'Create lead' }).click();
    await page.getByRole('main').getByRole('table').getByText('ada@example.test').first().waitFor();
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
      .getByLabel('CSV file')
      .setInputFiles({ name: 'leads.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await action(page, 'Upload').click();
    // Row 1 is the first after the header: the bad address is row 2, with the reason beside it.
    const rejected = page.getByRole('region', { name: 'Rows not imported' });
    const row = rejected.getByRole('row').filter({ has: page.getByRole('cell', { name: '2', exact: true }) });
    await row.waitFor();
    expect(await rejected.getByRole('row').count()).toBe(2);
    expect(await row.getByRole('cell').nth(1).innerText()).toMatch(/email|address/i);
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
    await page.getByRole('checkbox', { name: /me@example\.test/ }).check();
    // Every day, any time: the email goes out now, whatever day and hour the test runs.
    for (const day of ['Sat', 'Sun']) await page.getByRole('checkbox', { name: day, exact: true }).check();
    await page.getByLabel('Window start').fill('');
    await page.getByLabel('Window end').fill('');

    const sequence = page.getByRole('region', { name: 'Sequence' });
    const subjects = sequence.getByLabel('Subject', { exact: true });
    const bodies = sequence.getByLabel('Text body', { exact: true });
    await subjects.nth(0).fill('Hi {{first_name');
    await bodies.nth(0).fill('Hello {{first_name | "there"}}, a short note.');
    await page.getByRole('button', { name: 'Save' }).click();
    // The API's template error, beside the subject that caused it; what was typed is kept.
    await subjects.nth(0).and(page.locator('[aria-invalid="true"]')).waitFor();
    const describedBy = (await subjects.nth(0).getAttribute('aria-describedby')) ?? '';
    const errorText = await page.locator(`[id="${describedBy.split(' ').pop()}"]`).innerText();
    expect(errorText).toMatch(/\S/);
    expect(await subjects.nth(0).inputValue()).toBe('Hi {{first_name');
    expect(await bodies.nth(0).inputValue()).toContain('a short note');

    await subjects.nth(0).fill('Hi {{first_name}}');
    await sequence.getByRole('button', { name: 'Add step' }).click();
    await subjects.nth(1).fill('Following up, {{first_name}}');
    await bodies.nth(1).fill('Just checking in.');
    await sequence.getByLabel('Delay (days)').nth(1).fill('2');

    // The preview, rendered for the chosen lead, both steps.
    await page.getByLabel('Preview for lead').fill('hedy');
    const preview = page.getByRole('region', { name: 'Preview' });
    await preview.getByText('Hi Hedy').first().waitFor();
    await preview.getByText('Following up, Hedy').first().waitFor();

    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/campaigns\/[0-9a-f-]{36}(\/edit)?$/);
    const campaignId = /\/campaigns\/([0-9a-f-]{36})/.exec(page.url())?.[1] as string;
    await harness.api(a, 'POST', `/api/campaigns/${campaignId}/leads`, { clientIds: [lead.id] });

    await page.goto(`/campaigns/${campaignId}`);
    await heading(page, 'Hello Hedy');
    await page.getByRole('button', { name: 'Launch' }).click();
    await page.getByRole('button', { name: 'Pause' }).waitFor();

    // The caught email, as the recipient sees it, with its unsubscribe link.
    await openSection(page, 'Caught mail');
    // The page refreshes its list: the email appears once the campaign's worker has sent it.
    const caught = page
      .getByRole('region', { name: 'Caught emails' })
      .getByRole('button', { name: 'Hi Hedy' });
    await caught.waitFor({ timeout: 60_000 });
    await caught.click();
    await page.getByRole('heading', { level: 2, name: 'Hi Hedy' }).waitFor();
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

// The dashboard's sessions in a real browser: sign-in and sign-out, one workspace's user seeing none
// of another's data, CSRF refusals that change nothing, a session revoked from another browser, and
// the main journey by keyboard alone; and the Content-Security-Policy in force (the axe pass in the
// pages spec injects its script by the DevTools protocol, which leaves the policy as it is).
import { signIn, useDashboardJourneys, type DashboardHarness } from './test/dashboard-harness';
import { action, fetchFromPage, heading, openSection, tabTo } from './test/journey-steps';

jest.setTimeout(120_000);

interface LeadPage {
  data: { id: string; email: string }[];
}

describe('dashboard sessions in Chromium', () => {
  const dashboard = useDashboardJourneys();
  let harness: DashboardHarness;
  beforeAll(() => {
    harness = dashboard.harness();
  });
  const journey = () => dashboard.journey();

  it('signs in (refusing a wrong password without saying which field), signs out, and guards pages', async () => {
    const { page } = await journey();
    await page.goto('/leads');
    await page.waitForURL(/\/sign-in\?next=%2Fleads$/);
    await page.getByLabel('Email').fill(harness.ownerA.email);
    await page.getByLabel('Password', { exact: true }).fill('not the password at all');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('The email or password is wrong.').waitFor();

    await page.getByLabel('Password', { exact: true }).fill(harness.ownerA.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await heading(page, 'Leads');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await heading(page, 'Sign in to Cold Reach');
    expect((await page.request.get('/api/session')).status()).toBe(401);
    await page.goto('/campaigns');
    await page.waitForURL(/\/sign-in\?next=%2Fcampaigns$/);
  });

  it("shows a second workspace's user none of the first workspace's data", async () => {
    const { a, b } = harness.test;
    const secret = await harness.api<{ id: string }>(a, 'POST', '/api/leads', {
      email: 'only-in-a@example.test',
      firstName: 'Secret',
    });
    await harness.api(b, 'POST', '/api/leads', { email: 'only-in-b@example.test', firstName: 'Own' });

    const { page } = await journey();
    await signIn(page, harness.ownerB);
    await openSection(page, 'Leads');
    await page.getByText('only-in-b@example.test').first().waitFor();
    expect(await page.getByText('only-in-a@example.test').count()).toBe(0);

    // Not by its address either, nor by the API with the same cookie.
    await page.goto(`/leads/${secret.id}`);
    await page.getByRole('heading', { level: 1 }).or(page.getByRole('alert')).first().waitFor();
    expect(await page.getByText('only-in-a@example.test').count()).toBe(0);
    const listed = (await (await page.request.get('/api/leads?limit=100')).json()) as LeadPage;
    expect(listed.data.map((lead) => lead.email)).toEqual(['only-in-b@example.test']);
    expect((await page.request.get(`/api/leads/${secret.id}`)).status()).toBe(404);
  });

  it('refuses a state-changing request without the CSRF token and changes nothing', async () => {
    const { page } = await journey();
    await signIn(page, harness.ownerA);
    const lead = { email: 'csrf-probe@example.test' };

    const without = await fetchFromPage(page, 'POST', '/api/leads', lead);
    const wrong = await fetchFromPage(page, 'POST', '/api/leads', lead, { 'x-csrf-token': 'forged' });
    expect([without.status, wrong.status]).toEqual([403, 403]);
    expect(JSON.parse(without.body)).toMatchObject({ type: 'urn:coldreach:problem:csrf' });
    const found = await harness.api<LeadPage>(harness.test.a, 'GET', '/api/leads?q=csrf-probe');
    expect(found.data).toEqual([]);

    // The same request with the session's token goes through: the refusal was the token's.
    const session = JSON.parse((await fetchFromPage(page, 'GET', '/api/session')).body) as {
      csrfToken: string;
    };
    const allowed = await fetchFromPage(page, 'POST', '/api/leads', lead, {
      'x-csrf-token': session.csrfToken,
    });
    expect(allowed.status).toBe(201);
  });

  it('ends the session in one browser when the password is changed in another', async () => {
    const first = await journey();
    await signIn(first.page, harness.secondA);
    await openSection(first.page, 'Leads');

    const second = await journey();
    await signIn(second.page, harness.secondA);
    await second.page.goto('/account');
    await heading(second.page, 'Account');
    const newPassword = 'a brand new passphrase';
    await second.page.getByLabel('Current password').fill(harness.secondA.password);
    await second.page.getByLabel('New password', { exact: true }).fill(newPassword);
    const confirm = second.page.getByLabel(/confirm/i);
    if ((await confirm.count()) > 0) await confirm.fill(newPassword);
    await second.page.getByRole('button', { name: 'Change password' }).click();
    await second.page
      .getByText(/signed out/i)
      .first()
      .waitFor();

    // The first browser's next action finds its session gone and says so.
    await first.page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('link', { name: 'Campaigns' })
      .click();
    await heading(first.page, 'Sign in to Cold Reach');
    await first.page.getByText('Your session has ended. Sign in again to continue.').waitFor();
    await signIn(first.page, { ...harness.secondA, password: newPassword });
  });

  it('signs in and creates a lead with the keyboard alone', async () => {
    const { page } = await journey();
    await page.goto('/sign-in');
    await tabTo(page, page.getByLabel('Email'));
    await page.keyboard.type(harness.ownerA.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(harness.ownerA.password);
    await page.keyboard.press('Enter');
    await heading(page, 'Home');

    await tabTo(
      page,
      page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Leads' }),
    );
    await page.keyboard.press('Enter');
    await heading(page, 'Leads');
    await tabTo(page, action(page, 'New lead'));
    await page.keyboard.press('Enter');
    const form = page.getByRole('form', { name: 'New lead' });
    await tabTo(page, form.getByLabel('Email', { exact: true }));
    await page.keyboard.type('keyboard@example.test');
    await page.keyboard.press('Enter');
    await page.getByRole('main').getByRole('table').getByText('keyboard@example.test').first().waitFor();
    const found = await harness.api<LeadPage>(harness.test.a, 'GET', '/api/leads?q=keyboard@example.test');
    expect(found.data.map((lead) => lead.email)).toEqual(['keyboard@example.test']);
  });

  it('sends the policy and refuses an inline script', async () => {
    const { page, problems } = await journey();
    const response = await page.goto('/sign-in');
    const policy = response?.headers()['content-security-policy'] ?? '';
    expect(policy).toContain("script-src 'self'");
    expect(policy).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(policy).toContain("frame-ancestors 'none'");
    await page.getByRole('heading', { name: 'Sign in to Cold Reach' }).waitFor();

    const refusal = page.waitForEvent('console', (message) =>
      message.text().includes('Content Security Policy'),
    );
    const outcome = await page.evaluate(
      () =>
        new Promise<{ ran: boolean; violated: string }>((resolve) => {
          document.addEventListener('securitypolicyviolation', (event) =>
            resolve({
              ran: (window as unknown as { inlineRan?: boolean }).inlineRan === true,
              violated: event.effectiveDirective,
            }),
          );
          const script = document.createElement('script');
          script.textContent = 'window.inlineRan = true;';
          document.body.append(script);
        }),
    );
    expect(outcome).toEqual({ ran: false, violated: 'script-src-elem' });
    expect(await page.evaluate(() => 'inlineRan' in window)).toBe(false);
    // The refusal itself is the one console error this page shows.
    await refusal;
    expect(problems.splice(0)).toEqual([expect.stringContaining('Content Security Policy')]);
  });
});

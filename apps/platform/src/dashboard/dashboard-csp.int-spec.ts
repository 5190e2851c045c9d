// The dashboard's Content-Security-Policy is in force in a real browser: the page carries the header
// and a script written into it inline does not run (the axe pass elsewhere injects its script by the
// DevTools protocol, which leaves the policy as it is).
import { startDashboardHarness, type DashboardHarness } from './dashboard-harness';

jest.setTimeout(120_000);

describe('the dashboard under its Content-Security-Policy', () => {
  let harness: DashboardHarness;

  beforeAll(async () => {
    harness = await startDashboardHarness();
  });
  afterAll(async () => {
    await harness?.stop();
  });

  it('sends the policy and refuses an inline script', async () => {
    const { page, problems, close } = await harness.journey();
    try {
      const response = await page.goto('/sign-in');
      const policy = response?.headers()['content-security-policy'] ?? '';
      expect(policy).toContain("script-src 'self'");
      expect(policy).not.toMatch(/script-src[^;]*'unsafe-inline'/);
      expect(policy).toContain("frame-ancestors 'none'");
      await page.getByRole('heading', { name: 'Sign in to Cold Reach' }).waitFor();

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
      // The refusal itself is the one console error this page may show.
      expect(problems.filter((problem) => !problem.includes('Content Security Policy'))).toEqual([]);
    } finally {
      await close();
    }
  });
});

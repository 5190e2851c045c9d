// `npm run scrape` (apps/scrape-cli) as a user runs it: its own process, talking HTTP to a gateway that
// listens on loopback, with the real Scraper service crawling a site on 127.0.0.2.
import { join } from 'node:path';
import { waitFor } from '@coldreach/testing';
import { startGatewayHarness, type GatewayHarness } from '../test/gateway-harness';
import { startNodeProcess } from '../test/node-process';
import { lovelaceLabsPages, startScrapeTestSite, type ScrapeTestSite } from '../test/scrape-test-site';

jest.setTimeout(180_000);

const cliDir = join(__dirname, '../../../scrape-cli');

let site: ScrapeTestSite;
let h: GatewayHarness;
let apiUrl: string;
beforeAll(async () => {
  site = await startScrapeTestSite({
    ...lovelaceLabsPages(5),
    // Never answers (until the site closes): a job crawling it runs until cancelled.
    '/slow': () => undefined,
  });
  h = await startGatewayHarness({
    scraper: { allowedPrivateCidrs: '127.0.0.2/32', allowedPorts: [site.port], pageTimeoutMs: 170_000 },
  });
  apiUrl = await h.app.listen({ host: '127.0.0.1', port: 0 });
}, 120_000);
afterAll(async () => {
  await site?.close();
  await h?.close();
});

const runCli = (args: string[], key = h.a.key) =>
  startNodeProcess('src/main.ts', args, {
    cwd: cliDir,
    env: { COLDREACH_API_URL: apiUrl, COLDREACH_API_KEY: key },
  });

const jobIdIn = (stdout: string) => /Scrape job ([0-9a-f-]{36})/.exec(stdout)?.[1];

it('crawls to the end, prints the summary and exits 0, never showing the key', async () => {
  const { output, exited } = runCli([`${site.origin}/`, '--max-pages', '10', '--tag', 'cli-crawl']);
  expect(await exited).toBe(0);
  const id = jobIdIn(output.stdout);
  expect(output.stdout).toContain(`Scrape job ${id} queued: ${site.origin}/`);
  expect(output.stdout).toContain(`Scrape job ${id} succeeded after`);
  expect(output.stdout).toContain('  contacts: 7\n');
  expect(output.stdout).toContain(`  results:  ${apiUrl}/api/scrape/${id}/results (JSON)`);
  expect(output.stdout).toContain(`  leads:    ${apiUrl}/api/leads?tag=cli-crawl`);
  // Not a terminal: plain lines, nothing redrawn.
  expect(output.stdout).not.toContain('\r');
  expect(output.stderr).toBe('');
  expect(output.stdout).not.toContain(h.a.key);
  const job = (await h.call('GET', `/api/scrape/${id}`)).json<{ status: string; contactsFound: number }>();
  expect(job).toMatchObject({ status: 'succeeded', contactsFound: 7 });
});

it("exits 1 with the problem's detail when the API refuses, and never shows the key", async () => {
  const refused = runCli(['http://127.0.0.1:8080/']);
  expect(await refused.exited).toBe(1);
  expect(refused.output.stderr).toMatch(/^error: HTTP 400 Bad Request: body\.seedUrls\[0\]: .+\n$/);

  const unknownKey = `${h.a.key.slice(0, -4)}zzzz`;
  const unauthorised = runCli([`${site.origin}/`], unknownKey);
  expect(await unauthorised.exited).toBe(1);
  expect(unauthorised.output.stderr).toBe(
    'error: HTTP 401 Unauthorized: the API key was refused (missing, unknown or revoked)\n',
  );
  expect(unauthorised.output.stdout + unauthorised.output.stderr).not.toContain(unknownKey);
});

it('cancels the job on Ctrl-C and exits 130', async () => {
  const { child, output, exited } = runCli([`${site.origin}/slow`, '--max-depth', '0']);
  await waitFor(() => output.stdout.includes('\nrunning '), { timeoutMs: 60_000, what: 'the job to run' });
  child.kill('SIGINT');
  expect(await exited).toBe(130);
  const id = jobIdIn(output.stdout);
  expect(output.stdout).toContain(`Cancelling scrape job ${id}…\nScrape job ${id} cancelled after`);
  expect((await h.call('GET', `/api/scrape/${id}`)).json<{ status: string }>().status).toBe('cancelled');
});

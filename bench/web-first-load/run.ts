// Benchmark: the dashboard's first load in Debian's Chromium on this machine, served by `npm start`'s
// own entry point (a process, on a temporary data dir). The JavaScript the sign-in page and the
// leads page load (bytes and gzipped) and the time until each is usable, as the median of several
// cold loads (a fresh browser context each: empty cache), beside the budget.
// Usage: npm run bench:web-first-load [-- <runs>]
// The functions given to page.waitForFunction run in Chromium and name the page's globals:
/// <reference lib="dom" />
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import {
  freePort,
  launchChromium,
  snapshotDashboard,
  spawnServiceProcess,
  waitForOutput,
  type ServiceProcess,
} from '@coldreach/testing';
import { runBench } from '../run-bench';

const runs = Number(process.argv[2] ?? '7');
const budget = { jsGzipBytes: 200 * 1024, ttiMs: 1500 };
const seededLeads = 50;
const dataDir = mkdtempSync(join(tmpdir(), 'bench-web-'));
let web: { root: string; remove(): void } | undefined;
let platform: ServiceProcess | undefined;
let browser: Browser | undefined;

interface Load {
  ms: number;
  scripts: string[];
  /** Milestones from navigation start, ms: the HTML parsed, each API request's start and end. */
  milestones: Record<string, number>;
}

/** What makes a page usable: at least `count` elements match `selector`. */
interface Usable {
  selector: string;
  count: number;
}

// The sign-in form can be submitted (React renders its fields and the enabled button together);
// the leads table shows its first page of rows.
const signInUsable = { selector: 'main form button[type=submit]:not([disabled])', count: 1 };
const leadsUsable = { selector: 'main table tbody tr', count: 25 };

/** The asset paths (/assets/…js) the page requested, in order. */
function recordScripts(page: Page): string[] {
  const scripts: string[] = [];
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (request.resourceType() === 'script' && !scripts.includes(path)) scripts.push(path);
  });
  return scripts;
}

/**
 * Navigation start → the page usable, read in the page (performance.now() counts from navigation
 * start), checked on every animation frame so the figure is the page's, not the poll's.
 */
async function timeLoad(page: Page, path: string, usable: Usable): Promise<Load> {
  const scripts = recordScripts(page);
  await page.goto(path, { waitUntil: 'commit' });
  const handle = await page.waitForFunction(
    ({ selector, count }) => document.querySelectorAll(selector).length >= count && performance.now(),
    usable,
    { polling: 'raf', timeout: 30_000 },
  );
  const ms = Number(await handle.jsonValue());
  const milestones = await page.evaluate(() => {
    const [navigation] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
    const found: Record<string, number> = { 'HTML parsed': navigation?.domContentLoadedEventEnd ?? 0 };
    for (const entry of performance.getEntriesByType('resource') as PerformanceResourceTiming[]) {
      const path = new URL(entry.name).pathname;
      if (!path.startsWith('/api/')) continue;
      found[`GET ${path} asked`] = entry.startTime;
      found[`GET ${path} answered`] = entry.responseEnd;
    }
    return found;
  });
  return { ms, scripts, milestones };
}

type StorageState = Awaited<ReturnType<Awaited<ReturnType<Browser['newContext']>>['storageState']>>;

/** Cold loads: a fresh context each (empty cache), signed in by the cookie when `state` is given. */
async function measure(baseURL: string, path: string, usable: Usable, state?: StorageState) {
  const loads: Load[] = [];
  for (let run = 0; run < runs; run++) {
    const context = await (browser as Browser).newContext({ baseURL, storageState: state });
    try {
      loads.push(await timeLoad(await context.newPage(), path, usable));
    } finally {
      await context.close();
    }
  }
  return loads;
}

/** The first user's cookie, from the sign-in form with the password the first start saved. */
async function signedInState(baseURL: string): Promise<StorageState> {
  const context = await (browser as Browser).newContext({ baseURL });
  try {
    const page = await context.newPage();
    await page.goto('/sign-in');
    await page.getByLabel('Email').fill('admin@coldreach.local');
    const password = readFileSync(join(dataDir, 'admin-password'), 'utf8').trim();
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Sections' }).waitFor();
    return await context.storageState();
  } finally {
    await context.close();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Sizes of the scripts as built, raw and gzipped (what a compressing server or CDN would send). */
function scriptBytes(root: string, paths: string[]): { raw: number; gzip: number } {
  let raw = 0;
  let gzip = 0;
  for (const path of paths) {
    const body = readFileSync(join(root, path));
    raw += body.length;
    gzip += gzipSync(body).length;
  }
  return { raw, gzip };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const verdict = (ok: boolean) => (ok ? 'within' : '**over**');

async function main(): Promise<void> {
  web = snapshotDashboard();
  const port = await freePort();
  platform = spawnServiceProcess('platform', 'apps/platform/src/main.ts', {
    COLDREACH_DATA_DIR: dataDir,
    PORT: String(port),
    SERVICES_BASE_PORT: '0',
    WEB_ROOT: web.root,
    LOG_LEVEL: 'warn',
    // Nothing here crawls; were it to, it would not leave the machine.
    SCRAPER_DNS_SERVERS: '127.0.0.1:9',
    SCRAPER_PUBLIC_ADDRESSES: 'deny',
  });
  await waitForOutput(platform, /Press Ctrl-C to stop/, 120_000);
  const baseURL = `http://127.0.0.1:${port}`;
  const key = readFileSync(join(dataDir, 'api-key'), 'utf8').trim();
  for (let i = 0; i < seededLeads; i++) {
    const created = await fetch(`${baseURL}/api/leads`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ email: `lead${i}@bench.example`, firstName: `Lead ${i}`, company: 'Bench Co' }),
    });
    if (created.status !== 201) throw new Error(`a lead was not created: ${await created.text()}`);
  }

  browser = await launchChromium();
  const pages = [
    { name: 'sign-in page (signed out)', loads: await measure(baseURL, '/sign-in', signInUsable) },
    {
      name: 'leads page (signed in)',
      loads: await measure(baseURL, '/leads', leadsUsable, await signedInState(baseURL)),
    },
  ];

  console.log(
    `\n${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}, ${runs} cold loads per page`,
  );
  console.log(
    '| page | JS files | JS | JS gzipped | ≤ 200 KB gzipped | time to usable, median (range) | ≤ 1.5 s |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const { name, loads } of pages) {
    const scripts = loads[0]?.scripts ?? [];
    const bytes = scriptBytes(web.root, scripts);
    const times = loads.map((load) => load.ms);
    const tti = median(times);
    const range = `${Math.round(Math.min(...times))}–${Math.round(Math.max(...times))}`;
    console.log(
      `| ${name} | ${scripts.length} | ${kb(bytes.raw)} | ${kb(bytes.gzip)} | ${verdict(bytes.gzip <= budget.jsGzipBytes)} | ${Math.round(tti)} ms (${range}) | ${verdict(tti <= budget.ttiMs)} |`,
    );
  }
  for (const { name, loads } of pages) {
    console.log(`\n${name}: ${(loads[0]?.scripts ?? []).join(', ')}`);
    // Where the time goes: each milestone's median over the runs, from navigation start.
    const milestones = [...new Set(loads.flatMap((load) => Object.keys(load.milestones)))];
    for (const milestone of milestones) {
      const times = loads.flatMap((load) => load.milestones[milestone] ?? []);
      console.log(
        `  ${milestone}: ${Math.round(median(times))} ms (${times.length} of ${loads.length} loads)`,
      );
    }
  }
}

runBench(main, async () => {
  await browser?.close();
  if (platform?.running()) {
    platform.signal('SIGINT');
    await platform.exited;
  }
  web?.remove();
  rmSync(dataDir, { recursive: true, force: true });
});

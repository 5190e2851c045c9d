// Benchmark: crawling a generated corpus on loopback (≥ 5,000 pages of ~8 KB over ≥ 20 hosts, planted
// contacts with an answer key) with (a) Cold Reach's Scraper service end to end, (b) Crawlee's
// CheerioCrawler and (c) the limit, a raw undici + regex loop, one after another at the same
// concurrency, each in its own process; the corpus is served by a process of its own.
// Usage: npm run bench:scraper [-- --hosts 40 --pages-per-host 128 --concurrency 20 --only a,b,c
//          --jobs one|per-host --sample-sql]   (see bench/README.md)
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startBenchProcess, type BenchProcess } from '../email-pipeline/bench-process';
import { cpuUsage, machineName, sampleCpu } from '../email-pipeline/cpu-usage';
import { crawlWithColdReach } from './cold-reach-crawl';
import { planCorpus } from './corpus-plan';
import type { CrawlResult } from './crawl-result';
import { serverView, type LoggedRequest } from './politeness';
import { printReport, printVerdict, type Measured } from './report';
import { runBench } from '../run-bench';

const { values: flags } = parseArgs({
  options: {
    hosts: { type: 'string', default: '40' },
    'pages-per-host': { type: 'string', default: '128' },
    concurrency: { type: 'string', default: '20' },
    seed: { type: 'string', default: '1' },
    // Which crawlers to run: a (Cold Reach), b (Crawlee), c (raw loop, before and after the others).
    only: { type: 'string', default: 'a,b,c' },
    // Cold Reach's jobs: one with every host's root as a seed, or one job per host.
    jobs: { type: 'string', default: 'one' },
    // Samples pg_stat_activity of the scraper's database during (a): which statements hold it.
    'sample-sql': { type: 'boolean', default: false },
  },
});
const size = {
  hosts: Number(flags.hosts),
  pagesPerHost: Number(flags['pages-per-host']),
  seed: Number(flags.seed),
};
const concurrency = Number(flags.concurrency);
const only = new Set(flags.only.split(','));
const corpus = planCorpus(size);
const resultsDir = mkdtempSync(join(tmpdir(), 'bench-scraper-'));
const running = new Set<BenchProcess>();

interface CorpusServer {
  process: BenchProcess;
  port: number;
  dns: string;
  control: number;
  pages: number;
  bytes: number;
}

async function startCorpusServer(): Promise<CorpusServer> {
  const server = startBenchProcess('corpus', 'bench/scraper/corpus-server.ts', {
    args: [String(size.hosts), String(size.pagesPerHost), String(size.seed)],
  });
  running.add(server);
  const line = await server.waitForLine(/^CORPUS /);
  return { process: server, ...(JSON.parse(line.slice('CORPUS '.length)) as Omit<CorpusServer, 'process'>) };
}

async function runCrawlerProcess(name: string, script: string, server: CorpusServer): Promise<CrawlResult> {
  const resultFile = join(resultsDir, `${name}.json`);
  const args = [size.hosts, size.pagesPerHost, size.seed, server.port, concurrency, resultFile].map(String);
  const crawler = startBenchProcess(name, script, { args, env: { BENCH_DNS_SERVER: server.dns } });
  running.add(crawler);
  const code = await crawler.exited;
  running.delete(crawler);
  if (code !== 0) throw new Error(`${name} exited with ${code}:\n${crawler.tail()}`);
  return JSON.parse(readFileSync(resultFile, 'utf8')) as CrawlResult;
}

/** Runs one crawler with the server's log cleared before, and reads what the server saw after. */
async function measure(key: Measured['key'], server: CorpusServer, crawl: () => Promise<CrawlResult>) {
  const control = `http://127.0.0.1:${server.control}`;
  await fetch(`${control}/reset`, { method: 'POST' });
  const processes = new Map([['corpus server', server.process.pid]]);
  const before = sampleCpu(processes);
  const result = await crawl();
  const corpusCpu = cpuUsage(before, sampleCpu(processes)).rows.find((row) => row.name === 'corpus server');
  const log = (await (await fetch(`${control}/log`)).json()) as LoggedRequest[];
  const measured: Measured = {
    key,
    result,
    server: serverView(log),
    corpusCpuMs: (corpusCpu?.cpuSeconds ?? 0) * 1000,
    unserved: unservedPages(log),
  };
  console.log(
    `  ${result.pages} pages in ${(result.elapsedMs / 1000).toFixed(1)} s, ${result.emails.length} addresses ` +
      `(load average ${load()})`,
  );
  return measured;
}

/** Corpus pages the crawler never asked for, as host/path. */
function unservedPages(log: readonly LoggedRequest[]): string[] {
  const served = new Set(
    log.filter((entry) => entry.kind === 'page').map((entry) => `${entry.host} ${entry.path}`),
  );
  return corpus.hosts.flatMap((host, index) =>
    host.pages
      .filter((page) => !served.has(`${index} ${page.path}`))
      .map((page) => `${host.host}${page.path}`),
  );
}

const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');

async function main(): Promise<void> {
  if (size.hosts < 1 || size.pagesPerHost < 6) throw new Error('--hosts ≥ 1 and --pages-per-host ≥ 6');
  const startLoad = load();
  const startedAt = new Date();
  console.log(`corpus: ${size.hosts} hosts × ${size.pagesPerHost} pages, generating…`);
  const server = await startCorpusServer();
  console.log(
    `  ${server.pages} pages, ${(server.bytes / server.pages / 1024).toFixed(1)} KiB each on average, ` +
      `${corpus.answerKey.size} planted addresses; concurrency ${concurrency} everywhere`,
  );
  const raw = () => runCrawlerProcess('raw-crawl', 'bench/scraper/raw-crawl.ts', server);
  console.log('warm-up: the raw loop once over the corpus (not counted)…');
  await raw();

  const measured: Measured[] = [];
  if (only.has('c')) {
    console.log('(c) raw undici + regex loop…');
    measured.push(await measure('c', server, raw));
  }
  if (only.has('a')) {
    const jobs = flags.jobs === 'per-host' ? 'per-host' : 'one';
    console.log(
      `(a) Cold Reach: Scraper service, ${jobs === 'one' ? 'one job with every host root as a seed' : 'a job per host'}…`,
    );
    const seeds = corpus.hosts.map((host) => `http://${host.host}:${server.port}/`);
    const maxPages = Math.min(100_000, 2 * server.pages);
    const run = {
      seeds,
      maxPages,
      corpusPort: server.port,
      dnsServer: server.dns,
      concurrency,
      jobs,
    } as const;
    measured.push(
      await measure('a', server, () => crawlWithColdReach({ ...run, sampleSql: flags['sample-sql'] })),
    );
  }
  if (only.has('b')) {
    console.log('(b) Crawlee CheerioCrawler…');
    measured.push(
      await measure('b', server, () =>
        runCrawlerProcess('crawlee', 'bench/scraper/crawlee-crawl.ts', server),
      ),
    );
  }
  if (only.has('c')) {
    console.log('(c) raw loop again…');
    measured.push(await measure('c', server, raw));
  }

  console.log(
    `\n${startedAt.toISOString()}: ${server.pages} pages over ${size.hosts} hosts on loopback, concurrency ` +
      `${concurrency}; machine: ${machineName()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; ` +
      `load average at start ${startLoad}, at end ${load()}\n`,
  );
  const order = { a: 0, b: 1, c: 2 };
  printReport(
    [...measured].sort((x, y) => order[x.key] - order[y.key]),
    corpus.answerKey,
  );
  const coldReach = measured.find((entry) => entry.key === 'a');
  const raws = measured.filter((entry) => entry.key === 'c');
  if (coldReach && raws.length > 0) {
    printVerdict(
      coldReach,
      measured.find((entry) => entry.key === 'b'),
      raws,
      corpus.answerKey,
    );
  }
}

async function cleanUp(): Promise<void> {
  for (const app of running) await app.stop().catch(() => undefined);
  rmSync(resultsDir, { recursive: true, force: true });
}

runBench(main, cleanUp, { kafka: true });

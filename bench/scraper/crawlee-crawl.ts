// Crawlee's CheerioCrawler over the corpus, as a Crawlee user would write it: the hosts' roots as
// start URLs, enqueueLinks on the same hostname, mailto links and an email regex on the body text.
// Fixed concurrency (minConcurrency = maxConcurrency), storage in memory only.
// Usage: crawlee-crawl.ts <hosts> <pagesPerHost> <seed> <port> <concurrency> <resultFile>
import './loopback-lookup';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { CheerioCrawler, Configuration, log, LogLevel } from '@crawlee/cheerio';
import { planCorpus } from './corpus-plan';
import { cpuMsSince, crawlerArguments, writeCrawlResult } from './crawl-result';
import { addEmailsInText, addMailtoEmail } from './naive-extraction';

const { size, port, concurrency, resultFile } = crawlerArguments(process.argv.slice(2));

async function main(): Promise<void> {
  const seeds = planCorpus(size).hosts.map((host) => `http://${host.host}:${port}/`);
  const storage = mkdtempSync(join(tmpdir(), 'bench-crawlee-'));
  log.setLevel(LogLevel.WARNING);
  const config = new Configuration({
    persistStorage: false,
    purgeOnStart: true,
    storageClientOptions: { localDataDirectory: storage },
  });
  const emails = new Set<string>();
  let pages = 0;
  let failed = 0;
  const crawler = new CheerioCrawler(
    {
      minConcurrency: concurrency,
      maxConcurrency: concurrency,
      async requestHandler({ $, enqueueLinks }) {
        $('a[href^="mailto:"]').each((_, element) => addMailtoEmail($(element).attr('href') ?? '', emails));
        addEmailsInText($('body').text(), emails);
        await enqueueLinks({ strategy: 'same-hostname' });
        pages++;
      },
      failedRequestHandler() {
        failed++;
      },
    },
    config,
  );
  const cpuBefore = process.cpuUsage();
  const startedAt = performance.now();
  await crawler.run(seeds);
  const elapsedMs = performance.now() - startedAt;
  const cpuMs = cpuMsSince(cpuBefore);
  await crawler.teardown();
  rmSync(storage, { recursive: true, force: true });
  writeCrawlResult(resultFile, {
    name: 'Crawlee CheerioCrawler',
    pages,
    failed,
    elapsedMs,
    cpuMs,
    otherCpuMs: {},
    emails: [...emails],
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

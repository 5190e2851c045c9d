// The limit: a raw undici loop over the corpus's known URLs (no link discovery, no politeness, no
// parsing), `concurrency` requests in flight, the naive regex extraction on each body.
// Usage: raw-crawl.ts <hosts> <pagesPerHost> <seed> <port> <concurrency> <resultFile>
import './loopback-lookup';
import { performance } from 'node:perf_hooks';
import { Agent, request } from 'undici';
import { corpusUrls, planCorpus } from './corpus-plan';
import { cpuMsSince, crawlerArguments, writeCrawlResult } from './crawl-result';
import { addEmailsInHtml } from './naive-extraction';

const { size, port, concurrency, resultFile } = crawlerArguments(process.argv.slice(2));

async function main(): Promise<void> {
  const byHost = corpusUrls(planCorpus(size), port);
  // Page k of every host, then page k + 1: the hosts share the load as a crawler's frontier would.
  const urls = Array.from({ length: byHost.length }, (_, index) => {
    const host = index % size.hosts;
    const page = Math.floor(index / size.hosts);
    return byHost[host * size.pagesPerHost + page] as string;
  });
  const agent = new Agent({ keepAliveTimeout: 30_000 });
  const emails = new Set<string>();
  let next = 0;
  let pages = 0;
  let failed = 0;
  const cpuBefore = process.cpuUsage();
  const startedAt = performance.now();
  const fetcher = async () => {
    while (next < urls.length) {
      const url = urls[next++] as string;
      try {
        const response = await request(url, { dispatcher: agent });
        if (response.statusCode !== 200) {
          failed++;
          await response.body.dump();
          continue;
        }
        addEmailsInHtml(await response.body.text(), emails);
        pages++;
      } catch {
        failed++;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, fetcher));
  const elapsedMs = performance.now() - startedAt;
  const cpuMs = cpuMsSince(cpuBefore);
  await agent.close();
  writeCrawlResult(resultFile, {
    name: 'raw undici + regex',
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

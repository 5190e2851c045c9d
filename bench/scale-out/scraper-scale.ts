// The scraper half: the same generated corpus (bench/scraper's, served by its corpus process on
// loopback) crawled by 1, 2, 4… Scraper service processes on one database (the first also serves the
// API), through bench/scraper's end-to-end run; each step on a fresh database.
import { loadavg } from 'node:os';
import { startBenchProcess } from '../email-pipeline/bench-process';
import { cpuUsage, sampleCpu } from '../email-pipeline/cpu-usage';
import { crawlWithColdReach } from '../scraper/cold-reach-crawl';
import { planCorpus } from '../scraper/corpus-plan';
import { scaleRow, type ScaleRow } from './scale-row';
import type { Leftovers } from './email-scale';

export interface CrawlLoad {
  hosts: number;
  pagesPerHost: number;
  /** SCRAPER_CONCURRENCY of each process. */
  concurrency: number;
}

export async function scaleScraperWorkers(
  workerCounts: readonly number[],
  load: CrawlLoad,
  left: Leftovers,
): Promise<ScaleRow[]> {
  const corpus = startBenchProcess('corpus', 'bench/scraper/corpus-server.ts', {
    args: [String(load.hosts), String(load.pagesPerHost), '1'],
  });
  left.running.add(corpus);
  const line = await corpus.waitForLine(/^CORPUS /);
  const served = JSON.parse(line.slice('CORPUS '.length)) as { port: number; dns: string; pages: number };
  const { hosts } = planCorpus({ hosts: load.hosts, pagesPerHost: load.pagesPerHost, seed: 1 });
  const seeds = hosts.map((host) => `http://${host.host}:${served.port}/`);
  const rows: ScaleRow[] = [];
  for (const workers of workerCounts) {
    console.log(`scraper: ${served.pages} pages with ${workers} scraper process(es)…`);
    const corpusPid = new Map([['corpus server', corpus.pid]]);
    const before = sampleCpu(corpusPid);
    const result = await crawlWithColdReach({
      seeds,
      maxPages: Math.min(100_000, 2 * served.pages),
      corpusPort: served.port,
      dnsServer: served.dns,
      concurrency: load.concurrency,
      jobs: 'one',
      sampleSql: false,
      workers,
    });
    const corpusCpu = cpuUsage(before, sampleCpu(corpusPid));
    const seconds = result.elapsedMs / 1000;
    const otherRows = Object.entries(result.otherCpuMs).map(([name, cpuMs]) => ({
      name,
      cpuSeconds: cpuMs / 1000,
      coreShare: cpuMs / 1000 / seconds,
    }));
    const cpu = {
      ...corpusCpu,
      rows: [
        ...corpusCpu.rows,
        ...otherRows,
        { name: 'scraper', cpuSeconds: result.cpuMs / 1000, coreShare: 0 },
      ],
    };
    const step = {
      service: 'scraper' as const,
      workers,
      items: result.pages,
      seconds,
      load: loadavg()[0] ?? 0,
    };
    rows.push(scaleRow(step, cpu, (name) => name === 'scraper'));
    console.log(`  ${(result.pages / seconds).toFixed(0)} pages/s`);
  }
  return rows;
}

// What each crawler of the benchmark reports: pages, time, CPU and the addresses it found. The
// crawler processes write it as JSON to a file the run names (their output stays free for logs).
import { writeFileSync } from 'node:fs';

export interface CrawlResult {
  name: string;
  /** HTML pages fetched and extracted. */
  pages: number;
  /** Requests that ended in an error or an HTTP error status. */
  failed: number;
  elapsedMs: number;
  /** CPU of the crawler's own process over the crawl (for the Scraper service: its process). */
  cpuMs: number;
  /** Other processes' CPU over the crawl, by name (databases, broker, corpus server). */
  otherCpuMs: Record<string, number>;
  /** Distinct addresses found, normalised (trimmed, lower-case). */
  emails: string[];
}

/** The crawler child processes' arguments, in order. */
export function crawlerArguments(argv: string[]) {
  const [hosts, pagesPerHost, seed, port, concurrency, resultFile] = argv;
  if (!resultFile) throw new Error('usage: <hosts> <pagesPerHost> <seed> <port> <concurrency> <resultFile>');
  return {
    size: { hosts: Number(hosts), pagesPerHost: Number(pagesPerHost), seed: Number(seed) },
    port: Number(port),
    concurrency: Number(concurrency),
    resultFile,
  };
}

export function writeCrawlResult(file: string, result: CrawlResult): void {
  writeFileSync(file, JSON.stringify(result));
}

/** CPU ms this process used since `since` (process.cpuUsage: user + system, all threads). */
export function cpuMsSince(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

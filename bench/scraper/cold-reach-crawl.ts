// Cold Reach end to end: the Scraper service in connected mode as its own process (its own random
// PostgreSQL database, Redis for the per-host gate, Kafka for the outbox relay), the job created
// through its gRPC API, the crawl run by its worker loop; the contacts counted where they land
// (scrape_results) until the job ends.
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { ScrapeJobStatus, ScrapeScope, ScraperService } from '@coldreach/contracts';
import { checkGrpcHealth, createGrpcClient } from '@coldreach/grpc';
import { createTestDatabase, randomName, testKafkaBrokers, testRedisUrl, waitFor } from '@coldreach/testing';
import { deleteKafkaNamespace } from '../email-pipeline/bench-chores';
import { startBenchProcess, type BenchProcess } from '../email-pipeline/bench-process';
import { cpuUsage, sampleCpu } from '../email-pipeline/cpu-usage';
import { freePort } from '../email-pipeline/pipeline-services';
import { startSqlSampler } from '../email-pipeline/sql-sampler';
import { corpusAddress } from './corpus-plan';
import type { CrawlResult } from './crawl-result';

export interface ColdReachRun {
  seeds: string[];
  /** The spec's max pages: above the corpus's size, so the crawl ends when the frontier is empty. */
  maxPages: number;
  corpusPort: number;
  dnsServer: string;
  concurrency: number;
  /** One job with every seed, or one job per seed (each host its own job). */
  jobs: 'one' | 'per-host';
  /** Samples pg_stat_activity of the scraper's database during the crawl (a SQL profile). */
  sampleSql: boolean;
  /** Scraper processes: the first serves the API and crawls, the others only crawl (default 1). */
  workers?: number;
}

interface JobsRow {
  open: number;
  failed_jobs: number;
  pages_crawled: number;
  pages_failed: number;
  contacts_found: number;
  elapsed_ms: number | null;
}

function serviceEnv(run: ColdReachRun, port: number, databaseUrl: string, namespace: string) {
  return {
    // The loopback-only lookup as a safety net (see loopback-lookup.ts); swc first to load it.
    NODE_OPTIONS: `--require=@swc-node/register --require=${resolve(__dirname, 'loopback-lookup.ts')}`,
    BENCH_DNS_SERVER: run.dnsServer,
    LOG_LEVEL: 'info',
    SCRAPER_SERVICE_PORT: String(port),
    SCRAPER_DATABASE_URL: databaseUrl,
    KAFKA_BROKERS: testKafkaBrokers().join(','),
    KAFKA_NAMESPACE: namespace,
    REDIS_URL: testRedisUrl,
    SCRAPER_WORKER_ID: 'bench-worker',
    // The corpus, and nothing else internal: one address, its one port, names from its DNS server.
    SCRAPER_ALLOWED_PRIVATE_CIDRS: `${corpusAddress}/32`,
    SCRAPER_ALLOWED_PORTS: String(run.corpusPort),
    SCRAPER_DNS_SERVERS: run.dnsServer,
    // Politeness relaxed for the benchmark's own hosts: no delay; one request per host stays.
    SCRAPER_CONCURRENCY: String(run.concurrency),
    SCRAPER_HOST_DELAY_MS: '0',
    SCRAPER_MAX_ACTIVE_JOBS_PER_WORKSPACE: String(Math.max(3, run.seeds.length)),
    SCRAPER_MAX_PAGES_PER_WORKSPACE_PER_DAY: '10000000',
  };
}

export async function crawlWithColdReach(run: ColdReachRun): Promise<CrawlResult> {
  const database = await createTestDatabase('cr_bench_scraper');
  const namespace = randomName('bench_scraper');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const script = 'apps/scraper-service/src/main.ts';
  const service = startBenchProcess('scraper-service', script, {
    env: serviceEnv(run, port, database.url, namespace),
  });
  const services: BenchProcess[] = [service];
  const progress = new Client({ connectionString: database.url });
  const cpuOfRun = () =>
    sampleCpu(
      new Map(services.map((app) => [app.name, app.pid])),
      new Map([[database.name, 'scraper database']]),
    );
  const isScraper = (name: string) => services.some((app) => app.name === name);
  try {
    await waitFor(
      async () => {
        if (!service.running()) throw new Error(`scraper-service exited:\n${service.tail()}`);
        return checkGrpcHealth(url);
      },
      { timeoutMs: 120_000, intervalMs: 250, what: 'the scraper service' },
    );
    for (let worker = 2; worker <= (run.workers ?? 1); worker++) {
      // Worker-only: no gRPC server, so readiness is its start-up log line.
      const extra = startBenchProcess(`scraper-worker-${worker}`, script, {
        env: {
          ...serviceEnv(run, port, database.url, namespace),
          SCRAPER_SERVICE_ROLES: 'worker',
          SCRAPER_WORKER_ID: `bench-worker-${worker}`,
        },
      });
      services.push(extra);
      await extra.waitForLine(/scraper service running/);
    }
    await progress.connect();
    const rpc = createGrpcClient(ScraperService, { baseUrl: url, timeoutMs: 60_000 });
    const sampler = run.sampleSql
      ? await startSqlSampler(new Map([[database.name, 'scraper database']]))
      : undefined;
    const statsBefore = await databaseStats(progress);
    const cpuBefore = cpuOfRun();
    const workspaceId = randomUUID();
    const seedLists = run.jobs === 'one' ? [run.seeds] : run.seeds.map((seed) => [seed]);
    const jobIds: string[] = [];
    for (const seedUrls of seedLists) {
      const { job } = await rpc.createScrapeJob({
        workspaceId,
        spec: {
          seedUrls,
          maxPages: run.maxPages,
          maxDepth: 10,
          scope: ScrapeScope.SAME_HOST,
          respectRobotsTxt: true,
          leadTags: ['bench-scraper'],
        },
      });
      if (!job || job.status === ScrapeJobStatus.FAILED) throw new Error(`no job: ${job?.errorMessage}`);
      jobIds.push(job.id);
    }
    const row = await followJobs(progress, jobIds);
    const usage = cpuUsage(cpuBefore, cpuOfRun());
    const sql = await sampler?.stop();
    // Its backends report their last counters when they end.
    for (const app of services) await app.stop();
    const statsAfter = await databaseStats(progress);
    if (row.failed_jobs > 0) throw new Error(`${row.failed_jobs} job(s) did not succeed`);
    const emails = await progress.query<{ email: string }>(
      'SELECT DISTINCT email FROM scrape_results WHERE job_id = ANY ($1::uuid[])',
      [jobIds],
    );
    const perPage = (name: keyof DatabaseStats) =>
      ((statsAfter[name] - statsBefore[name]) / Math.max(1, row.pages_crawled)).toFixed(1);
    console.log(
      `  PostgreSQL per page crawled: ${perPage('xact_commit')} transactions, ${perPage('tup_returned')} rows ` +
        `scanned, ${perPage('tup_fetched')} fetched, ${perPage('tup_written')} written`,
    );
    const reads = await progress.query<{ name: string; rows: number }>(
      `SELECT 'index ' || indexrelname AS name, idx_tup_read::float8 AS rows FROM pg_stat_user_indexes
       UNION ALL SELECT 'seq scan ' || relname, seq_tup_read::float8 FROM pg_stat_user_tables
       ORDER BY rows DESC LIMIT 5`,
    );
    console.log(
      `  rows read per page: ${reads.rows.map((read) => `${read.name} ${(read.rows / row.pages_crawled).toFixed(0)}`).join(', ')}`,
    );
    if (sql) {
      console.log(`  SQL profile (${sql.samples} samples of pg_stat_activity, share of samples):`);
      for (const entry of sql.rows.slice(0, 12)) console.log(`    ${entry.share.toFixed(2)}  ${entry.what}`);
    }
    const scraperRows = usage.rows.filter((entry) => isScraper(entry.name));
    const others = usage.rows.filter((entry) => !isScraper(entry.name));
    return {
      name: `Cold Reach scraper (end to end, ${run.jobs === 'one' ? 'one job' : 'a job per host'})`,
      pages: row.pages_crawled,
      failed: row.pages_failed,
      elapsedMs: row.elapsed_ms ?? 0,
      cpuMs: scraperRows.reduce((sum, entry) => sum + entry.cpuSeconds, 0) * 1000,
      otherCpuMs: Object.fromEntries(others.map((entry) => [entry.name, entry.cpuSeconds * 1000])),
      emails: emails.rows.map((result) => result.email),
    };
  } finally {
    await progress.end().catch(() => undefined);
    for (const app of services) await app.stop();
    await database.drop();
    await deleteKafkaNamespace(testKafkaBrokers(), namespace).catch(() => undefined);
  }
}

interface DatabaseStats {
  xact_commit: number;
  tup_returned: number;
  tup_fetched: number;
  tup_written: number;
}

/** The scraper database's counters (pg_stat_database; they include the benchmark's own polling). */
async function databaseStats(client: Client): Promise<DatabaseStats> {
  // The statistics collector publishes at most every 500 ms; a new snapshot is forced here.
  await client.query('SELECT pg_stat_clear_snapshot()');
  const { rows } = await client.query<DatabaseStats>(
    `SELECT xact_commit::float8 AS xact_commit, tup_returned::float8 AS tup_returned,
            tup_fetched::float8 AS tup_fetched,
            (tup_inserted + tup_updated + tup_deleted)::float8 AS tup_written
       FROM pg_stat_database WHERE datname = current_database()`,
  );
  if (!rows[0]) throw new Error('no statistics for the scraper database');
  return rows[0];
}

/**
 * Polls the jobs' rows (10 times a second) until every one has ended, printing progress every 5 s.
 * The elapsed time is the database's: first job created → last job ended.
 */
async function followJobs(client: Client, jobIds: string[]): Promise<JobsRow> {
  let printedAt = Date.now();
  for (;;) {
    const { rows } = await client.query<JobsRow>(
      `SELECT count(*) FILTER (WHERE status NOT IN ('succeeded', 'failed', 'cancelled'))::int AS open,
              count(*) FILTER (WHERE status IN ('failed', 'cancelled'))::int AS failed_jobs,
              sum(pages_crawled)::int AS pages_crawled, sum(pages_failed)::int AS pages_failed,
              sum(contacts_found)::int AS contacts_found,
              (extract(epoch FROM max(ended_at) - min(created_at)) * 1000)::float8 AS elapsed_ms
         FROM scrape_jobs WHERE id = ANY ($1::uuid[])`,
      [jobIds],
    );
    const row = rows[0];
    if (!row) throw new Error('the jobs disappeared');
    if (row.open === 0) return row;
    if (Date.now() - printedAt >= 5000) {
      printedAt = Date.now();
      const queued = await client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM scrape_frontier WHERE job_id = ANY ($1::uuid[]) AND state = 'queued'`,
        [jobIds],
      );
      console.log(
        `  ${row.pages_crawled} pages crawled, ${queued.rows[0]?.n} queued, ${row.pages_failed} failed, ` +
          `${row.contacts_found} contacts`,
      );
    }
    await new Promise((resolveSleep) => setTimeout(resolveSleep, 100));
  }
}

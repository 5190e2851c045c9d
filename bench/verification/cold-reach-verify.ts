// Cold Reach end to end: the Scraper service in connected mode as its own process (a random
// PostgreSQL database and Kafka namespace of its own, Redis), verifying through the corpus's DNS
// server (and mail host, probe on); one CreateVerificationJob over the leads' tag, followed in the
// verification_jobs row until it ends. Elapsed time is the database's: created_at → ended_at.
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { VerificationJobStatus, VerificationService } from '@coldreach/contracts';
import { checkGrpcHealth, createGrpcClient } from '@coldreach/grpc';
import { createTestDatabase, randomName, testKafkaBrokers, testRedisUrl, waitFor } from '@coldreach/testing';
import { deleteKafkaNamespace, startAutovacuumStandIn } from '../email-pipeline/bench-chores';
import { startBenchProcess, type BenchProcess } from '../email-pipeline/bench-process';
import { cpuUsage, sampleCpu, type CpuUsage } from '../email-pipeline/cpu-usage';
import { freePort } from '../email-pipeline/pipeline-services';
import { mailHostAddress } from './corpus-plan';

export interface VerifyRun {
  workspaceId: string;
  tag: string;
  probe: boolean;
  dnsServer: string;
  smtpPort: number;
  concurrency: number;
  /** The other processes whose CPU is reported beside the service's (name → pid). */
  others: ReadonlyMap<string, number>;
  /** Their PostgreSQL databases (name → label). */
  databases: ReadonlyMap<string, string>;
}

export interface JobRow {
  status: string;
  total: number;
  checked: number;
  safe: number;
  risky: number;
  invalid: number;
  unknown: number;
  elapsed_ms: number | null;
}

export interface VerifyMeasurement {
  job: JobRow;
  usage: CpuUsage;
}

function serviceEnv(run: VerifyRun, port: number, databaseUrl: string, namespace: string, clientUrl: string) {
  return {
    // Whatever resolves a name in the service, it asks the corpus's DNS server only (a safety net).
    NODE_OPTIONS: `--require=@swc-node/register --require=${resolve(__dirname, '../scraper/loopback-lookup.ts')}`,
    BENCH_DNS_SERVER: run.dnsServer,
    LOG_LEVEL: 'info',
    SCRAPER_SERVICE_PORT: String(port),
    SCRAPER_DATABASE_URL: databaseUrl,
    KAFKA_BROKERS: testKafkaBrokers().join(','),
    KAFKA_NAMESPACE: namespace,
    REDIS_URL: testRedisUrl,
    SCRAPER_WORKER_ID: 'bench-worker',
    SCRAPER_DNS_SERVERS: run.dnsServer,
    SCRAPER_PUBLIC_ADDRESSES: 'deny',
    CLIENT_SERVICE_URL: clientUrl,
    VERIFY_DNS_SERVERS: run.dnsServer,
    // The mail hosts' one address, and nothing public: no check ever leaves the machine.
    VERIFY_ALLOWED_PRIVATE_CIDRS: `${mailHostAddress}/32`,
    VERIFY_PUBLIC_ADDRESSES: 'deny',
    VERIFY_SMTP_PROBE: String(run.probe),
    VERIFY_SMTP_PORT: String(run.smtpPort),
    VERIFY_HELO_NAME: 'bench.test',
    VERIFY_MAIL_FROM: 'probe@bench.test',
    // The default 1 s between two sessions with one domain is politeness toward real mail hosts.
    VERIFY_SMTP_DOMAIN_INTERVAL_MS: '0',
    VERIFY_CONCURRENCY: String(run.concurrency),
  };
}

/** Runs one bulk job on a fresh Scraper service; resolves with its row and the CPU it took. */
export async function verifyWithColdReach(run: VerifyRun, clientUrl: string): Promise<VerifyMeasurement> {
  const database = await createTestDatabase('cr_bench_verify');
  const namespace = randomName('bench_verify');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let service: BenchProcess | undefined;
  const rows = new Client({ connectionString: database.url });
  try {
    service = startBenchProcess('scraper-service', 'apps/scraper-service/src/main.ts', {
      env: serviceEnv(run, port, database.url, namespace, clientUrl),
    });
    const started = service;
    await waitFor(
      async () => {
        if (!started.running()) throw new Error(`scraper-service exited:\n${started.tail()}`);
        return checkGrpcHealth(url);
      },
      { timeoutMs: 120_000, intervalMs: 250, what: 'the scraper service' },
    );
    await rows.connect();
    // This machine's PostgreSQL runs without autovacuum; stands in for it as production would have it.
    const vacuum = await startAutovacuumStandIn([database.url], 60_000);
    const processes = new Map([['scraper-service', started.pid], ...run.others]);
    const databases = new Map([[database.name, 'scraper database'], ...run.databases]);
    const rpc = createGrpcClient(VerificationService, { baseUrl: url, timeoutMs: 60_000 });
    const before = sampleCpu(processes, databases);
    const { job } = await rpc.createVerificationJob({
      workspaceId: run.workspaceId,
      filter: { tag: run.tag },
      requestId: randomUUID(),
    });
    if (!job || job.status === VerificationJobStatus.FAILED) throw new Error(`no job: ${job?.errorMessage}`);
    const row = await followJob(rows, job.id);
    const usage = cpuUsage(before, sampleCpu(processes, databases));
    await vacuum?.stop();
    if (row.status !== 'succeeded') throw new Error(`the job ended ${row.status}`);
    return { job: row, usage };
  } finally {
    await rows.end().catch(() => undefined);
    await service?.stop();
    await database.drop();
    await deleteKafkaNamespace(testKafkaBrokers(), namespace).catch(() => undefined);
  }
}

/** Polls the job's row 10 times a second until it has ended, printing progress every 5 s. */
async function followJob(client: Client, jobId: string): Promise<JobRow> {
  let printedAt = Date.now();
  for (;;) {
    const { rows } = await client.query<JobRow>(
      `SELECT status, total, checked, safe, risky, invalid, unknown,
              (extract(epoch FROM ended_at - created_at) * 1000)::float8 AS elapsed_ms
         FROM verification_jobs WHERE id = $1`,
      [jobId],
    );
    const row = rows[0];
    if (!row) throw new Error('the job disappeared');
    if (['succeeded', 'failed', 'cancelled'].includes(row.status)) return row;
    if (Date.now() - printedAt >= 5000) {
      printedAt = Date.now();
      console.log(`  ${row.status}: ${row.checked} of ${row.total} checked`);
    }
    await new Promise((resolveSleep) => setTimeout(resolveSleep, 100));
  }
}

// Benchmark: a campaign launched to N recipients through the real services in connected mode
// (client, campaign and email services as processes; Kafka, PostgreSQL, Redis) until a loopback SMTP
// sink has accepted every email, against the raw limit measured in the same run: a nodemailer pool
// straight to the same sink.
// Usage: npm run bench:email-pipeline [-- --recipients 100000 --raw 20000 --workers 1,2
//          --concurrency N --sample-sql --vacuum-every 60]   (see bench/README.md)
import { randomUUID } from 'node:crypto';
import { loadavg, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { createTestDatabases, randomName, testKafkaBrokers, type TestDatabase } from '@coldreach/testing';
import type { BenchProcess } from './bench-process';
import { deleteKafkaNamespace, startAutovacuumStandIn, waitForOutboxesDrained } from './bench-chores';
import { launchCampaign, prepareCampaign, seedClients } from './campaign-setup';
import { machineName } from './cpu-usage';
import { measurePipeline, measureRaw, type PipelineResult, type RawResult } from './measure';
import { openPipelineProgress } from './pipeline-progress';
import { startClientServiceProcess, startOutreachServices } from './pipeline-services';
import { printReport } from './report';
import { startSinkProcess, type SinkProcess } from './sink-control';
import { runBench } from '../run-bench';

const { values: flags } = parseArgs({
  options: {
    recipients: { type: 'string', default: '100000' },
    raw: { type: 'string', default: '20000' },
    workers: { type: 'string', default: '1,2' },
    // EMAIL_WORKER_CONCURRENCY of every email worker process; unset: the service's default.
    concurrency: { type: 'string' },
    // Samples pg_stat_activity of the run's databases while the pipeline runs (a SQL profile).
    'sample-sql': { type: 'boolean', default: false },
    // Seconds between VACUUM (ANALYZE) runs standing in for a server whose autovacuum is off; 0: none.
    'vacuum-every': { type: 'string', default: '60' },
  },
});
const recipients = Number(flags.recipients);
const rawEmails = Number(flags.raw);
const workerCounts = flags.workers.split(',').map(Number);
// The email service's SMTP pool size per mailbox (maxConnectionsPerMailbox in
// apps/email-service/src/sending/delivery-workers.ts); the raw limit uses the same.
const maxConnectionsPerMailbox = 5;
const brokers = testKafkaBrokers();

const databases = new Set<TestDatabase>();
const namespaces = new Set<string>();
const running = new Set<{ stop(): Promise<void> }>();

const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');

// Each worker process has its own pool per mailbox, so N processes send over N pools: each
// measurement is compared with a raw pool of as many connections.
const connectionCounts = [...new Set(workerCounts.map((workers) => workers * maxConnectionsPerMailbox))];

async function measureRawLimits(sink: SinkProcess, raw: RawResult[]): Promise<void> {
  for (const connections of connectionCounts) {
    for (const composer of ['nodemailer', 'service'] as const) {
      console.log(
        `raw: ${rawEmails} emails through a nodemailer pool of ${connections}, composed by ${composer}…`,
      );
      const result = await measureRaw(sink, rawEmails, connections, composer);
      console.log(`  ${Math.round(result.emailsPerSecond)} emails/s`);
      raw.push(result);
    }
  }
}

async function measureWithWorkers(
  workers: number,
  sink: SinkProcess,
  clientService: { process: BenchProcess; url: string },
  shards: TestDatabase[],
  workspaceId: string,
): Promise<PipelineResult> {
  console.log(`\npipeline with ${workers} email worker process(es):`);
  const namespace = randomName('bench_pipeline');
  namespaces.add(namespace);
  const [campaignDatabase, emailDatabase] = await createTestDatabases(2, 'cr_bench_pipeline');
  if (!campaignDatabase || !emailDatabase) throw new Error('no database');
  databases.add(campaignDatabase).add(emailDatabase);
  const services = await startOutreachServices({
    clientUrl: clientService.url,
    campaignDatabaseUrl: campaignDatabase.url,
    emailDatabaseUrl: emailDatabase.url,
    namespace,
    workers,
    concurrency: flags.concurrency,
  });
  running.add(services);
  const campaignId = await prepareCampaign({
    campaignUrl: services.campaignUrl,
    emailUrl: services.emailUrl,
    workspaceId,
    smtpUrl: `smtp://127.0.0.1:${sink.smtpPort}`,
    recipients,
  });
  const progress = await openPipelineProgress({
    campaignDatabaseUrl: campaignDatabase.url,
    emailDatabaseUrl: emailDatabase.url,
    sinkHttpPort: sink.httpPort,
    campaignId,
  });
  const vacuum = await startAutovacuumStandIn(
    [campaignDatabase, emailDatabase, ...shards].map((db) => db.url),
    Number(flags['vacuum-every']) * 1000,
  );
  if (vacuum)
    console.log(`  autovacuum is off: ANALYZE now and VACUUM (ANALYZE) every ${flags['vacuum-every']} s`);
  try {
    const pids = new Map([
      ['client-service', clientService.process.pid],
      ...services.processes.map((app) => [app.name, app.pid] as [string, number]),
      ['SMTP sink', sink.process.pid],
    ]);
    console.log(`  launching (load average ${load()})…`);
    const result = await measurePipeline({
      workers,
      connectionsPerWorker: maxConnectionsPerMailbox,
      recipients,
      sink,
      progress,
      pids,
      databases: new Map([
        [campaignDatabase.name, 'campaign db'],
        [emailDatabase.name, 'email db'],
        ...shards.map((db) => [db.name, 'client shards'] as [string, string]),
      ]),
      sampleSql: flags['sample-sql'],
      launch: () => launchCampaign(services.campaignUrl, workspaceId, campaignId),
    });
    console.log(`  done (load average ${load()})`);
    return result;
  } finally {
    await vacuum?.stop();
    await progress.close();
    await services.stop();
    running.delete(services);
    await Promise.all([campaignDatabase.drop(), emailDatabase.drop()]);
    databases.delete(campaignDatabase);
    databases.delete(emailDatabase);
    await deleteKafkaNamespace(brokers, namespace);
    namespaces.delete(namespace);
  }
}

async function main() {
  if (!(recipients > 0 && recipients <= 100_000)) throw new Error('--recipients must be 1 to 100000');
  const sink = await startSinkProcess();
  running.add(sink.process);
  const startLoad = load();
  // Warms the sink up (JIT, socket buffers) so the first measurement is not penalised.
  await measureRaw(sink, Math.min(rawEmails, 2000), maxConnectionsPerMailbox);
  const raw: RawResult[] = [];
  await measureRawLimits(sink, raw);

  const shards = await createTestDatabases(2, 'cr_bench_pipeline');
  shards.forEach((db) => databases.add(db));
  const namespace = randomName('bench_pipeline');
  namespaces.add(namespace);
  const clientService = await startClientServiceProcess(
    shards.map((db) => db.url),
    namespace,
  );
  running.add(clientService.process);
  const workspaceId = randomUUID();
  console.log(`seeding ${recipients} clients (not timed)…`);
  await seedClients(clientService.url, workspaceId, recipients);
  await waitForOutboxesDrained(
    shards.map((db) => db.url),
    'the client service to publish its events',
  );

  const pipelines: PipelineResult[] = [];
  for (const workers of workerCounts) {
    pipelines.push(await measureWithWorkers(workers, sink, clientService, shards, workspaceId));
  }

  console.log(`\nraw limit again, after the pipeline…`);
  await measureRawLimits(sink, raw);

  console.log(
    `\n${recipients} recipients, one mailbox (a pool of ${maxConnectionsPerMailbox} SMTP connections per ` +
      `email worker process), ` +
      `one-step personalised text campaign; raw: ${rawEmails} emails each time; ` +
      `EMAIL_WORKER_CONCURRENCY ${flags.concurrency ?? 'default (64)'} per worker process`,
  );
  console.log(
    `machine: ${machineName()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; ` +
      `load average at start ${startLoad}, at end ${load()}\n`,
  );
  printReport(raw, pipelines);
}

async function cleanUp(): Promise<void> {
  for (const app of [...running].reverse()) await app.stop().catch(() => undefined);
  await Promise.all([...databases].map((db) => db.drop().catch(() => undefined)));
  for (const namespace of namespaces) await deleteKafkaNamespace(brokers, namespace).catch(() => undefined);
}

runBench(main, cleanUp, { kafka: true });

// The email half: one campaign to the same N recipients, sent by 1, 2, 4… email worker processes
// (bench/email-pipeline's services, sink and measurement, reused as they are), each step on fresh
// campaign and email databases; the client service and its seeded clients are shared by all steps.
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { createTestDatabases, randomName, testKafkaBrokers, type TestDatabase } from '@coldreach/testing';
import { deleteKafkaNamespace, waitForOutboxesDrained } from '../email-pipeline/bench-chores';
import { launchCampaign, prepareCampaign, seedClients } from '../email-pipeline/campaign-setup';
import { measurePipeline } from '../email-pipeline/measure';
import { openPipelineProgress } from '../email-pipeline/pipeline-progress';
import { startClientServiceProcess, startOutreachServices } from '../email-pipeline/pipeline-services';
import { startSinkProcess } from '../email-pipeline/sink-control';
import { scaleRow, type ScaleRow } from './scale-row';

/** What the run must remove if it stops half-way (see run.ts's clean-up). */
export interface Leftovers {
  databases: Set<TestDatabase>;
  namespaces: Set<string>;
  running: Set<{ stop(): Promise<void> }>;
}

async function track<T extends TestDatabase[]>(left: Leftovers, databases: Promise<T>): Promise<T> {
  const created = await databases;
  created.forEach((database) => left.databases.add(database));
  return created;
}

export async function scaleEmailWorkers(
  workerCounts: readonly number[],
  recipients: number,
  left: Leftovers,
): Promise<ScaleRow[]> {
  const sink = await startSinkProcess();
  left.running.add(sink.process);
  const namespace = randomName('bench_scale');
  left.namespaces.add(namespace);
  const shards = await track(left, createTestDatabases(2, 'cr_bench_scale'));
  const client = await startClientServiceProcess(
    shards.map((shard) => shard.url),
    namespace,
  );
  left.running.add(client.process);
  const workspaceId = randomUUID();
  console.log(`email: seeding ${recipients} clients (not timed)…`);
  await seedClients(client.url, workspaceId, recipients);
  await waitForOutboxesDrained(
    shards.map((shard) => shard.url),
    'the client service to publish its events',
  );

  const rows: ScaleRow[] = [];
  for (const workers of workerCounts) {
    const stepNamespace = randomName('bench_scale');
    left.namespaces.add(stepNamespace);
    const [campaignDb, emailDb] = await track(left, createTestDatabases(2, 'cr_bench_scale'));
    if (!campaignDb || !emailDb) throw new Error('the step databases were not created');
    const services = await startOutreachServices({
      clientUrl: client.url,
      campaignDatabaseUrl: campaignDb.url,
      emailDatabaseUrl: emailDb.url,
      namespace: stepNamespace,
      workers,
    });
    left.running.add(services);
    const smtpUrl = `smtp://127.0.0.1:${sink.smtpPort}`;
    const { campaignUrl, emailUrl } = services;
    const campaignId = await prepareCampaign({ campaignUrl, emailUrl, workspaceId, smtpUrl, recipients });
    const databaseUrls = { campaignDatabaseUrl: campaignDb.url, emailDatabaseUrl: emailDb.url };
    const progress = await openPipelineProgress({ ...databaseUrls, sinkHttpPort: sink.httpPort, campaignId });
    console.log(`email: ${recipients} emails with ${workers} email worker process(es)…`);
    try {
      const result = await measurePipeline({
        workers,
        connectionsPerWorker: 5,
        recipients,
        sink,
        progress,
        pids: new Map([
          ['client-service', client.process.pid],
          ['SMTP sink', sink.process.pid],
          ...services.processes.map((app) => [app.name, app.pid] as [string, number]),
        ]),
        databases: new Map([
          [campaignDb.name, 'campaign db'],
          [emailDb.name, 'email db'],
          ...shards.map((shard) => [shard.name, 'client shards'] as [string, string]),
        ]),
        sampleSql: false,
        launch: () => launchCampaign(campaignUrl, workspaceId, campaignId),
      });
      const step = { service: 'email' as const, workers, items: recipients, seconds: result.seconds };
      // The email service's processes: `email-service` (api + worker) and `email-worker-N`.
      rows.push(
        scaleRow({ ...step, load: loadavg()[0] ?? 0 }, result.cpu, (name) => name.startsWith('email-')),
      );
      console.log(`  ${result.emailsPerSecond.toFixed(0)} emails/s`);
    } finally {
      await progress.close();
      await services.stop();
      left.running.delete(services);
      for (const database of [campaignDb, emailDb]) {
        await database.drop();
        left.databases.delete(database);
      }
      await deleteKafkaNamespace(testKafkaBrokers(), stepNamespace);
      left.namespaces.delete(stepNamespace);
    }
  }
  return rows;
}

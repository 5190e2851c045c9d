// The email half: the same N due deliveries of one mailbox, written straight into the email
// service's database (as its email.commands consumer would), sent to a loopback SMTP sink by 1, 2,
// 4… email worker processes. Written straight so that the step measures the workers, not the
// campaign and client services in front of them. bench/email-pipeline's processes, sink and CPU
// sampling are reused; each step has a fresh email database.
import { loadavg } from 'node:os';
import { Client } from 'pg';
import {
  createTestDatabase,
  randomName,
  testKafkaBrokers,
  waitFor,
  type TestDatabase,
} from '@coldreach/testing';
import { openEmailDatabase } from '@coldreach/email-service';
import { insertDeliveries, insertMailbox } from '@coldreach/email-service/test/ledger-fixtures';
import { deleteKafkaNamespace } from '../email-pipeline/bench-chores';
import { cpuUsage, sampleCpu } from '../email-pipeline/cpu-usage';
import { startOutreachServices } from '../email-pipeline/pipeline-services';
import {
  readSinkCounts,
  resetSink,
  startSinkProcess,
  type SinkProcess,
} from '../email-pipeline/sink-control';
import { scaleRow, type ScaleRow } from './scale-row';

/** What the run must remove if it stops half-way (see run.ts's clean-up). */
export interface Leftovers {
  databases: Set<TestDatabase>;
  namespaces: Set<string>;
  running: Set<{ stop(): Promise<void> }>;
}

/** Due deliveries of one mailbox without its own SMTP URL: they go to SMTP_URL, the sink. */
async function loadDeliveries(databaseUrl: string, count: number): Promise<void> {
  const dataSource = await openEmailDatabase({ url: databaseUrl }, { migrate: false, poolSize: 2 });
  try {
    const mailbox = await insertMailbox(dataSource, { dailyCap: 1_000_000 });
    // Not due yet: the step's clock starts when all of them become due at once.
    const later = new Date(Date.now() + 3_600_000);
    const inputs = Array.from({ length: count }, (_, i) => ({
      to: `lead${i}@example.test`,
      scheduledAt: later,
    }));
    await insertDeliveries(dataSource, mailbox, inputs);
  } finally {
    await dataSource.destroy();
  }
}

async function sendAll(databaseUrl: string, sink: SinkProcess, count: number, pids: Map<string, number>) {
  await resetSink(sink.httpPort, count);
  const ledger = new Client({ connectionString: databaseUrl });
  await ledger.connect();
  try {
    const before = sampleCpu(pids);
    const startedAt = Date.now();
    await ledger.query(`UPDATE deliveries SET scheduled_at = now() - interval '1 second'`);
    await waitFor(
      async () => {
        const { rows } = await ledger.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM deliveries WHERE status = 'sent'`,
        );
        return (rows[0]?.n ?? 0) >= count;
      },
      { timeoutMs: 1_800_000, intervalMs: 500, what: `${count} deliveries sent` },
    );
    const cpu = cpuUsage(before, sampleCpu(pids));
    const counts = await readSinkCounts(sink.httpPort);
    if (counts.accepted !== count || counts.duplicates > 0)
      throw new Error(`the sink accepted ${counts.accepted} (${counts.duplicates} duplicates) of ${count}`);
    return { seconds: ((counts.reachedAt || Date.now()) - startedAt) / 1000, cpu };
  } finally {
    await ledger.end();
  }
}

export async function scaleEmailWorkers(
  workerCounts: readonly number[],
  deliveries: number,
  left: Leftovers,
): Promise<ScaleRow[]> {
  const sink = await startSinkProcess();
  left.running.add(sink.process);
  // Read by the email processes (their environment is this one's plus their own).
  process.env.SMTP_URL = `smtp://127.0.0.1:${sink.smtpPort}`;
  const rows: ScaleRow[] = [];
  for (const workers of workerCounts) {
    const namespace = randomName('bench_scale');
    left.namespaces.add(namespace);
    const [campaignDb, emailDb] = [
      await createTestDatabase('cr_bench_scale'),
      await createTestDatabase('cr_bench_scale'),
    ];
    left.databases.add(campaignDb).add(emailDb);
    // The campaign service comes along (startOutreachServices starts it) and stays idle; the client
    // service is never called (no SendEmail), so its URL points nowhere.
    const services = await startOutreachServices({
      clientUrl: 'http://127.0.0.1:9',
      campaignDatabaseUrl: campaignDb.url,
      emailDatabaseUrl: emailDb.url,
      namespace,
      workers,
    });
    left.running.add(services);
    try {
      await loadDeliveries(emailDb.url, deliveries);
      console.log(`email: ${deliveries} deliveries with ${workers} email worker process(es)…`);
      const pids = new Map([
        ['SMTP sink', sink.process.pid],
        ...services.processes.map((app) => [app.name, app.pid] as [string, number]),
      ]);
      const { seconds, cpu } = await sendAll(emailDb.url, sink, deliveries, pids);
      const step = {
        service: 'email' as const,
        workers,
        items: deliveries,
        seconds,
        load: loadavg()[0] ?? 0,
      };
      // The email service's processes: `email-service` (api + worker) and `email-worker-N`.
      rows.push(scaleRow(step, cpu, (name) => name.startsWith('email-')));
      console.log(`  ${(deliveries / seconds).toFixed(0)} emails/s`);
    } finally {
      await services.stop();
      left.running.delete(services);
      for (const database of [campaignDb, emailDb]) {
        await database.drop();
        left.databases.delete(database);
      }
      await deleteKafkaNamespace(testKafkaBrokers(), namespace);
      left.namespaces.delete(namespace);
    }
  }
  return rows;
}

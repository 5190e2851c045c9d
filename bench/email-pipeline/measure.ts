// The two measurements: the raw limit (a nodemailer pool straight to the sink) and a launched
// campaign through the services, both counted by the same sink.
import { setTimeout as sleep } from 'node:timers/promises';
import { startBenchProcess } from './bench-process';
import { cpuUsage, sampleCpu, type CpuUsage } from './cpu-usage';
import type { PipelineProgress, PipelineStages } from './pipeline-progress';
import { readSinkCounts, resetSink, type SinkProcess } from './sink-control';
import { startSqlSampler, type SqlSampler } from './sql-sampler';

/** Who builds the raw path's messages: nodemailer from fields (the limit), or the service's composer. */
export type RawComposer = 'nodemailer' | 'service';

export interface RawResult {
  /** SMTP connections of the pool. */
  connections: number;
  composer: RawComposer;
  emails: number;
  seconds: number;
  emailsPerSecond: number;
  errors: number;
  accepted: number;
  duplicates: number;
  cpu: CpuUsage;
}

/** Sends `emails` through a nodemailer pool of `maxConnections` from a load process of its own. */
export async function measureRaw(
  sink: SinkProcess,
  emails: number,
  maxConnections: number,
  composer: RawComposer = 'nodemailer',
): Promise<RawResult> {
  await resetSink(sink.httpPort, emails);
  const load = startBenchProcess('raw-load', 'bench/email-pipeline/raw-load.ts', {
    args: [String(sink.smtpPort), String(emails), String(maxConnections), composer],
    quiet: true,
  });
  const pids = new Map([
    ['raw load (nodemailer)', load.pid],
    ['SMTP sink', sink.process.pid],
  ]);
  await load.waitForLine(/^ready$/, 60_000);
  const before = sampleCpu(pids);
  const line = await load.waitForLine(/"firstMs"/, 600_000);
  const after = sampleCpu(pids);
  await load.exited;
  const result = JSON.parse(line) as { firstMs: number; lastMs: number; sent: number; errors: number };
  const counts = await readSinkCounts(sink.httpPort);
  const seconds = (result.lastMs - result.firstMs) / 1000;
  return {
    connections: maxConnections,
    composer,
    emails,
    seconds,
    emailsPerSecond: result.sent / seconds,
    errors: result.errors,
    accepted: counts.accepted,
    duplicates: counts.duplicates,
    cpu: cpuUsage(before, after),
  };
}

export interface PipelineResult {
  workers: number;
  /** SMTP connections of each worker process's pool for the mailbox. */
  connectionsPerWorker: number;
  recipients: number;
  /** Launch (before LaunchCampaign) → the sink's N-th accepted message. */
  seconds: number;
  emailsPerSecond: number;
  /** Launch → the ledger shows every delivery sent (polled every 0.5 s once the sink has all). */
  ledgerSeconds: number;
  firstEmailSeconds: number;
  /** Launch → every task handed over / every delivery in the ledger (polled every 10 s). */
  handedOverSeconds: number;
  inLedgerSeconds: number;
  final: PipelineStages;
  cpu: CpuUsage;
  /** With --sample-sql: statements by average number of connections running them. */
  sql?: Awaited<ReturnType<SqlSampler['stop']>>;
}

// Each look counts every task and delivery (about 0.1 s of PostgreSQL CPU each at 100k rows).
const progressEveryMs = 10_000;
const stallMs = 180_000;

export interface PipelineMeasurement {
  workers: number;
  connectionsPerWorker: number;
  recipients: number;
  sink: SinkProcess;
  progress: PipelineProgress;
  pids: ReadonlyMap<string, number>;
  /** The run's PostgreSQL databases (name → label), whose backends' CPU is counted apart. */
  databases: ReadonlyMap<string, string>;
  /** Samples pg_stat_activity of `databases` (--sample-sql). */
  sampleSql: boolean;
  launch: () => Promise<void>;
}

/**
 * Launches (via `launch`) and waits until the sink has accepted `recipients` messages and the
 * ledger says they were sent, printing progress every few seconds. Fails when nothing moves for
 * three minutes, or when a delivery ends in a status other than sent.
 */
export async function measurePipeline(options: PipelineMeasurement): Promise<PipelineResult> {
  await resetSink(options.sink.httpPort, options.recipients);
  const sampler = options.sampleSql ? await startSqlSampler(options.databases) : undefined;
  try {
    return await follow(options, sampler);
  } catch (error) {
    await sampler?.stop().catch(() => undefined);
    throw error;
  }
}

/** Launches, then follows the campaign to its last email (see measurePipeline). */
async function follow(
  options: PipelineMeasurement,
  sampler: SqlSampler | undefined,
): Promise<PipelineResult> {
  const { recipients, progress } = options;
  const before = sampleCpu(options.pids, options.databases);
  const launchedAt = Date.now();
  await options.launch();
  const since = (at: number) => (at - launchedAt) / 1000;
  let handedOverAt = 0;
  let inLedgerAt = 0;
  let printedAt = launchedAt;
  let movedAt = launchedAt;
  let last = '';
  let stages: PipelineStages | undefined;
  for (;;) {
    // The sink is asked often (cheap); the databases every few seconds, and each round once the
    // sink has every message (then only the ledger is awaited): counting rows costs them CPU.
    const sink = await readSinkCounts(options.sink.httpPort);
    const now = Date.now();
    const sinkDone = sink.accepted >= recipients;
    if (!stages || sinkDone || now - printedAt >= progressEveryMs) {
      stages = { ...(await progress.read()), sink };
      if (!handedOverAt && stages.handedOver >= recipients) handedOverAt = now;
      if (!inLedgerAt && stages.deliveries >= recipients) inLedgerAt = now;
    }
    const signature = `${stages.handedOver}/${stages.deliveries}/${stages.sent}/${sink.accepted}`;
    if (signature !== last) {
      last = signature;
      movedAt = now;
    }
    const done = sinkDone && stages.sent >= recipients;
    if (done || now - printedAt >= progressEveryMs) {
      printedAt = now;
      const rate = sink.accepted / Math.max(0.001, since(now));
      console.log(
        `  ${since(now).toFixed(0).padStart(4)} s  handed over ${stages.handedOver}  in ledger ` +
          `${stages.deliveries}  sent ${stages.sent}  sink ${sink.accepted}  ` +
          `(${Math.round(rate)} emails/s so far)`,
      );
    }
    if (stages.otherFinal > 0)
      throw new Error(`${stages.otherFinal} deliveries ended other than sent (see the email database)`);
    if (done) {
      const after = sampleCpu(options.pids, options.databases);
      const sql = await sampler?.stop();
      const seconds = since(sink.reachedAt || now);
      return {
        workers: options.workers,
        connectionsPerWorker: options.connectionsPerWorker,
        recipients,
        seconds,
        emailsPerSecond: recipients / seconds,
        ledgerSeconds: since(now),
        firstEmailSeconds: since(sink.firstAt),
        handedOverSeconds: since(handedOverAt || now),
        inLedgerSeconds: since(inLedgerAt || now),
        final: { ...stages, sink: await readSinkCounts(options.sink.httpPort) },
        cpu: cpuUsage(before, after),
        sql,
      };
    }
    if (now - movedAt > stallMs) throw new Error(`nothing moved for ${stallMs / 1000} s: ${signature}`);
    await sleep(500);
  }
}

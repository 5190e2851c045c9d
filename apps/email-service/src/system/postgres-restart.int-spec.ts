// PostgreSQL crashes (immediate shutdown, every connection cut) and comes back while two
// email-service worker processes are sending from two email shards (two databases on it): no process may die, no Message-ID may reach the sink
// twice, and every email must end in a final state once the run settles.
import { randomUUID } from 'node:crypto';
import { type EventBus } from '@coldreach/events';
import { startSmtpSink, testRedisUrl, waitFor, type ServiceProcess, type SmtpSink } from '@coldreach/testing';
import { emailWorkerEnv, startEmailWorkers, type WorkerPool } from '../../test/system/email-worker-pool';
import { countByStatus, duplicates } from '../../test/system/ledger-tally';
import { startPrivatePostgres, type PrivatePostgres } from '../../test/system/private-postgres';
import { publishToWorkspaces } from '../../test/system/send-commands';
import { prepareWorkerRun } from '../../test/system/worker-run';

const recipients = 2_000;
const workerCount = 2;
const concurrency = 8;
const finalStates = ['sent', 'failed', 'suppressed', 'unknown'];

jest.setTimeout(300_000);

/** The last log line in which a worker's claim loop or reaper said a round failed. */
const lastLoopFailure = (worker: ServiceProcess): string | undefined =>
  worker
    .tail(400)
    .split('\n')
    .filter((line) => /(claiming deliveries|reaping delivery leases) failed/.test(line))
    .pop();

describe('PostgreSQL restarted mid-run', () => {
  let postgres: PrivatePostgres;
  let sink: SmtpSink;
  let bus: EventBus;
  let pool: WorkerPool;

  beforeAll(async () => {
    postgres = await startPrivatePostgres();
    sink = await startSmtpSink({ replyDelayMs: 10 });
  });
  afterAll(async () => {
    await pool?.stopAll();
    await bus?.close();
    await sink?.close();
    await postgres?.dispose();
  });

  it('keeps every process alive and every invariant', async () => {
    const databaseUrls = [await postgres.createDatabase('email0'), await postgres.createDatabase('email1')];
    const run = await prepareWorkerRun(databaseUrls, sink, { name: 'pgrestart', dailyCap: 100_000 });
    bus = run.bus;
    const { workspaces, namespace, credentialsKey } = run;
    pool = await startEmailWorkers(
      workerCount,
      emailWorkerEnv({ databaseUrls, namespace, credentialsKey, concurrency, redisUrl: testRedisUrl }),
    );
    await publishToWorkspaces(bus, workspaces, { campaignId: randomUUID(), count: recipients });

    await waitFor(() => sink.messages.length > 200, { timeoutMs: 120_000, what: 'mail to flow' });
    const sentAtCrash = sink.messages.length;
    const before = new Map(pool.workers.map((worker) => [worker, lastLoopFailure(worker)]));
    await postgres.crash();
    // PostgreSQL stays down until every worker has found it gone: a claim or reaper round failed
    // since the crash, as its log says.
    await waitFor(
      () =>
        pool.workers.every((worker) => {
          const last = lastLoopFailure(worker);
          return last !== undefined && last !== before.get(worker);
        }),
      { timeoutMs: 60_000, intervalMs: 200, what: 'every worker to fail a round without the database' },
    );
    await postgres.start();

    const settled = await waitFor(
      async () => {
        const counts = await countByStatus(databaseUrls).catch(() => undefined);
        if (!counts) return undefined;
        const open = Object.keys(counts).filter((status) => !finalStates.includes(status));
        const total = Object.values(counts).reduce((sum, count) => sum + count, 0);
        return open.length === 0 && total === recipients ? counts : undefined;
      },
      { timeoutMs: 240_000, intervalMs: 500, what: 'every delivery to reach a final state' },
    );

    for (const worker of pool.workers)
      expect({ worker: worker.name, running: worker.running() }).toEqual({
        worker: worker.name,
        running: true,
      });
    expect(sentAtCrash).toBeLessThan(recipients);
    const messageIds = sink.messages.map((message) => message.messageId);
    expect(duplicates(messageIds)).toEqual([]);
    expect(settled.unknown ?? 0).toBeLessThanOrEqual(workerCount * concurrency);
    expect(messageIds.length).toBeLessThanOrEqual((settled.sent ?? 0) + (settled.unknown ?? 0));
    expect(settled.sent ?? 0).toBeLessThanOrEqual(messageIds.length);
    process.stdout.write(`postgres restart run: ${JSON.stringify(settled)}, sink ${messageIds.length}\n`);
  });
});

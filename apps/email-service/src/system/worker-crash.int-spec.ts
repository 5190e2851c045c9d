// The ledger's promise under crashes: 10,000 emails of two workspaces on two email shards, four
// email-service worker processes on real Kafka, PostgreSQL and Redis and an SMTP sink on loopback, and a worker killed with SIGKILL twenty
// times while they send (a supervisor replaces each one). No Message-ID may reach the sink twice,
// every email must end in a final state, and only emails in flight at a kill may end `unknown`.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { type EventBus } from '@coldreach/events';
import {
  createTestDatabases,
  startSmtpSink,
  testRedisUrl,
  waitFor,
  type SmtpSink,
  type TestDatabase,
} from '@coldreach/testing';
import { countByStatus, duplicates } from '../../test/system/ledger-tally';
import { publishToWorkspaces } from '../../test/system/send-commands';
import { prepareWorkerRun } from '../../test/system/worker-run';
import { emailWorkerEnv, startEmailWorkers, type WorkerPool } from '../../test/system/email-worker-pool';

const recipients = 10_000;
const workerCount = 4;
const concurrency = 8;
const kills = 20;
const finalStates = ['sent', 'failed', 'suppressed', 'unknown'];

jest.setTimeout(600_000);

describe('email workers killed with SIGKILL mid-run', () => {
  let shards: TestDatabase[];
  let sink: SmtpSink;
  let bus: EventBus;
  let pool: WorkerPool;

  beforeAll(async () => {
    shards = await createTestDatabases(2, 'cr_email_crash');
    // Latency per reply keeps SMTP transactions in flight when the kills land, and makes the run
    // last long enough (tens of seconds) for twenty kills of workers that finished starting.
    sink = await startSmtpSink({ replyDelayMs: 40 });
  });

  afterAll(async () => {
    await pool?.stopAll();
    await bus?.close();
    await sink?.close();
    await Promise.all((shards ?? []).map((shard) => shard.drop()));
  });

  it('sends each email at most once and leaves nothing pending', async () => {
    const databaseUrls = shards.map((shard) => shard.url);
    const run = await prepareWorkerRun(databaseUrls, sink, { name: 'crash', dailyCap: 100_000 });
    bus = run.bus;
    const { workspaces, namespace, credentialsKey } = run;

    pool = await startEmailWorkers(
      workerCount,
      emailWorkerEnv({
        databaseUrls,
        namespace,
        credentialsKey,
        concurrency,
        redisUrl: testRedisUrl,
      }),
    );
    const ids = await publishToWorkspaces(bus, workspaces, {
      campaignId: randomUUID(),
      count: recipients,
      domains: ['a.test', 'b.test', 'c.test', 'd.test'],
    });
    expect(ids).toHaveLength(recipients);

    // Kill while mail is flowing: wait for the first messages, then a kill every 0.8–1.6 s.
    await waitFor(() => sink.messages.length > 50, { timeoutMs: 120_000, what: 'the first emails' });
    const sentAtKill: number[] = [];
    for (let kill = 0; kill < kills; kill++) {
      await sleep(800 + Math.random() * 800);
      sentAtKill.push(sink.messages.length);
      await pool.killRandom('SIGKILL');
    }

    const settled = await waitFor(
      async () => {
        const counts = await countByStatus(databaseUrls);
        const open = Object.entries(counts).filter(([status]) => !finalStates.includes(status));
        return open.length === 0 && total(counts) === recipients ? counts : undefined;
      },
      { timeoutMs: 300_000, intervalMs: 500, what: 'every delivery to reach a final state' },
    );

    const messageIds = sink.messages.map((message) => message.messageId);
    expect(duplicates(messageIds)).toEqual([]);
    expect(finalStates.reduce((sum, status) => sum + (settled[status] ?? 0), 0)).toBe(recipients);
    expect(settled.unknown ?? 0).toBeLessThanOrEqual(kills * concurrency);
    // Everything the ledger calls sent reached the sink; the sink has nothing the ledger does not
    // account for as sent or unknown.
    expect(settled.sent ?? 0).toBeLessThanOrEqual(messageIds.length);
    expect(messageIds.length).toBeLessThanOrEqual((settled.sent ?? 0) + (settled.unknown ?? 0));
    // The kills really happened during the run, not after it.
    expect(sentAtKill[kills - 1]).toBeLessThan(recipients);
    expect(pool.kills).toBe(kills);
    process.stdout.write(
      `crash run: ${JSON.stringify(settled)}, sink ${messageIds.length} messages, ${pool.kills} kills, ` +
        `sink count at each kill ${sentAtKill.join(',')}\n`,
    );
  });
});

function total(counts: Record<string, number>): number {
  return Object.values(counts).reduce((sum, count) => sum + count, 0);
}

// Fencing across processes: a worker frozen with SIGSTOP while it holds a claim, past its lease;
// another worker claims the delivery and sends it; the frozen one is thawed (SIGCONT) and must send
// nothing, because its fencing token is no longer the delivery's. On two email shards, with the
// deliveries on the second (the first holds nothing to claim).
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { type EventBus } from '@coldreach/events';
import {
  createTestDatabases,
  spawnServiceProcess,
  startSmtpSink,
  testRedisUrl,
  waitFor,
  waitForOutput,
  type ServiceProcess,
  type SmtpSink,
  type TestDatabase,
} from '@coldreach/testing';
import { emailWorkerEnv } from '../../test/system/email-worker-pool';
import { countByStatus } from '../../test/system/ledger-tally';
import { publishSendCommands } from '../../test/system/send-commands';
import { prepareWorkerRun } from '../../test/system/worker-run';

jest.setTimeout(180_000);

/** True once the delivery's lease has run out by the database's clock. */
async function leaseRunOut(databaseUrl: string, deliveryId: string): Promise<boolean> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ out: boolean }>(
      'SELECT lease_until < now() AS out FROM deliveries WHERE id = $1',
      [deliveryId],
    );
    return rows[0]?.out === true;
  } finally {
    await client.end();
  }
}

describe('a worker frozen past its lease', () => {
  let shards: TestDatabase[];
  let sink: SmtpSink;
  let bus: EventBus;
  const processes: ServiceProcess[] = [];

  beforeAll(async () => {
    shards = await createTestDatabases(2, 'cr_email_frozen');
    sink = await startSmtpSink();
  });
  afterAll(async () => {
    for (const child of processes) {
      child.signal('SIGCONT');
      child.signal('SIGKILL');
      await child.exited;
    }
    await bus?.close();
    await sink?.close();
    await Promise.all((shards ?? []).map((shard) => shard.drop()));
  });

  it('sends nothing once thawed; the other worker sent the email exactly once', async () => {
    const databaseUrls = shards.map((shard) => shard.url);
    const run = await prepareWorkerRun(databaseUrls, sink, { name: 'frozen', dailyCap: 100 });
    bus = run.bus;
    const { namespace, credentialsKey } = run;
    const { workspaceId, mailboxId } = run.workspaces[1]!;
    const env = emailWorkerEnv({
      databaseUrls,
      namespace,
      credentialsKey,
      concurrency: 4,
      redisUrl: testRedisUrl,
      claimLeaseMs: 2_000,
    });

    // One slot per shard: once thawed, it claims on the second shard again only after its stale claim
    // there has come to an end.
    const stale = spawnServiceProcess('stale-worker', 'apps/email-service/test/system/announcing-worker.ts', {
      ...env,
      EMAIL_WORKER_CONCURRENCY: '1',
      EMAIL_WORKER_ID: 'stale',
      HOLD_AFTER_CLAIM_MS: '1000',
    });
    processes.push(stale);
    await waitForOutput(stale, /email service running/);
    const [taskId] = await publishSendCommands(bus, {
      workspaceId,
      campaignId: randomUUID(),
      mailboxId,
      count: 1,
    });
    await waitForOutput(stale, new RegExp(`claimed .*${taskId}`));
    stale.signal('SIGSTOP');

    // Past the 2 s lease (the database's clock says so), a second worker takes the delivery over
    // and sends it.
    await waitFor(() => leaseRunOut(databaseUrls[1]!, taskId!), {
      timeoutMs: 30_000,
      what: 'the lease to run out',
    });
    const fresh = spawnServiceProcess('fresh-worker', 'apps/email-service/src/main.ts', {
      ...env,
      EMAIL_WORKER_ID: 'fresh',
    });
    processes.push(fresh);
    await sink.waitForCount(1, 60_000);
    expect(sink.messages[0]!.headers.get('message-id')).toContain(taskId);
    await waitFor(async () => (await countByStatus(databaseUrls)).sent === 1, {
      timeoutMs: 30_000,
      what: 'the delivery to be sent',
    });
    // Its work done, the second worker leaves, so the next delivery can only be the thawed one's.
    fresh.signal('SIGTERM');
    await fresh.exited;

    stale.signal('SIGCONT');
    // The thawed worker claiming a later delivery proves its stale claim has come to an end.
    const [markerId] = await publishSendCommands(bus, {
      workspaceId,
      campaignId: randomUUID(),
      mailboxId,
      count: 1,
      domains: ['marker.test'],
    });
    await waitForOutput(stale, new RegExp(`claimed .*${markerId}`));
    await waitFor(async () => (await countByStatus(databaseUrls)).sent === 2, {
      timeoutMs: 30_000,
      what: 'the later delivery to be sent',
    });
    expect(stale.running()).toBe(true);
    // One SMTP transaction each: the delivery (by the second worker) and the later one.
    expect(sink.transactions).toHaveLength(2);
    expect(sink.messages.map((message) => message.headers.get('message-id'))).toEqual([
      expect.stringContaining(taskId!),
      expect.stringContaining(markerId!),
    ]);
    expect(await countByStatus(databaseUrls)).toEqual({ sent: 2 });
  });
});

// Fencing across processes: a worker frozen with SIGSTOP while it holds a claim, past its lease;
// another worker claims the delivery and sends it; the frozen one is thawed (SIGCONT) and must send
// nothing, because its fencing token is no longer the delivery's.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { type EventBus } from '@coldreach/events';
import {
  createTestDatabase,
  startSmtpSink,
  testRedisUrl,
  waitFor,
  type SmtpSink,
  type TestDatabase,
} from '@coldreach/testing';
import { emailWorkerEnv } from '../../test/system/email-worker-pool';
import { countByStatus } from '../../test/system/ledger-tally';
import { publishSendCommands } from '../../test/system/send-commands';
import { prepareWorkerRun } from '../../test/system/worker-run';
import { spawnServiceProcess, waitForOutput, type ServiceProcess } from '../../test/system/worker-processes';

jest.setTimeout(180_000);

describe('a worker frozen past its lease', () => {
  let database: TestDatabase;
  let sink: SmtpSink;
  let bus: EventBus;
  const processes: ServiceProcess[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('cr_email_frozen');
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
    await database?.drop();
  });

  it('sends nothing once thawed; the other worker sent the email exactly once', async () => {
    const run = await prepareWorkerRun(database.url, sink, { name: 'frozen', dailyCap: 100 });
    bus = run.bus;
    const { workspaceId, mailboxId, namespace, credentialsKey } = run;
    const env = emailWorkerEnv({
      databaseUrl: database.url,
      namespace,
      credentialsKey,
      concurrency: 4,
      redisUrl: testRedisUrl,
      claimLeaseMs: 2_000,
    });

    const stale = spawnServiceProcess('stale-worker', 'apps/email-service/test/system/announcing-worker.ts', {
      ...env,
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

    // Past the 2 s lease, a second worker takes the delivery over and sends it.
    await sleep(2_500);
    const fresh = spawnServiceProcess('fresh-worker', 'apps/email-service/src/main.ts', {
      ...env,
      EMAIL_WORKER_ID: 'fresh',
    });
    processes.push(fresh);
    await sink.waitForCount(1, 60_000);
    expect(sink.messages[0]!.headers.get('message-id')).toContain(taskId);

    stale.signal('SIGCONT');
    // Give the thawed worker ample time to do whatever it would do with its stale claim.
    await sleep(4_000);
    expect(stale.running()).toBe(true);
    expect(sink.transactions).toHaveLength(1);
    expect(sink.messages).toHaveLength(1);
    await waitFor(async () => (await countByStatus(database.url)).sent === 1, {
      what: 'the delivery to be sent',
    });
    expect(await countByStatus(database.url)).toEqual({ sent: 1 });
  });
});

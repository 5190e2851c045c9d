// Two delivery worker instances (each its own SMTP thread and its own Redis client, as two processes
// have) send one mailbox's deliveries to one real SMTP server, which counts the connections open at
// once: never more than the mailbox's budget, although each worker alone could open that many.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { OutgoingEmail } from '@coldreach/outreach';
import { closeRedisClient, createRedisClient, type Redis } from '@coldreach/rate-limit';
import { randomName, testRedisUrl, waitFor } from '@coldreach/testing';
import {
  insertDeliveries,
  insertMailbox,
  openLedgerDatabase,
  settled,
  silentLogger,
  startTestWorkers,
  testCipher,
  testSmtpGuard,
  type LedgerDatabase,
} from '../../test/ledger-fixtures';
import { createRedisConnectionBudget } from './connection-budget-redis';
import type { DeliveryWorkers } from './delivery-workers';
import { createSmtpTransports } from './smtp-transports';

jest.setTimeout(300_000);

/** An SMTP server that answers each message after `replyMs` and records the most connections open at once. */
async function startCountingServer(replyMs: number) {
  let open = 0;
  const counts = { most: 0, accepted: 0 };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    disableReverseLookup: true,
    logger: false,
    onConnect(_session, callback) {
      open++;
      counts.most = Math.max(counts.most, open);
      callback();
    },
    onClose() {
      open--;
    },
    onData(stream, _session, callback) {
      stream.resume();
      stream.on('end', () => {
        counts.accepted++;
        // The server's own latency, so that connections stay busy and the workers want more.
        setTimeout(callback, replyMs);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    counts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('the SMTP connection budget across delivery workers', () => {
  let ledger: LedgerDatabase;
  const redisClients: Redis[] = [];
  const workers: DeliveryWorkers[] = [];

  beforeAll(async () => {
    ledger = await openLedgerDatabase();
    redisClients.push(createRedisClient(testRedisUrl), createRedisClient(testRedisUrl));
    await waitFor(() => redisClients.every((redis) => redis.status === 'ready'), { what: 'Redis' });
  });
  afterAll(async () => {
    await Promise.all(workers.map((running) => running.stop()));
    await Promise.all(redisClients.map(closeRedisClient));
    await ledger.dispose();
  });

  it('keeps one mailbox under its budget of connections over two workers', async () => {
    const budget = 2;
    const server = await startCountingServer(30);
    try {
      const { dataSource } = ledger;
      const mailbox = await insertMailbox(dataSource, { smtpUrl: server.url, cipher: testCipher });
      const prefix = randomName('smtp-connections');
      for (const redis of redisClients) {
        const transports = createSmtpTransports({
          cipher: testCipher,
          defaultSmtpUrl: undefined,
          guard: testSmtpGuard,
          settings: {
            connectionTimeoutMs: 60_000,
            greetingTimeoutMs: 60_000,
            socketTimeoutMs: 60_000,
            maxConnectionsPerMailbox: budget,
          },
          connectionBudget: createRedisConnectionBudget(redis, { prefix }),
          logger: silentLogger,
        });
        workers.push(startTestWorkers(dataSource, { transports, concurrency: 8 }));
      }
      const leads = Array.from({ length: 60 }, (_, i) => ({ to: `lead${i}@example.test` }));
      await insertDeliveries(dataSource, mailbox, leads);
      expect(await settled(dataSource, 240_000)).toEqual({ sent: 60 });
      expect(server.counts.accepted).toBe(60);
      expect(server.counts.most).toBeLessThanOrEqual(budget);
      expect(server.counts.most).toBeGreaterThan(0);
    } finally {
      await server.close();
    }
  });

  it('sends nothing without a lease: a send that gets none before its deadline comes back as a retry', async () => {
    const server = await startCountingServer(0);
    const prefix = randomName('smtp-connections');
    const budget = createRedisConnectionBudget(redisClients[0]!, { prefix });
    // Another process holds the default route's only slot.
    expect(await budget.take('default', 'other-process', 1, 120_000)).toBeDefined();
    const transports = createSmtpTransports({
      cipher: testCipher,
      defaultSmtpUrl: server.url,
      guard: testSmtpGuard,
      settings: { maxConnectionsPerMailbox: 1 },
      connectionBudget: createRedisConnectionBudget(redisClients[1]!, { prefix }),
      logger: silentLogger,
    });
    try {
      const email: OutgoingEmail = {
        fromName: 'Alice',
        fromAddress: 'alice@sender.test',
        to: 'bob@example.test',
        subject: 'Hello',
        text: 'Hi',
        html: '',
        messageId: '<budget-test@sender.test>',
        inReplyTo: '',
        unsubscribeUrl: 'https://reach.test/unsubscribe/x',
      };
      const outcome = await transports.send({ mailboxId: 'm', sealedSmtpUrl: null }, email, 1500);
      expect(outcome).toMatchObject({ kind: 'retry', code: 0 });
      expect(server.counts.most).toBe(0);
    } finally {
      await transports.close();
      await server.close();
    }
  });
});

import { create } from '@bufbuild/protobuf';
import type { DataSource } from 'typeorm';
import { SendingScheduleSchema, Weekday } from '@coldreach/contracts';
import { createLogger } from '@coldreach/observability';
import { nextSendTime } from '@coldreach/outreach';
import { closeRedisClient, createRedisClient, type Redis } from '@coldreach/rate-limit';
import { randomName, startSmtpSink, testRedisUrl, waitFor, type SmtpSink } from '@coldreach/testing';
import {
  insertDeliveries,
  insertMailbox,
  openLedgerDatabase,
  readDeliveries,
  settled,
  startTcpProxy,
  startTestWorkers,
  statusCounts,
  testCipher,
  workerRoundsPassed,
  type LedgerDatabase,
} from '../../test/ledger-fixtures';
import type { DeliveryWorkers } from './delivery-workers';
import { createRedisSendLimiter } from './redis-send-limiter';

jest.setTimeout(60_000);

const tokenOf = (row: { fencing_token: string }) => Number(row.fencing_token);

describe('send limits in Redis, shared by several workers', () => {
  let ledger: LedgerDatabase;
  let dataSource: DataSource;
  let sink: SmtpSink;
  const running: DeliveryWorkers[] = [];
  const clients: Redis[] = [];

  beforeEach(async () => {
    ledger = await openLedgerDatabase({ poolSize: 16 });
    dataSource = ledger.dataSource;
    sink = await startSmtpSink();
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((workers) => workers.stop()));
    await Promise.all(clients.splice(0).map(closeRedisClient));
    await sink.close();
    await ledger.dispose();
  });

  const redisClient = (url = testRedisUrl) => {
    const redis = createRedisClient(url);
    clients.push(redis);
    return redis;
  };

  it('never exceeds a daily cap or a domain hourly cap, and moves the rest to when they reopen', async () => {
    const prefix = randomName('send');
    const capped = await insertMailbox(dataSource, { smtpUrl: sink.url, cipher: testCipher, dailyCap: 7 });
    const throttled = await insertMailbox(dataSource, {
      smtpUrl: sink.url,
      cipher: testCipher,
      workspaceId: capped.workspaceId,
      dailyCap: 1000,
      domainHourlyCap: 3,
    });
    const cappedIds = await insertDeliveries(
      dataSource,
      capped,
      Array.from({ length: 20 }, (_, i) => ({ to: `lead@d${i}.test` })),
    );
    const throttledIds = await insertDeliveries(dataSource, throttled, [
      ...Array.from({ length: 10 }, (_, i) => ({ to: `lead${i}@a.test` })),
      ...Array.from({ length: 2 }, (_, i) => ({ to: `lead${i}@B.test` })),
    ]);
    for (let i = 0; i < 3; i++) {
      running.push(
        startTestWorkers(dataSource, {
          concurrency: 6,
          limiter: createRedisSendLimiter(redisClient(), { prefix }),
        }),
      );
    }
    await waitFor(async () => {
      const counts = await statusCounts(dataSource);
      return counts.sent === 7 + 3 + 2 && !counts.claimed && !counts.sending;
    });
    // Nothing more goes out while the limits hold: not even in a claim round begun after this.
    await workerRoundsPassed(dataSource);

    const now = Date.now();
    const nextDay = new Date(Math.floor(now / 86_400_000) * 86_400_000 + 86_400_000);
    const nextHour = new Date(Math.floor(now / 3_600_000) * 3_600_000 + 3_600_000);
    const cappedRows = await readDeliveries(dataSource, cappedIds);
    expect(cappedRows.filter((row) => row.status === 'sent')).toHaveLength(7);
    const deferred = cappedRows.filter((row) => row.status !== 'sent');
    expect(deferred.map((row) => [row.status, row.attempts, row.scheduled_at.getTime()])).toEqual(
      deferred.map(() => ['scheduled', 0, nextDay.getTime()]),
    );
    const throttledRows = await readDeliveries(dataSource, throttledIds);
    const sentByDomain = throttledRows
      .filter((row) => row.status === 'sent')
      .map((row) => row.to_address.split('@')[1]?.toLowerCase());
    expect(sentByDomain.sort()).toEqual(['a.test', 'a.test', 'a.test', 'b.test', 'b.test']);
    const held = throttledRows.filter((row) => row.status !== 'sent');
    expect(held.map((row) => [row.status, row.attempts, row.scheduled_at.getTime()])).toEqual(
      held.map(() => ['scheduled', 0, nextHour.getTime()]),
    );
    expect(sink.transactions).toHaveLength(12);
  });

  it("moves a capped campaign delivery to its window's next opening after the cap resets", async () => {
    const mailbox = await insertMailbox(dataSource, { smtpUrl: sink.url, cipher: testCipher, dailyCap: 1 });
    const schedule = create(SendingScheduleSchema, {
      days: [Weekday.MONDAY, Weekday.WEDNESDAY],
      windowStart: { hour: 9, minute: 30 },
      windowEnd: { hour: 11, minute: 0 },
      timeZone: 'UTC',
    });
    const ids = await insertDeliveries(dataSource, mailbox, [
      { to: 'first@example.test', schedule, timeZone: 'Asia/Tokyo' },
      { to: 'second@example.test', schedule, timeZone: 'Asia/Tokyo' },
    ]);
    running.push(
      startTestWorkers(dataSource, {
        limiter: createRedisSendLimiter(redisClient(), { prefix: randomName('send') }),
      }),
    );
    await waitFor(
      async () => (await statusCounts(dataSource)).sent === 1 && !(await statusCounts(dataSource)).claimed,
    );
    const nextDay = new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000 + 86_400_000);
    const deferred = (await readDeliveries(dataSource, ids)).find((row) => row.status !== 'sent');
    expect(deferred?.status).toBe('scheduled');
    expect(deferred?.scheduled_at).toEqual(nextSendTime(schedule, 'Asia/Tokyo', nextDay));
  });

  it('sends nothing and fails nothing while Redis is unreachable, and everything once it is back', async () => {
    const proxy = await startTcpProxy(Number(new URL(testRedisUrl).port || 6379));
    const logLines: string[] = [];
    const logger = createLogger({
      name: 'limits-test',
      level: 'info',
      destination: { write: (line: string) => void logLines.push(line) },
    });
    const mailbox = await insertMailbox(dataSource, { smtpUrl: sink.url, cipher: testCipher });
    const ids = await insertDeliveries(
      dataSource,
      mailbox,
      Array.from({ length: 10 }, (_, i) => ({ to: `lead${i}@example.test` })),
    );
    try {
      await proxy.down();
      const limiter = createRedisSendLimiter(redisClient(`redis://127.0.0.1:${proxy.port}`), {
        prefix: randomName('send'),
      });
      running.push(startTestWorkers(dataSource, { limiter, logger }));
      // The workers find Redis gone, give their claims back, hold, and come back for the rows once
      // more (a new claim: a new fencing token for each), and still send nothing.
      await waitFor(() => logLines.some((line) => line.includes('the send limiter is unavailable')), {
        what: 'the workers to find the send limiter unavailable',
      });
      const firstClaim = Math.max(...(await readDeliveries(dataSource, ids)).map(tokenOf));
      await waitFor(
        async () => (await readDeliveries(dataSource, ids)).every((row) => tokenOf(row) > firstClaim),
        {
          timeoutMs: 30_000,
          what: 'every delivery claimed again after the hold',
        },
      );
      expect(sink.transactions).toEqual([]);
      const during = await readDeliveries(dataSource, ids);
      expect(during.every((row) => ['scheduled', 'claimed'].includes(row.status) && row.attempts === 0)).toBe(
        true,
      );

      await proxy.up();
      expect(await settled(dataSource)).toEqual({ sent: 10 });
      expect(sink.messages).toHaveLength(10);
      const messages = logLines.map((line) => (JSON.parse(line) as { msg: string }).msg);
      expect(messages.filter((msg) => msg.startsWith('the send limiter is unavailable'))).toHaveLength(1);
      expect(messages.filter((msg) => msg.startsWith('the send limiter answers again'))).toHaveLength(1);
    } finally {
      await proxy.down();
    }
  });
});

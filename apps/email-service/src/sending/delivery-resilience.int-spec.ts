import { createLogger } from '@coldreach/observability';
import { startSmtpSink, waitFor, type SmtpSink } from '@coldreach/testing';
import {
  insertDeliveries,
  insertMailbox,
  openLedgerDatabase,
  readDeliveries,
  settled,
  startTcpProxy,
  startTestWorkers,
  testCipher,
  type LedgerDatabase,
} from '../../test/ledger-fixtures';

jest.setTimeout(120_000);

interface LogLine {
  msg: string;
  deliveryIds?: string[];
}

// PostgreSQL goes away mid-run (every connection dropped, new ones refused) and comes back: the
// workers keep running, nothing is sent twice, and every delivery ends in a final state.
describe('delivery workers across a database outage', () => {
  let ledger: LedgerDatabase;
  let sink: SmtpSink;
  let proxy: Awaited<ReturnType<typeof startTcpProxy>>;

  beforeEach(async () => {
    proxy = await startTcpProxy(5432);
    ledger = await openLedgerDatabase({ port: proxy.port });
    // Slow replies keep SMTP transactions in flight when the database goes.
    sink = await startSmtpSink({ replyDelayMs: 5 });
  });
  afterEach(async () => {
    await sink.close();
    await proxy.up();
    await ledger.dispose();
    await proxy.down();
  });

  it('keeps going, never sends twice and leaves nothing open', async () => {
    const { dataSource } = ledger;
    const mailbox = await insertMailbox(dataSource, { smtpUrl: sink.url, cipher: testCipher });
    const ids = await insertDeliveries(
      dataSource,
      mailbox,
      Array.from({ length: 300 }, (_, i) => ({ to: `lead${i}@example.test` })),
    );
    // A short lease: outcomes that cannot be written within it are given up during the outage, so
    // their rows stay `sending` until the reaper makes them `unknown` (it happens to ~10 of 300).
    const concurrency = 16;
    const logLines: string[] = [];
    const logger = createLogger({
      name: 'resilience-test',
      level: 'warn',
      destination: { write: (line: string) => void logLines.push(line) },
    });
    const workers = startTestWorkers(dataSource, { claimLeaseMs: 500, concurrency, logger });
    try {
      await sink.waitForCount(60, 30_000);
      await proxy.down();
      const sentDuringOutage = sink.messages.length;
      // The outage lasts until the workers have lived through it, as their logs tell: the claim
      // loop failed twice, and every send that finished meanwhile had its outcome given up.
      const logged = logLines.length;
      await waitFor(
        () => {
          const lines = logLines.slice(logged).map((line) => JSON.parse(line) as LogLine);
          const failedClaims = lines.filter((line) => line.msg.startsWith('claiming deliveries failed'));
          const givenUp = lines
            .filter((line) => line.msg.startsWith('could not record SMTP outcomes'))
            .flatMap((line) => line.deliveryIds ?? []);
          return failedClaims.length >= 2 && givenUp.length >= sink.messages.length - sentDuringOutage;
        },
        { timeoutMs: 30_000, what: 'the workers to fail to claim and to give up the outcomes they hold' },
      );
      // Sends already under way (at most one per slot) may finish; none starts without the database.
      expect(sink.messages.length - sentDuringOutage).toBeLessThanOrEqual(concurrency);
      await proxy.up();
      const counts = await settled(dataSource, 60_000);
      expect(Object.keys(counts).filter((status) => status !== 'sent' && status !== 'unknown')).toEqual([]);
    } finally {
      await workers.stop();
    }
    const rows = await readDeliveries(dataSource, ids);
    const received = sink.messages.map((message) => message.messageId);
    expect(new Set(received).size).toBe(received.length);
    const receivedIds = new Set(received);
    // Every `sent` row was received; an `unknown` one may or may not have been.
    expect(rows.filter((row) => row.status === 'sent').every((row) => receivedIds.has(row.message_id))).toBe(
      true,
    );
    expect(received.every((messageId) => rows.some((row) => row.message_id === messageId))).toBe(true);
    expect(sink.transactions.length).toBe(received.length);
  });
});

import { startSmtpSink, type SmtpSink } from '@coldreach/testing';
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
    const workers = startTestWorkers(dataSource, { claimLeaseMs: 500, concurrency });
    try {
      await sink.waitForCount(60, 30_000);
      await proxy.down();
      const sentDuringOutage = sink.messages.length;
      await new Promise((resolve) => setTimeout(resolve, 2500));
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

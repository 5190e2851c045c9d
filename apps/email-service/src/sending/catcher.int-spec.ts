import { EmailSentSchema, eventTypes } from '@coldreach/contracts';
import { openPgliteHost, type PgliteHost } from '@coldreach/db';
import { startSmtpSink } from '@coldreach/testing';
import {
  eventPayloads,
  insertDeliveries,
  insertMailbox,
  openLedgerDatabase,
  openPgliteLedger,
  readCaughtMessages,
  readDeliveries,
  settled,
  startTestWorkers,
  type LedgerDatabase,
} from '../../test/ledger-fixtures';
import { createInProcessAddressFence, createPostgresAddressFence } from '../ledger/store/address-fence';
import { caughtResponse } from '../ledger/delivery-transitions';
import { createMemorySendLimiter } from './send-limiter';

jest.setTimeout(60_000);

let pglite: PgliteHost | undefined;
afterAll(() => pglite?.close());

const backends: {
  name: string;
  open(): Promise<LedgerDatabase>;
  fence: typeof createPostgresAddressFence;
}[] = [
  { name: 'PostgreSQL', open: () => openLedgerDatabase(), fence: createPostgresAddressFence },
  // Embedded mode: PGlite's one connection, the in-process fence and in-memory limits; one PGlite
  // (slow to start) with a schema per test.
  {
    name: 'PGlite (embedded mode)',
    open: async () => openPgliteLedger((pglite ??= await openPgliteHost())),
    fence: createInProcessAddressFence,
  },
];

describe.each(backends)('the catcher on $name', ({ open, fence }) => {
  let ledger: LedgerDatabase;
  beforeEach(async () => {
    ledger = await open();
  });
  afterEach(() => ledger.dispose());

  it('keeps exactly one caught message per delivery, as it would have gone out', async () => {
    const { dataSource } = ledger;
    const mailbox = await insertMailbox(dataSource);
    const ids = await insertDeliveries(
      dataSource,
      mailbox,
      Array.from({ length: 30 }, (_, i) => ({
        to: `lead${i}@example.test`,
        firstName: `Ada${i}`,
        html: '<p>Hi {{first_name}}</p>',
      })),
    );
    const workers = [0, 1].map(() =>
      startTestWorkers(dataSource, {
        fence: fence(dataSource),
        limiter: createMemorySendLimiter(),
        concurrency: 8,
      }),
    );
    try {
      expect(await settled(dataSource)).toEqual({ sent: 30 });
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
    }
    const rows = await readDeliveries(dataSource, ids);
    const caught = await readCaughtMessages(dataSource);
    expect(caught.map((message) => message.delivery_id).sort()).toEqual([...ids].sort());
    for (const row of rows) {
      const message = caught.find((m) => m.delivery_id === row.id);
      const index = ids.indexOf(row.id);
      expect(message).toMatchObject({
        envelope_from: mailbox.fromAddress,
        envelope_to: [row.to_address],
        subject: `Hello Ada${index}`,
        text_body: `Hi Ada${index}, a note for your team.`,
        html_body: `<p>Hi Ada${index}</p>`,
        message_id: row.message_id,
      });
      expect(message?.size_bytes).toBeGreaterThan(300);
      const header = (name: string) => message?.headers.find((h) => h.name.toLowerCase() === name)?.value;
      expect(header('message-id')).toBe(row.message_id);
      expect(header('list-unsubscribe')).toMatch(/^<https:\/\/reach\.test\/unsubscribe\/[\w-]+\.[\w-]+>$/);
      expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
      expect(header('content-type')).toMatch(/^multipart\/alternative/);
      expect(row).toMatchObject({ status: 'sent', attempts: 1, last_smtp_code: 0 });
    }
    const sent = await eventPayloads(dataSource, eventTypes.emailSent, EmailSentSchema);
    expect(sent).toHaveLength(30);
    expect(sent[0]).toMatchObject({ smtpCode: 0, smtpResponse: caughtResponse, attempts: 1 });
  });

  it('sends through the default SMTP URL instead when the service has one', async () => {
    const { dataSource } = ledger;
    const sink = await startSmtpSink();
    const mailbox = await insertMailbox(dataSource);
    await insertDeliveries(dataSource, mailbox, [{ to: 'ada@example.test' }]);
    const workers = startTestWorkers(dataSource, { fence: fence(dataSource), defaultSmtpUrl: sink.url });
    try {
      expect(await settled(dataSource)).toEqual({ sent: 1 });
    } finally {
      await workers.stop();
      await sink.close();
    }
    expect(sink.messages).toHaveLength(1);
    expect(await readCaughtMessages(dataSource)).toEqual([]);
  });
});

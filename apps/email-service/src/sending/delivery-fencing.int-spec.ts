import type { DataSource } from 'typeorm';
import { EmailSentSchema, EmailSuppressedSchema, SuppressionReason, eventTypes } from '@coldreach/contracts';
import { queryRows } from '@coldreach/db';
import { waitFor, type SmtpSink } from '@coldreach/testing';
import {
  eventPayloads,
  insertDeliveries,
  openWorkerBed,
  readDeliveries,
  settled,
  type MailboxFixture,
  type WorkerBed,
} from '../../test/ledger-fixtures';
import { createPostgresAddressFence } from '../ledger/store/address-fence';

jest.setTimeout(90_000);

// Several workers on one database: the fencing token, SKIP LOCKED claims and the address fence
// keep every email to at most one SMTP transaction, and none after its address was suppressed.
describe('delivery workers side by side', () => {
  let bed: WorkerBed;
  let dataSource: DataSource;
  let sink: SmtpSink;
  let mailbox: MailboxFixture;

  beforeEach(async () => {
    bed = await openWorkerBed({ poolSize: 12 });
    ({ dataSource, sink, mailbox } = bed);
  });
  afterEach(() => bed.stop());

  const start: WorkerBed['start'] = (overrides) => bed.start(overrides);
  const expectEachSentOnce = async (ids: string[]) => {
    const rows = await readDeliveries(dataSource, ids);
    expect(rows.every((row) => row.status === 'sent' && row.attempts === 1)).toBe(true);
    const received = sink.messages.map((message) => message.messageId);
    expect(received.sort()).toEqual(rows.map((row) => row.message_id).sort());
    expect(sink.transactions).toHaveLength(ids.length);
    const sent = await eventPayloads(dataSource, eventTypes.emailSent, EmailSentSchema);
    expect(sent.map((event) => event.delivery?.taskId).sort()).toEqual([...ids].sort());
  };

  it('a worker whose claim expired sends nothing once it resumes (fencing token)', async () => {
    const ids = await insertDeliveries(
      dataSource,
      mailbox,
      Array.from({ length: 5 }, (_, i) => ({ to: `lead${i}@example.test` })),
    );
    let resume!: () => void;
    const paused = new Promise<void>((resolve) => (resume = resolve));
    const claimedByA: string[] = [];
    const workerA = start({
      claimLeaseMs: 300,
      // Every claim of A stalls (a GC pause, a frozen VM) until the test lets it go.
      hooks: {
        afterClaim: async (claimed) => {
          claimedByA.push(...claimed);
          await paused;
        },
      },
    });
    await waitFor(() => claimedByA.length === 5, { what: 'worker A to claim everything' });
    start({ claimLeaseMs: 300 });
    await settled(dataSource);
    resume();
    await workerA.stop();
    bed.forget(workerA);
    await expectEachSentOnce(ids);
  });

  it('two workers on one database never send a delivery twice, even with leases expiring mid-claim', async () => {
    const ids = await insertDeliveries(
      dataSource,
      mailbox,
      Array.from({ length: 400 }, (_, i) => ({ to: `lead${i}@example.test`, firstName: `L${i}` })),
    );
    // Short leases and random stalls after claiming: claims keep expiring and moving between workers.
    const stall = () => ({
      claimLeaseMs: 150,
      concurrency: 8,
      hooks: {
        afterClaim: () => new Promise<void>((resolve) => setTimeout(resolve, Math.random() < 0.2 ? 250 : 0)),
      },
    });
    start(stall());
    start(stall());
    await settled(dataSource, 60_000);
    await expectEachSentOnce(ids);
  });

  it('starts no SMTP transaction to an address after its suppression committed', async () => {
    const target = 'stop@example.test';
    // Slow replies keep sends to the target in flight when the suppression arrives.
    sink.setBehaviour(() => ({ action: 'accept', delayMs: 30 }));
    const ids = await insertDeliveries(dataSource, mailbox, [
      ...Array.from({ length: 60 }, () => ({ to: target })),
      ...Array.from({ length: 30 }, (_, i) => ({ to: `other${i}@example.test` })),
    ]);
    start({ concurrency: 8 });
    start({ concurrency: 8 });
    await sink.waitForCount(5);

    let lockedAt = 0;
    await createPostgresAddressFence(dataSource).suppressing(
      { workspaceId: mailbox.workspaceId, email: target },
      async (manager) => {
        // The exclusive lock is held: every send that checked before us has ended its SMTP transaction.
        lockedAt = Date.now();
        await queryRows(
          manager,
          "INSERT INTO suppressions (workspace_id, email, reason) VALUES ($1, $2, 'unsubscribe')",
          [mailbox.workspaceId, target],
        );
      },
    );
    const counts = await settled(dataSource, 60_000);

    const toTarget = sink.transactions.filter((t) => t.to.includes(target));
    expect(toTarget.length).toBeGreaterThan(0);
    expect(toTarget.every((t) => t.at < lockedAt)).toBe(true);
    const rows = await readDeliveries(dataSource, ids);
    const targetRows = rows.filter((row) => row.to_address === target);
    const sentToTarget = targetRows.filter((row) => row.status === 'sent').length;
    expect(sentToTarget).toBe(toTarget.length);
    expect(targetRows.filter((row) => row.status === 'suppressed')).toHaveLength(60 - sentToTarget);
    expect(rows.filter((row) => row.to_address !== target).every((row) => row.status === 'sent')).toBe(true);
    expect(counts).toEqual({ sent: 30 + sentToTarget, suppressed: 60 - sentToTarget });
    const suppressed = await eventPayloads(dataSource, eventTypes.emailSuppressed, EmailSuppressedSchema);
    expect(suppressed).toHaveLength(60 - sentToTarget);
    expect(suppressed.every((event) => event.reason === SuppressionReason.UNSUBSCRIBE)).toBe(true);
  });
});

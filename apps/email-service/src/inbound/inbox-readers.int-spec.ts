import { queryRows } from '@coldreach/db';
import {
  BounceType,
  EmailBouncedSchema,
  EmailComplainedSchema,
  EmailRepliedSchema,
  LeadUnsubscribedSchema,
} from '@coldreach/contracts';
import { createLogger } from '@coldreach/observability';
import { createTeardown, startImapServer, waitFor, type ImapTestServer } from '@coldreach/testing';
import {
  eventPayloads,
  insertDeliveries,
  insertMailbox,
  openLedgerDatabase,
  testCipher,
  testSmtpGuard,
  type LedgerDatabase,
  type MailboxFixture,
} from '../../test/ledger-fixtures';
import {
  deliveryStatusReport,
  feedbackReport,
  outOfOffice,
  personReply,
  plainBounce,
  unrelatedMail,
  type Sent,
} from '../../test/inbound-messages';
import { startInboxReaders, type InboxReaders } from './inbox-readers';

jest.setTimeout(120_000);

const password = 'Imap-S3cret-Passw0rd';
const logLines: string[] = [];
const logger = createLogger({
  name: 'inbox-readers-test',
  level: 'trace',
  destination: { write: (line: string) => void logLines.push(line) },
});

describe('inbox readers against a real IMAP server (dovecot) and PostgreSQL', () => {
  const teardown = createTeardown();
  let imap: ImapTestServer;
  let db: LedgerDatabase;
  let users = 0;

  beforeAll(async () => {
    imap = await startImapServer();
    teardown.add(() => imap.close());
    db = await openLedgerDatabase();
    teardown.add(() => db.dispose());
  });
  afterAll(() => teardown.close());
  // Every reader set reads every mailbox: each test starts with only its own.
  const running: InboxReaders[] = [];
  afterEach(async () => {
    for (const readers of running.splice(0)) await readers.stop();
  });

  const sql = <T = Record<string, unknown>>(text: string, params: unknown[] = []) =>
    queryRows<T>(db.dataSource.manager, text, params);

  /** A mailbox reading a fresh IMAP user's INBOX (STARTTLS, or implicit TLS), and its user name. */
  async function readMailbox(
    options: { tls?: boolean } = {},
  ): Promise<{ mailbox: MailboxFixture; user: string }> {
    const user = `sales${++users}`;
    await imap.addUser({ user, password });
    const mailbox = await insertMailbox(db.dataSource, { fromAddress: 'sales@sender.test' });
    await sql('UPDATE mailboxes SET imap_url_sealed = $2, imap_host = $3 WHERE id = $1', [
      mailbox.id,
      testCipher.seal(imap.url({ user, password }, { tls: options.tls })),
      imap.host,
    ]);
    return { mailbox, user };
  }

  /** Deliveries SENT from `mailbox` to `to`, with their Message-IDs. */
  async function sent(
    mailbox: MailboxFixture,
    to: string[],
    subject = 'Quick question',
  ): Promise<(Sent & { id: string })[]> {
    const ids = await insertDeliveries(
      db.dataSource,
      mailbox,
      to.map((address) => ({ to: address, status: 'sent' as const })),
    );
    await sql('UPDATE deliveries SET sent_at = now(), subject = $2 WHERE id = ANY($1::uuid[])', [
      ids,
      subject,
    ]);
    const rows = await sql<{ id: string; message_id: string; to_address: string }>(
      'SELECT id, message_id, to_address FROM deliveries WHERE id = ANY($1::uuid[])',
      [ids],
    );
    return ids.map((id) => {
      const row = rows.find((r) => r.id === id)!;
      return { id, messageId: row.message_id, to: row.to_address, subject };
    });
  }

  function startReaders(
    workerId: string,
    overrides: { pageSize?: number; leaseMs?: number; onMessageApplied?: (mailboxId: string) => void } = {},
  ): InboxReaders {
    const readers = startInboxReaders({
      dataSource: db.dataSource,
      cipher: testCipher,
      imap: { guard: testSmtpGuard, extraCa: imap.ca },
      logger,
      workerId,
      pollIntervalMs: 100,
      leaseMs: overrides.leaseMs ?? 10_000,
      pageSize: overrides.pageSize ?? 2,
      softBounceThreshold: 2,
      onMessageApplied: overrides.onMessageApplied,
    });
    running.push(readers);
    return readers;
  }

  const inbound = (mailboxId: string) =>
    sql<{
      kind: string;
      delivery_id: string | null;
      uid: string;
      return_at: Date | null;
      bounce_type: string;
      snippet: string;
    }>(
      'SELECT kind, delivery_id, uid, return_at, bounce_type, snippet FROM inbound_messages WHERE mailbox_id = $1 ORDER BY uid',
      [mailboxId],
    );
  const readUpTo = (mailboxId: string, count: number) =>
    waitFor(async () => ((await inbound(mailboxId)).length >= count ? inbound(mailboxId) : undefined), {
      timeoutMs: 60_000,
      what: `${count} inbound messages`,
    });

  it('applies each kind of message once, and records the read on the mailbox', async () => {
    const { mailbox, user } = await readMailbox();
    const [threaded, unthreaded, away, hard, soft, plain, complained, removal] = await sent(mailbox, [
      'ann@prospect.example',
      'ben@prospect.example',
      'cat@prospect.example',
      'dan@prospect.example',
      'eve@prospect.example',
      'fay@prospect.example',
      'gus@prospect.example',
      'hal@prospect.example',
    ]);
    const messages = [
      personReply(threaded!, 'Yes, let us talk on Tuesday.'),
      personReply(unthreaded!, 'Sounds good, call me.', { threaded: false }),
      outOfOffice(away!),
      deliveryStatusReport(hard!, '5.1.1', '550 5.1.1 user unknown'),
      deliveryStatusReport(soft!, '4.2.2', '452 4.2.2 mailbox full'),
      plainBounce(plain!),
      feedbackReport(complained!),
      personReply(removal!, 'Not interested. Please remove me from your list.'),
      unrelatedMail(),
    ];
    for (const raw of messages) await imap.deliver(user, raw);
    startReaders('reader-a');

    const rows = await readUpTo(mailbox.id, messages.length);
    expect(rows.map((row) => [row.kind, row.delivery_id])).toEqual([
      ['reply', threaded!.id],
      ['reply', unthreaded!.id],
      ['auto_reply', away!.id],
      ['bounce', hard!.id],
      ['bounce', soft!.id],
      ['bounce', plain!.id],
      ['complaint', complained!.id],
      ['unsubscribe_request', removal!.id],
      ['unrelated', null],
    ]);
    expect(rows[0]!.snippet).toBe('Yes, let us talk on Tuesday.');
    expect(rows[2]!.return_at).toEqual(new Date('2027-01-12T00:00:00Z'));
    expect(rows.slice(3, 6).map((row) => row.bounce_type)).toEqual(['hard', 'soft', 'hard']);

    const statuses = await sql<{ id: string; status: string; last_error: string }>(
      'SELECT id, status, last_error FROM deliveries WHERE mailbox_id = $1',
      [mailbox.id],
    );
    const statusOf = (id: string) => statuses.find((row) => row.id === id)!;
    expect(statusOf(hard!.id)).toMatchObject({
      status: 'bounced',
      last_error: expect.stringContaining('5.1.1'),
    });
    expect(statusOf(soft!.id).status).toBe('bounced');
    expect(statusOf(plain!.id).status).toBe('bounced');
    expect(statusOf(threaded!.id).status).toBe('sent');

    const suppressions = await sql<{ email: string; reason: string }>(
      'SELECT email, reason FROM suppressions WHERE workspace_id = $1 ORDER BY email',
      [mailbox.workspaceId],
    );
    // One soft bounce stays under the threshold (2): eve is not suppressed.
    expect(suppressions).toEqual([
      { email: 'dan@prospect.example', reason: 'hard_bounce' },
      { email: 'fay@prospect.example', reason: 'hard_bounce' },
      { email: 'gus@prospect.example', reason: 'complaint' },
      { email: 'hal@prospect.example', reason: 'unsubscribe' },
    ]);

    const replied = await eventPayloads(db.dataSource, 'email.replied', EmailRepliedSchema);
    expect(replied.map((event) => event.delivery?.taskId).sort()).toEqual(
      [threaded!.id, unthreaded!.id].sort(),
    );
    const bounced = await eventPayloads(db.dataSource, 'email.bounced', EmailBouncedSchema);
    expect(
      bounced.filter((e) => e.delivery?.mailboxId === mailbox.id).map((e) => [e.email, e.bounceType]),
    ).toEqual([
      ['dan@prospect.example', BounceType.HARD],
      ['eve@prospect.example', BounceType.SOFT],
      ['fay@prospect.example', BounceType.HARD],
    ]);
    const complaints = await eventPayloads(db.dataSource, 'email.complained', EmailComplainedSchema);
    expect(complaints.filter((e) => e.delivery?.taskId === complained!.id)).toHaveLength(1);
    const unsubscribed = await eventPayloads(db.dataSource, 'lead.unsubscribed', LeadUnsubscribedSchema);
    expect(unsubscribed.filter((e) => e.taskId === removal!.id)).toHaveLength(1);

    await waitFor(async () => {
      const [row] = await sql<{ inbox_read_at: Date | null; inbox_error: string }>(
        'SELECT inbox_read_at, inbox_error FROM mailboxes WHERE id = $1',
        [mailbox.id],
      );
      return row?.inbox_read_at !== null && row?.inbox_error === '';
    });
    expect(logLines.join('\n')).not.toContain(password);
  });

  it('suppresses an address after the threshold of soft bounces', async () => {
    const { mailbox, user } = await readMailbox({ tls: true });
    const [first, second] = await sent(mailbox, ['ivy@prospect.example', 'ivy@prospect.example']);
    await imap.deliver(user, deliveryStatusReport(first!, '4.2.2', '452 4.2.2 mailbox full'));
    await imap.deliver(user, deliveryStatusReport(second!, '4.2.2', '452 4.2.2 mailbox full'));
    startReaders('reader-soft');
    await readUpTo(mailbox.id, 2);
    expect(
      await sql('SELECT email, reason FROM suppressions WHERE workspace_id = $1', [mailbox.workspaceId]),
    ).toEqual([{ email: 'ivy@prospect.example', reason: 'hard_bounce' }]);
  });

  it('a reader stopped mid-mailbox resumes where it stopped; a message read again changes nothing', async () => {
    const { mailbox, user } = await readMailbox();
    const deliveries = await sent(mailbox, [
      'a1@p.example',
      'a2@p.example',
      'a3@p.example',
      'a4@p.example',
      'a5@p.example',
      'a6@p.example',
    ]);
    for (const delivery of deliveries) await imap.deliver(user, personReply(delivery, 'Interested.'));
    let applied = 0;
    let stopped: Promise<void> | undefined;
    // Stopped between the second and the third message, as a killed worker would be.
    const first: InboxReaders = startReaders('reader-stopped', {
      pageSize: 4,
      onMessageApplied: (mailboxId) => {
        if (mailboxId === mailbox.id && ++applied === 2) stopped = first.stop();
      },
    });
    await waitFor(() => stopped !== undefined, { timeoutMs: 60_000 });
    await stopped;
    const afterStop = (await inbound(mailbox.id)).length;
    expect(afterStop).toBe(2);
    const [state] = await sql<{ last_uid: string }>(
      'SELECT last_uid FROM inbox_readers WHERE mailbox_id = $1',
      [mailbox.id],
    );
    expect(Number(state!.last_uid)).toBe(afterStop);

    startReaders('reader-next');
    const rows = await readUpTo(mailbox.id, deliveries.length);
    expect(rows.map((row) => Number(row.uid))).toEqual([1, 2, 3, 4, 5, 6]);

    // As if a crash had lost the position: every message is read again and none applies twice.
    await sql('UPDATE inbox_readers SET last_uid = 0 WHERE mailbox_id = $1', [mailbox.id]);
    await waitFor(
      async () => {
        const [row] = await sql<{ last_uid: string }>(
          'SELECT last_uid FROM inbox_readers WHERE mailbox_id = $1',
          [mailbox.id],
        );
        return Number(row?.last_uid) === deliveries.length;
      },
      { timeoutMs: 60_000 },
    );
    expect(await inbound(mailbox.id)).toHaveLength(deliveries.length);
    const replied = await eventPayloads(db.dataSource, 'email.replied', EmailRepliedSchema);
    const ours = new Set(deliveries.map((d) => d.id));
    expect(replied.filter((event) => ours.has(event.delivery!.taskId))).toHaveLength(deliveries.length);
  });

  it('starts over on a new UIDVALIDITY without applying a message twice', async () => {
    const { mailbox, user } = await readMailbox();
    const [one, two] = await sent(mailbox, ['u1@p.example', 'u2@p.example']);
    const seen = personReply(one!, 'First answer.');
    await imap.deliver(user, seen);
    startReaders('reader-uidvalidity');
    await readUpTo(mailbox.id, 1);
    const [before] = await sql<{ uidvalidity: string }>(
      'SELECT uidvalidity FROM inbox_readers WHERE mailbox_id = $1',
      [mailbox.id],
    );

    await imap.resetInbox(user);
    await imap.deliver(user, seen);
    await imap.deliver(user, personReply(two!, 'Second answer.'));
    const rows = await readUpTo(mailbox.id, 2);
    expect(rows.map((row) => row.delivery_id)).toEqual([one!.id, two!.id]);
    const [after] = await sql<{ uidvalidity: string; last_uid: string }>(
      'SELECT uidvalidity, last_uid FROM inbox_readers WHERE mailbox_id = $1',
      [mailbox.id],
    );
    expect(after!.uidvalidity).not.toBe(before!.uidvalidity);
    await waitFor(async () => {
      const [row] = await sql<{ last_uid: string }>(
        'SELECT last_uid FROM inbox_readers WHERE mailbox_id = $1',
        [mailbox.id],
      );
      return Number(row?.last_uid) === 2;
    });
  });

  it('two reader sets on one database never read a mailbox at once', async () => {
    const { mailbox, user } = await readMailbox();
    // A lease held by another live reader: this one does not log in at all.
    await sql(
      "INSERT INTO inbox_readers (mailbox_id, lease_owner, lease_until) VALUES ($1, 'elsewhere', now() + interval '1 hour')",
      [mailbox.id],
    );
    const deliveries = await sent(mailbox, ['t1@p.example', 't2@p.example', 't3@p.example']);
    for (const delivery of deliveries) await imap.deliver(user, personReply(delivery, 'Yes.'));
    startReaders('pair-a');
    startReaders('pair-b');
    const otherMailbox = await readMailbox();
    await imap.deliver(otherMailbox.user, unrelatedMail());
    // Both sets have been round their mailboxes at least once by the time the other mailbox is read.
    await readUpTo(otherMailbox.mailbox.id, 1);
    expect(await imap.logins(user)).toBe(0);

    // The lease expires (its holder died): exactly one of the two takes it over and reads.
    await sql("UPDATE inbox_readers SET lease_until = now() - interval '1 second' WHERE mailbox_id = $1", [
      mailbox.id,
    ]);
    const rows = await readUpTo(mailbox.id, deliveries.length);
    expect(rows).toHaveLength(deliveries.length);
    const replied = await eventPayloads(db.dataSource, 'email.replied', EmailRepliedSchema);
    const ours = new Set(deliveries.map((d) => d.id));
    expect(replied.filter((event) => ours.has(event.delivery!.taskId))).toHaveLength(deliveries.length);
  });

  it('records why a read failed, without the password, and never logs it', async () => {
    const mailbox = await insertMailbox(db.dataSource, { fromAddress: 'sales@sender.test' });
    const wrong = 'Wr0ng-Imap-Passw0rd';
    await sql('UPDATE mailboxes SET imap_url_sealed = $2 WHERE id = $1', [
      mailbox.id,
      testCipher.seal(imap.url({ user: 'sales1', password: wrong })),
    ]);
    startReaders('reader-wrong');
    const [row] = await waitFor(
      async () => {
        const found = await sql<{ inbox_error: string }>('SELECT inbox_error FROM mailboxes WHERE id = $1', [
          mailbox.id,
        ]);
        return found[0]?.inbox_error ? found : undefined;
      },
      { timeoutMs: 60_000 },
    );
    expect(row!.inbox_error).toBe(`${imap.host}:${imap.port}: authentication failed`);
    expect(logLines.join('\n')).not.toContain(wrong);
    expect(logLines.join('\n')).not.toContain(password);
  });
});

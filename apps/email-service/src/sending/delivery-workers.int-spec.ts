import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { DataSource } from 'typeorm';
import {
  BounceType,
  EmailBouncedSchema,
  EmailFailedSchema,
  EmailSentSchema,
  EmailUnknownSchema,
  eventTypes,
} from '@coldreach/contracts';
import { queryRows } from '@coldreach/db';
import { verifyUnsubscribeToken } from '@coldreach/outreach';
import { startSmtpSink, waitFor, type SinkBehaviourFn, type SmtpSink } from '@coldreach/testing';
import {
  emailEventsInOutbox,
  eventPayloads,
  insertDeliveries,
  insertMailbox,
  openWorkerBed,
  pauseCampaign,
  readDeliveries,
  settled,
  testCipher,
  testPublicBaseUrl,
  testUnsubscribeSecret,
  workerRoundsPassed,
  type MailboxFixture,
  type WorkerBed,
} from '../../test/ledger-fixtures';

jest.setTimeout(60_000);

describe('delivery workers on PostgreSQL and a real SMTP server', () => {
  let bed: WorkerBed;
  let dataSource: DataSource;
  let sink: SmtpSink;
  let mailbox: MailboxFixture;

  beforeEach(async () => {
    bed = await openWorkerBed();
    ({ dataSource, sink, mailbox } = bed);
  });
  afterEach(() => bed.stop());

  const start: WorkerBed['start'] = (overrides) => bed.start(overrides);
  const behaveFor = (to: string, fn: SinkBehaviourFn): void =>
    sink.setBehaviour((input) =>
      input.recipient.toLowerCase() === to.toLowerCase() ? fn(input) : { action: 'accept' },
    );
  const transactionsTo = (to: string) =>
    sink.transactions.filter((t) => t.to.some((address) => address.toLowerCase() === to.toLowerCase()));

  it('sends each delivery once, personalised, with its Message-ID and one-click unsubscribe headers', async () => {
    const leads = Array.from({ length: 20 }, (_, i) => ({
      to: `lead${i}@example.test`,
      firstName: `Ada${i}`,
      company: 'Acme',
    }));
    const ids = await insertDeliveries(dataSource, mailbox, [
      ...leads.map((lead) => ({ ...lead, html: '<p>Hi {{first_name}} of {{company}}</p>' })),
      {
        to: 'html-only@example.test',
        firstName: 'Bo',
        text: '',
        html: '<p>Hi {{first_name}},</p><p>see <a href="https://x.test">this</a></p>',
      },
      { to: 'follow-up@example.test', firstName: 'Cy', inReplyTo: '<previous@sender.test>', stepPosition: 2 },
    ]);
    start();
    expect(await settled(dataSource)).toEqual({ sent: 22 });
    expect(sink.messages).toHaveLength(22);
    expect(sink.transactions).toHaveLength(22);

    const rows = await readDeliveries(dataSource, ids);
    const byTo = new Map(sink.messages.map((message) => [message.envelope.to[0], message]));
    rows.forEach((row, index) => {
      const message = byTo.get(row.to_address);
      expect(message?.messageId).toBe(row.message_id);
      expect(message?.headers.get('from')).toBe('Alice Sender <alice@sender.test>');
      expect(message?.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
      const link = /^<(.+)>$/.exec(message?.headers.get('list-unsubscribe') ?? '')?.[1] ?? '';
      expect(link.startsWith(`${testPublicBaseUrl}/unsubscribe/`)).toBe(true);
      const token = verifyUnsubscribeToken(link.slice(link.lastIndexOf('/') + 1), testUnsubscribeSecret, {
        now: new Date(),
      });
      expect(token).toMatchObject({
        workspaceId: mailbox.workspaceId,
        clientId: row.client_id,
        deliveryId: row.id,
      });
      expect(row).toMatchObject({ status: 'sent', attempts: 1, last_smtp_code: 250, lease_owner: null });
      expect(row.sent_at).toBeInstanceOf(Date);
      if (index < 20) {
        expect(message?.subject).toBe(`Hello Ada${index}`);
        expect(row.subject).toBe(`Hello Ada${index}`);
        expect(message?.text).toBe(`Hi Ada${index}, a note for Acme.`);
        expect(message?.html).toBe(`<p>Hi Ada${index} of Acme</p>`);
      }
    });
    expect(byTo.get('html-only@example.test')?.text).toBe('Hi Bo,\n\nsee this (https://x.test)');
    const followUp = byTo.get('follow-up@example.test');
    expect(followUp?.headers.get('in-reply-to')).toBe('<previous@sender.test>');
    expect(followUp?.headers.get('references')).toBe('<previous@sender.test>');
    expect(byTo.get('lead0@example.test')?.headers.has('in-reply-to')).toBe(false);

    const sent = await eventPayloads(dataSource, eventTypes.emailSent, EmailSentSchema);
    expect(sent).toHaveLength(22);
    expect(new Set(sent.map((event) => event.delivery?.taskId))).toEqual(new Set(ids));
    expect(sent[0]).toMatchObject({
      smtpCode: 250,
      attempts: 1,
      smtpResponse: expect.stringMatching(/^250 /),
    });
    const envelopes = await emailEventsInOutbox(dataSource);
    expect(
      envelopes.every((envelope) => envelope.source === 'email-service' && ids.includes(envelope.key)),
    ).toBe(true);
  });

  it('retries a 4xx with backoff: sent on the third attempt, received once', async () => {
    const to = 'greylisted@example.test';
    behaveFor(to, ({ attempt }) =>
      attempt <= 2 ? { action: 'reply', at: 'rcpt', code: 451, message: 'greylisted' } : { action: 'accept' },
    );
    const [id] = await insertDeliveries(dataSource, mailbox, [{ to }]);
    start();
    await settled(dataSource);
    const [row] = await readDeliveries(dataSource, [id!]);
    expect(row).toMatchObject({ status: 'sent', attempts: 3, last_smtp_code: 250, last_error: '' });
    expect(sink.messages.filter((m) => m.envelope.to.includes(to))).toHaveLength(1);
    expect(transactionsTo(to).map((t) => t.outcome)).toEqual(['rejected-rcpt', 'rejected-rcpt', 'accepted']);
    const [sent] = await eventPayloads(dataSource, eventTypes.emailSent, EmailSentSchema);
    expect(sent?.attempts).toBe(3);
  });

  it('fails after the last retry when the 4xx never stops', async () => {
    const to = 'full@example.test';
    behaveFor(to, () => ({ action: 'reply', at: 'data', code: 452, message: 'mailbox full' }));
    const [id] = await insertDeliveries(dataSource, mailbox, [{ to }]);
    start({ retry: { maxAttempts: 3, backoffMs: 50 } });
    await settled(dataSource);
    const [row] = await readDeliveries(dataSource, [id!]);
    expect(row).toMatchObject({ status: 'failed', attempts: 3, last_smtp_code: 452 });
    expect(row?.last_error).toContain('gave up after 3 attempts');
    expect(transactionsTo(to)).toHaveLength(3);
    const [failed] = await eventPayloads(dataSource, eventTypes.emailFailed, EmailFailedSchema);
    expect(failed).toMatchObject({ smtpCode: 452, attempts: 3 });
  });

  it('fails a 5xx at RCPT TO as a hard bounce and suppresses the address', async () => {
    const to = 'Gone@Example.test';
    behaveFor(to, () => ({ action: 'reply', at: 'rcpt', code: 550, message: 'no such user' }));
    const [id] = await insertDeliveries(dataSource, mailbox, [{ to }]);
    start();
    await settled(dataSource);
    const [row] = await readDeliveries(dataSource, [id!]);
    expect(row).toMatchObject({ status: 'failed', attempts: 1, last_smtp_code: 550 });
    expect(transactionsTo(to)).toHaveLength(1);
    const [failed] = await eventPayloads(dataSource, eventTypes.emailFailed, EmailFailedSchema);
    expect(failed).toMatchObject({
      smtpCode: 550,
      attempts: 1,
      reason: expect.stringContaining('550 no such user'),
    });
    const [bounced] = await eventPayloads(dataSource, eventTypes.emailBounced, EmailBouncedSchema);
    expect(bounced).toMatchObject({ email: 'gone@example.test', bounceType: BounceType.HARD, smtpCode: 550 });
    const suppressions = await queryRows(
      dataSource.manager,
      'SELECT workspace_id, email, reason, delivery_id FROM suppressions',
      [],
    );
    expect(suppressions).toEqual([
      {
        workspace_id: mailbox.workspaceId,
        email: 'gone@example.test',
        reason: 'hard_bounce',
        delivery_id: id,
      },
    ]);
  });

  it('fails a 5xx after the message without suppressing anyone', async () => {
    const to = 'spam-filtered@example.test';
    behaveFor(to, () => ({ action: 'reply', at: 'data', code: 554, message: 'rejected as spam' }));
    const [id] = await insertDeliveries(dataSource, mailbox, [{ to }]);
    start();
    await settled(dataSource);
    expect((await readDeliveries(dataSource, [id!]))[0]).toMatchObject({
      status: 'failed',
      last_smtp_code: 554,
    });
    expect(await eventPayloads(dataSource, eventTypes.emailBounced, EmailBouncedSchema)).toEqual([]);
    expect(await queryRows(dataSource.manager, 'SELECT * FROM suppressions', [])).toEqual([]);
  });

  it.each([
    ['no reply after the message', { action: 'withhold' } as const],
    ['a dropped connection after the message', { action: 'destroy' } as const],
  ])('makes %s UNKNOWN and never sends it again', async (_, behaviour) => {
    const to = 'ambiguous@example.test';
    behaveFor(to, () => behaviour);
    const [id, other] = await insertDeliveries(dataSource, mailbox, [{ to }, { to: 'fine@example.test' }]);
    start({
      // Far longer than the attempt itself (socket timeout 300 ms): on a loaded machine a 300 ms lease,
      // and once even a 5 s one, ran out before the worker marked the delivery sending, and a second
      // claim counted a second attempt (fenced: never a second send). Nothing here waits for a lease.
      claimLeaseMs: 30_000,
      smtp: {
        connectionTimeoutMs: 1000,
        greetingTimeoutMs: 1000,
        socketTimeoutMs: 300,
        maxConnectionsPerMailbox: 2,
      },
    });
    await settled(dataSource);
    // Nothing is claimed or sending, so no lease is left to run out: a reaper round and a claim
    // round after this would bring the ambiguous delivery back, if anything could.
    await workerRoundsPassed(dataSource);
    const [row, fine] = await readDeliveries(dataSource, [id!, other!]);
    expect(row).toMatchObject({ status: 'unknown', attempts: 1 });
    expect(fine).toMatchObject({ status: 'sent' });
    expect(transactionsTo(to)).toHaveLength(1);
    const unknown = await eventPayloads(dataSource, eventTypes.emailUnknown, EmailUnknownSchema);
    expect(unknown).toHaveLength(1);
    expect(unknown[0]).toMatchObject({ messageId: row?.message_id, attempts: 1 });
  });

  it('retries a refused connection, and sends once the server is up', async () => {
    const port = await closedPort();
    const down = await insertMailbox(dataSource, { smtpUrl: `smtp://127.0.0.1:${port}`, cipher: testCipher });
    const [id] = await insertDeliveries(dataSource, down, [{ to: 'patient@example.test' }]);
    start({ retry: { maxAttempts: 20, backoffMs: 100 } });
    const retried = await waitFor(
      async () => {
        const [row] = await readDeliveries(dataSource, [id!]);
        return row && row.attempts >= 2 && row.status === 'scheduled' ? row : undefined;
      },
      { what: 'a second refused attempt' },
    );
    expect(retried.last_error).toContain('ECONNREFUSED');
    expect(retried.next_attempt_at).toBeInstanceOf(Date);
    const late = await startSmtpSink({ port });
    try {
      await settled(dataSource);
      const [row] = await readDeliveries(dataSource, [id!]);
      expect(row?.status).toBe('sent');
      expect(late.messages).toHaveLength(1);
      expect(late.transactions).toHaveLength(1);
    } finally {
      await late.close();
    }
  });

  it('claims nothing of a paused campaign until it is resumed', async () => {
    const paused = '00000000-0000-4000-8000-00000000000a';
    await pauseCampaign(dataSource, mailbox.workspaceId, paused);
    const held = await insertDeliveries(dataSource, mailbox, [
      { to: 'held1@example.test', campaignId: paused },
      { to: 'held2@example.test', campaignId: paused },
    ]);
    const free = await insertDeliveries(dataSource, mailbox, [
      { to: 'free@example.test' },
      { to: 'sendemail@example.test', campaignId: null },
    ]);
    const workers = start();
    await waitFor(
      async () => (await readDeliveries(dataSource, free)).every((row) => row.status === 'sent'),
      { what: 'the others' },
    );
    // A claim round after this takes every due delivery it may, older ones first.
    await workerRoundsPassed(dataSource);
    expect(
      (await readDeliveries(dataSource, held)).map((row) => [row.status, row.attempts, row.fencing_token]),
    ).toEqual([
      ['scheduled', 0, '0'],
      ['scheduled', 0, '0'],
    ]);
    expect(sink.messages.map((m) => m.envelope.to[0]).sort()).toEqual([
      'free@example.test',
      'sendemail@example.test',
    ]);
    await queryRows(dataSource.manager, 'DELETE FROM paused_campaigns WHERE campaign_id = $1', [paused]);
    workers.wake();
    // The four, and the round marker.
    expect(await settled(dataSource)).toEqual({ sent: 5 });
  });

  it('fails a delivery whose mailbox is gone or whose template does not parse, without SMTP', async () => {
    const gone = { ...mailbox, id: '00000000-0000-4000-8000-0000000000bb' };
    const [orphan] = await insertDeliveries(dataSource, gone, [{ to: 'orphan@example.test' }]);
    const [broken] = await insertDeliveries(dataSource, mailbox, [
      { to: 'broken@example.test', subject: 'Hi {{first_name' },
    ]);
    start();
    await settled(dataSource);
    const rows = await readDeliveries(dataSource, [orphan!, broken!]);
    expect(rows.map((row) => [row.status, row.attempts])).toEqual([
      ['failed', 0],
      ['failed', 0],
    ]);
    expect(rows[0]?.last_error).toContain('mailbox');
    expect(rows[1]?.last_error).toContain('could not be rendered');
    expect(sink.transactions).toEqual([]);
    expect(await eventPayloads(dataSource, eventTypes.emailFailed, EmailFailedSchema)).toHaveLength(2);
  });
});

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

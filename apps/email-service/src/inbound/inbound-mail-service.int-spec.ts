import { Code } from '@connectrpc/connect';
import { DeliveryStatus, EmailRepliedSchema, InboundKind } from '@coldreach/contracts';
import { startImapServer, waitFor, type ImapTestServer } from '@coldreach/testing';
import {
  newWorkspace,
  payloadOf,
  rejection,
  startHarness,
  type Harness,
} from '../../test/email-service-harness';
import { personReply, unrelatedMail } from '../../test/inbound-messages';

jest.setTimeout(120_000);

const user = { user: 'sales', password: 'Imap-S3cret-Passw0rd' };
const json = (value: unknown) =>
  JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v));

describe('InboundMailService and mailboxes’ IMAP settings (PostgreSQL, connected mode)', () => {
  let imap: ImapTestServer;
  let h: Harness;

  beforeAll(async () => {
    imap = await startImapServer({ users: [user] });
    h = await startHarness({ roles: { api: true, workers: false }, inbound: { extraImapCa: imap.ca } });
  });
  afterAll(async () => {
    await h?.stop();
    await imap?.close();
  });

  it('seals the IMAP URL, shows only its host and port, and clears it when the mask names it empty', async () => {
    const workspaceId = newWorkspace();
    const imapUrl = imap.url(user, { tls: true });
    const { mailbox } = await h.rpc.createMailbox({
      workspaceId,
      mailbox: { name: 'Sales', fromAddress: 'sales@sender.test', imapUrl },
    });
    expect(mailbox).toMatchObject({ imapHost: '127.0.0.1', imapPort: imap.tlsPort, inboxError: '' });
    expect(json(mailbox)).not.toContain(user.password);
    const [row] = await h.sql<{ imap_url_sealed: string }>(
      workspaceId,
      'SELECT imap_url_sealed FROM mailboxes WHERE id = $1',
      [mailbox!.id],
    );
    expect(row!.imap_url_sealed).not.toContain(user.password);

    const cleared = await h.rpc.updateMailbox({
      workspaceId,
      id: mailbox!.id,
      mailbox: { imapUrl: '' },
      updateMask: { paths: ['imap_url'] },
    });
    expect(cleared.mailbox).toMatchObject({ imapHost: '', imapPort: 0 });
    expect(h.logLines.join('\n')).not.toContain(user.password);
  });

  it('refuses a bad IMAP URL and an internal host outside the allow-list, naming mailbox.imap_url', async () => {
    const workspaceId = newWorkspace();
    for (const imapUrl of [
      'imaps://nobody@mail.example',
      'pop3://u:p@mail.example',
      'imaps://u:p@10.1.2.3:993',
    ]) {
      const { fields, message } = await rejection(
        h.rpc.createMailbox({ workspaceId, mailbox: { name: 'S', fromAddress: 's@sender.test', imapUrl } }),
        Code.InvalidArgument,
      );
      expect(fields).toEqual(['mailbox.imap_url']);
      expect(message).not.toContain('u:p');
    }
  });

  it('TestMailboxImap signs in over STARTTLS and implicit TLS; a wrong password is ok=false without it', async () => {
    const workspaceId = newWorkspace();
    const plain = await h.inboundRpc.testMailboxImap({ workspaceId, imapUrl: imap.url(user) });
    expect(plain).toMatchObject({ ok: true, detail: expect.stringMatching(/^INBOX: \d+ messages$/) });
    const { mailbox } = await h.rpc.createMailbox({
      workspaceId,
      mailbox: { name: 'S', fromAddress: 's@sender.test', imapUrl: imap.url(user, { tls: true }) },
    });
    expect((await h.inboundRpc.testMailboxImap({ workspaceId, id: mailbox!.id })).ok).toBe(true);

    const wrong = 'Wr0ng-Imap-Passw0rd';
    const failed = await h.inboundRpc.testMailboxImap({
      workspaceId,
      imapUrl: imap.url({ user: user.user, password: wrong }),
    });
    expect(failed).toMatchObject({ ok: false, detail: `127.0.0.1:${imap.port}: authentication failed` });
    for (const secret of [wrong, user.password]) {
      expect(json(failed)).not.toContain(secret);
      expect(h.logLines.join('\n')).not.toContain(secret);
    }
  });

  it('refuses InjectInboundMessage outside local mode', async () => {
    const workspaceId = newWorkspace();
    const mailboxId = await h.createMailbox(workspaceId);
    await rejection(
      h.inboundRpc.injectInboundMessage({ workspaceId, mailboxId, raw: Buffer.from(unrelatedMail()) }),
      Code.FailedPrecondition,
    );
  });
});

describe('InboundMailService in local mode (PGlite): an injected reply stops what a reply stops', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ embedded: true });
  });
  afterAll(() => h?.stop());

  it('injects a reply to a caught email once, and lists it newest first by kind', async () => {
    const workspaceId = newWorkspace();
    const clientId = await h.createClient(workspaceId, 'jane@prospect.example', 'Jane');
    const mailboxId = await h.createMailbox(workspaceId, 'sales@sender.test');
    const { deliveryId } = await h.rpc.sendEmail({
      workspaceId,
      clientId,
      mailboxId,
      subject: 'Quick question',
      textBody: 'Hello {{first_name}}',
    });
    const delivery = await waitFor(
      async () => {
        const found = (await h.rpc.getDelivery({ workspaceId, id: deliveryId })).delivery;
        return found?.status === DeliveryStatus.SENT ? found : undefined;
      },
      { timeoutMs: 60_000, what: 'the email to be sent (caught)' },
    );
    const raw = Buffer.from(
      personReply(
        { messageId: delivery.messageId, to: 'jane@prospect.example', subject: 'Quick question' },
        'Yes!',
      ),
    );
    const first = await h.inboundRpc.injectInboundMessage({ workspaceId, mailboxId, raw });
    expect(first.message).toMatchObject({
      kind: InboundKind.REPLY,
      deliveryId,
      clientId,
      fromAddress: 'jane@prospect.example',
      subject: 'Re: Quick question',
      snippet: 'Yes!',
    });
    const again = await h.inboundRpc.injectInboundMessage({ workspaceId, mailboxId, raw });
    expect(again.message?.id).toBe(first.message?.id);
    await h.inboundRpc.injectInboundMessage({ workspaceId, mailboxId, raw: Buffer.from(unrelatedMail()) });

    const replied = await waitFor(() => {
      const found = h.emailEvents.filter((e) => e.type === 'email.replied' && e.key === deliveryId);
      return found.length > 0 ? found : undefined;
    });
    expect(payloadOf(replied[0], EmailRepliedSchema)?.delivery?.taskId).toBe(deliveryId);

    const page = await h.inboundRpc.listInboundMessages({ workspaceId, pageSize: 1 });
    expect(page.messages.map((m) => m.kind)).toEqual([InboundKind.UNRELATED]);
    const next = await h.inboundRpc.listInboundMessages({
      workspaceId,
      pageSize: 1,
      pageToken: page.nextPageToken,
    });
    expect(next.messages.map((m) => m.id)).toEqual([first.message?.id]);
    const replies = await h.inboundRpc.listInboundMessages({
      workspaceId,
      kinds: [InboundKind.REPLY],
      clientId,
    });
    expect(replies.messages).toHaveLength(1);
    // Only one email.replied although the reply came twice.
    expect(h.emailEvents.filter((e) => e.type === 'email.replied' && e.key === deliveryId)).toHaveLength(1);
  });
});

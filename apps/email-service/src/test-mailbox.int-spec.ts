import { startTcpCanary, type TcpCanary } from '@coldreach/testing';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { Code } from '@connectrpc/connect';
import { SMTPServer } from 'smtp-server';
import { newWorkspace, rejection, startHarness, type Harness } from '../test/email-service-harness';
import { createSmtpUrlCipher } from './persistence/smtp-url-cipher';

jest.setTimeout(60_000);

const user = 'alice@corp.example';
const password = 'c0rrect-Horse-Battery';

/** A real SMTP server on loopback that accepts `user` / `password` only. */
async function startAuthServer(): Promise<{ port: number; close(): Promise<void> }> {
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === user && auth.password === password) callback(null, { user: auth.username });
      else callback(new Error('Invalid username or password'));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A TCP server that accepts connections and never says a word. */
async function startSilentServer(): Promise<{ server: Server; port: number }> {
  const server = createServer(() => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

describe('EmailService.TestMailbox against real SMTP servers on loopback', () => {
  let h: Harness;
  let smtp: Awaited<ReturnType<typeof startAuthServer>>;
  const url = (pass: string) =>
    `smtp://${encodeURIComponent(user)}:${encodeURIComponent(pass)}@127.0.0.1:${smtp.port}`;

  beforeAll(async () => {
    smtp = await startAuthServer();
    h = await startHarness({
      roles: { api: true, workers: false },
      smtpProbe: { connectionTimeoutMs: 2000, greetingTimeoutMs: 500, socketTimeoutMs: 2000 },
    });
  });
  afterAll(async () => {
    await h?.stop();
    await smtp?.close();
  });

  it('signs in with good credentials, for a URL and for a saved mailbox', async () => {
    const workspaceId = newWorkspace();
    const direct = await h.rpc.testMailbox({ workspaceId, smtpUrl: url(password) });
    expect(direct.ok).toBe(true);
    expect(direct.detail).toBe(`connected to 127.0.0.1:${smtp.port} and signed in`);
    expect(direct.latency).toBeDefined();

    const { mailbox } = await h.rpc.createMailbox({
      workspaceId,
      mailbox: { name: 'Alice', smtpUrl: url(password), fromAddress: user },
    });
    expect((await h.rpc.testMailbox({ workspaceId, id: mailbox!.id })).ok).toBe(true);
  });

  it('answers ok = false with the reply code when the password is wrong, and never the credentials', async () => {
    const workspaceId = newWorkspace();
    const wrong = 'wr0ng-Password-123';
    const result = await h.rpc.testMailbox({ workspaceId, smtpUrl: url(wrong) });
    expect(result.ok).toBe(false);
    expect(result.detail).toBe(
      `127.0.0.1:${smtp.port}: authentication failed (535 Invalid username or password)`,
    );
    const everything = JSON.stringify(result, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v));
    for (const secret of [wrong, user, encodeURIComponent(user)]) {
      expect(everything).not.toContain(secret);
      expect(h.logLines.join('\n')).not.toContain(secret);
    }
  });

  it('describes a refused connection and a server that never greets', async () => {
    const silent = await startSilentServer();
    const closed = await startSilentServer();
    await new Promise<void>((resolve) => closed.server.close(() => resolve()));
    try {
      const refused = await h.rpc.testMailbox({
        workspaceId: newWorkspace(),
        smtpUrl: `smtp://127.0.0.1:${closed.port}`,
      });
      expect(refused).toMatchObject({ ok: false, detail: `127.0.0.1:${closed.port}: connection refused` });
      const mute = await h.rpc.testMailbox({
        workspaceId: newWorkspace(),
        smtpUrl: `smtp://127.0.0.1:${silent.port}`,
      });
      expect(mute).toMatchObject({
        ok: false,
        detail: `127.0.0.1:${silent.port}: no SMTP greeting within 0.5 s (is this an SMTP port?)`,
      });
    } finally {
      silent.server.close();
    }
  });

  it('says a mailbox without SMTP URL goes to the catcher', async () => {
    const workspaceId = newWorkspace();
    const id = await h.createMailbox(workspaceId);
    const result = await h.rpc.testMailbox({ workspaceId, id });
    expect(result.ok).toBe(true);
    expect(result.detail).toContain('caught');
  });

  it('wants exactly one of id and smtp_url, and a well-formed URL', async () => {
    const workspaceId = newWorkspace();
    expect((await rejection(h.rpc.testMailbox({ workspaceId }), Code.InvalidArgument)).fields).toEqual([
      'id',
    ]);
    expect(
      (
        await rejection(
          h.rpc.testMailbox({ workspaceId, id: newWorkspace(), smtpUrl: url(password) }),
          Code.InvalidArgument,
        )
      ).fields,
    ).toEqual(['smtp_url']);
    const bad = await rejection(
      h.rpc.testMailbox({ workspaceId, smtpUrl: `ftp://x:${password}@host` }),
      Code.InvalidArgument,
    );
    expect(bad.fields).toEqual(['smtp_url']);
    expect(bad.message).not.toContain(password);
    await rejection(h.rpc.testMailbox({ workspaceId, id: newWorkspace() }), Code.NotFound);
  });
});

describe('EmailService.TestMailbox through the outbound-address guard', () => {
  let h: Harness;
  let canary: TcpCanary;

  beforeAll(async () => {
    canary = await startTcpCanary();
    // Connected mode's default: nothing internal allowed.
    h = await startHarness({ roles: { api: true, workers: false }, smtpAllowedPrivateCidrs: [] });
  });
  afterAll(async () => {
    await h?.stop();
    await canary?.close();
  });

  it('refuses loopback in every form, naming the variable, without connecting', async () => {
    const workspaceId = newWorkspace();
    for (const [host, shown] of [
      ['127.0.0.1', '127.0.0.1'],
      ['0x7f.1', '0x7f.1 (127.0.0.1)'],
      ['2130706433', '2130706433 (127.0.0.1)'],
      ['[::ffff:127.0.0.1]', '::ffff:7f00:1'],
      ['localhost', 'localhost resolves to'],
    ]) {
      const refused = await rejection(
        h.rpc.testMailbox({ workspaceId, smtpUrl: `smtp://u:${password}@${host}:${canary.port}` }),
        Code.InvalidArgument,
      );
      expect(refused.fields).toEqual(['smtp_url']);
      expect(refused.message).toContain(shown);
      expect(refused.message).toContain(
        'loopback address; allowed only when listed in SMTP_ALLOWED_PRIVATE_CIDRS',
      );
      expect(refused.message).not.toContain(password);
    }
    const metadata = await rejection(
      h.rpc.testMailbox({ workspaceId, smtpUrl: 'smtp://169.254.169.254:25' }),
      Code.InvalidArgument,
    );
    expect(metadata.message).toContain(
      '169.254.169.254 is a link-local (cloud metadata) address and is never allowed',
    );
    expect(canary.connections()).toBe(0);
  });

  it('refuses such a host when a mailbox is created or changed, and a saved one when tested', async () => {
    const workspaceId = newWorkspace();
    const created = await rejection(
      h.rpc.createMailbox({
        workspaceId,
        mailbox: { name: 'Local', smtpUrl: `smtp://10.1.2.3:25`, fromAddress: user },
      }),
      Code.InvalidArgument,
    );
    expect(created.fields).toEqual(['mailbox.smtp_url']);
    expect(created.message).toContain(
      '10.1.2.3 is a private address; allowed only when listed in SMTP_ALLOWED_PRIVATE_CIDRS',
    );
    const id = await h.createMailbox(workspaceId);
    const updated = await rejection(
      h.rpc.updateMailbox({
        workspaceId,
        id,
        mailbox: { smtpUrl: `smtp://127.0.0.1:${canary.port}` },
        updateMask: { paths: ['smtp_url'] },
      }),
      Code.InvalidArgument,
    );
    expect(updated.fields).toEqual(['mailbox.smtp_url']);
    // A mailbox saved before the operator narrowed the list is refused when tested.
    await h.sql(workspaceId, 'UPDATE mailboxes SET smtp_url_sealed = $1 WHERE id = $2', [
      createSmtpUrlCipher(h.credentialsKey).seal(`smtp://127.0.0.1:${canary.port}`),
      id,
    ]);
    const saved = await rejection(h.rpc.testMailbox({ workspaceId, id }), Code.FailedPrecondition);
    expect(saved.message).toContain('127.0.0.1 is a loopback address');
    expect(canary.connections()).toBe(0);
  });
});

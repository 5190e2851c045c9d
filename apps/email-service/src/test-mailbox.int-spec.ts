import { createServer, type AddressInfo, type Server } from 'node:net';
import { Code } from '@connectrpc/connect';
import { SMTPServer } from 'smtp-server';
import { newWorkspace, rejection, startHarness, type Harness } from '../test/email-service-harness';

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
    expect(result.detail).toBe(`127.0.0.1:${smtp.port}: authentication failed (535)`);
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
        detail: `127.0.0.1:${silent.port}: timed out waiting for the greeting`,
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

import { ImapFlow, type ImapFlowOptions } from 'imapflow';
import { createConnection } from 'node:net';
import { startImapServer, type ImapTestServer } from './imap-server';
import { createTeardown } from './teardown';
import { waitFor } from './wait-for';

const alice = { user: 'alice', password: 'p:a%s s@w/rd' };
const bob = { user: 'bob.smith', password: 'another-secret' };

const message = (subject: string) =>
  `From: Someone <someone@example.com>\r\nTo: alice@example.com\r\nSubject: ${subject}\r\n` +
  `Message-ID: <${subject.replace(/\W/g, '')}@example.com>\r\n\r\nHello.\r\n`;

describe('startImapServer (dovecot on loopback)', () => {
  let server: ImapTestServer;
  const teardown = createTeardown();

  beforeAll(async () => {
    server = await startImapServer({ users: [alice] });
    teardown.add(() => server.close());
  });
  afterAll(() => teardown.close());

  const connect = async (options: Partial<ImapFlowOptions> & { auth: ImapFlowOptions['auth'] }) => {
    const client = new ImapFlow({
      host: server.host,
      port: server.port,
      secure: false,
      doSTARTTLS: true,
      tls: { ca: server.ca },
      logger: false,
      ...options,
    });
    client.on('error', () => undefined); // failures surface through connect()'s rejection
    await client.connect();
    teardown.add(() => client.logout().catch(() => undefined));
    return client;
  };
  const subjects = async (client: ImapFlow) => {
    const seen: { uid: number; subject?: string }[] = [];
    for await (const fetched of client.fetch('1:*', { uid: true, envelope: true }))
      seen.push({ uid: fetched.uid, subject: fetched.envelope?.subject });
    return seen;
  };

  it('accepts a login over STARTTLS and over implicit TLS, and counts them', async () => {
    const before = await server.logins(alice.user);
    // Plaintext LOGIN is refused on server.port (below), so a login there went through STARTTLS.
    await connect({ auth: { user: alice.user, pass: alice.password } });
    await connect({
      port: server.tlsPort,
      secure: true,
      doSTARTTLS: false,
      auth: { user: alice.user, pass: alice.password },
    });
    await waitFor(async () => (await server.logins(alice.user)) === before + 2, {
      what: 'two logins in the log',
    });
  });

  it('serves a delivered message with its UID, to a user added after start', async () => {
    await server.addUser(bob);
    await server.deliver(bob.user, message('first'));
    await server.deliver(bob.user, Buffer.from(message('second')));
    const client = await connect({ auth: { user: bob.user, pass: bob.password } });
    await client.mailboxOpen('INBOX');
    expect(await subjects(client)).toEqual([
      { uid: 1, subject: 'first' },
      { uid: 2, subject: 'second' },
    ]);
  });

  it('gives the INBOX a new UIDVALIDITY on resetInbox, holding only what comes next', async () => {
    await server.deliver(alice.user, message('old'));
    const first = await connect({ auth: { user: alice.user, pass: alice.password } });
    const before = (await first.mailboxOpen('INBOX')).uidValidity;
    await first.logout();

    await server.resetInbox(alice.user);
    await server.deliver(alice.user, message('new'));
    const second = await connect({ auth: { user: alice.user, pass: alice.password } });
    const after = (await second.mailboxOpen('INBOX')).uidValidity;
    expect(after).not.toEqual(before);
    expect(await subjects(second)).toEqual([{ uid: 1, subject: 'new' }]);
  });

  it('refuses a wrong password', async () => {
    await expect(connect({ auth: { user: alice.user, pass: 'wrong' } })).rejects.toMatchObject({
      authenticationFailed: true,
    });
  });

  it('refuses a plaintext login without TLS', async () => {
    // imapflow itself refuses once it sees LOGINDISABLED; a raw client shows the server refuses too.
    await expect(
      connect({ doSTARTTLS: false, auth: { user: alice.user, pass: alice.password } }),
    ).rejects.toThrow(/Login is disabled/);
    const answer = await rawPlaintextLogin(server.port, `a1 LOGIN "${alice.user}" "${alice.password}"`);
    expect(answer).toMatch(/^a1 NO /m);
    expect(answer).not.toMatch(/^a1 OK/m);
  });

  it('runs beside another server, which stops listening on close', async () => {
    const other = await startImapServer({ users: [alice] });
    teardown.add(() => other.close()); // a second close() does nothing
    const client = await connect({
      port: other.port,
      tls: { ca: other.ca },
      auth: { user: alice.user, pass: alice.password },
    });
    await client.logout();
    await other.close();
    await expect(rawPlaintextLogin(other.tlsPort, 'a1 LOGOUT')).rejects.toMatchObject({
      code: 'ECONNREFUSED',
    });
  });

  it('builds percent-encoded URLs for both ports', () => {
    expect(server.url(alice)).toBe(`imap://alice:p%3Aa%25s%20s%40w%2Frd@127.0.0.1:${server.port}`);
    expect(server.url(alice, { tls: true })).toBe(
      `imaps://alice:p%3Aa%25s%20s%40w%2Frd@127.0.0.1:${server.tlsPort}`,
    );
  });
});

/** Sends `command` without TLS and returns what the server said, up to its tagged answer. */
function rawPlaintextLogin(port: number, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let said = '';
    socket.on('data', (chunk) => {
      said += chunk.toString();
      if (said.startsWith('* OK') && !said.includes('a1 ')) socket.write(`${command}\r\n`);
      if (/^a1 (OK|NO|BAD)/m.test(said)) socket.end(() => resolve(said));
    });
    socket.on('error', reject);
  });
}

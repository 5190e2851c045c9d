// Test support: a real IMAP server (Debian's dovecot, run from a throwaway config) on loopback, with
// its config, users, maildirs, certificates and log in one temp dir. Mail is put in as an MDA would
// (maildir tmp/ then new/), so readers under test see exactly what a production server shows.
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, chown, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createConnection, createServer, type AddressInfo, type Socket } from 'node:net';
import { userInfo, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port';
import { waitFor } from './wait-for';

const run = promisify(execFile);

export interface ImapTestUser {
  user: string;
  password: string;
}

export interface ImapTestServer {
  host: string;
  /** IMAP with STARTTLS offered (TLS required before LOGIN). */
  port: number;
  /** Implicit TLS (imaps). */
  tlsPort: number;
  /** PEM of the self-signed CA that signed the server certificate (clients trust it explicitly). */
  ca: string;
  /** imap://user:password@127.0.0.1:<port> (percent-encoded), or imaps:// on tlsPort with { tls: true }. */
  url(user: ImapTestUser, options?: { tls?: boolean }): string;
  addUser(user: ImapTestUser): Promise<void>;
  /** Delivers one raw RFC 5322 message into the user's INBOX (as an MDA would: maildir new/). */
  deliver(user: string, raw: string | Buffer): Promise<void>;
  /**
   * Recreates the user's INBOX so that it gets a NEW UIDVALIDITY (and holds only what is delivered next).
   * Dovecot drops a session that has the INBOX selected at that moment (the client must reconnect).
   */
  resetInbox(user: string): Promise<void>;
  /** Logins seen so far per user (from dovecot's log), to prove who read when. */
  logins(user: string): Promise<number>;
  close(): Promise<void>;
}

const host = '127.0.0.1';
// One character set for user names keeps them safe in the passwd-file, in paths and in a log regex.
const userNamePattern = /^[A-Za-z0-9_+-][A-Za-z0-9._+-]*$/;

/** Starts dovecot on two free loopback ports (STARTTLS and implicit TLS), with `users` added. */
export async function startImapServer(options: { users?: ImapTestUser[] } = {}): Promise<ImapTestServer> {
  const dir = await mkdtemp(join(tmpdir(), 'imap-test-'));
  // Dovecot's auth process (an unprivileged user when we run as root) reads the passwd-files here.
  await chmod(dir, 0o755);
  const paths = {
    config: join(dir, 'dovecot.conf'),
    users: join(dir, 'users'),
    log: join(dir, 'dovecot.log'),
    home: (user: string) => join(dir, 'home', user),
    inbox: (user: string) => join(dir, 'home', user, 'Mail', 'INBOX'),
  };
  const ca = await createCertificates(dir);
  const owner = await mailOwner();
  const [innerPort, tlsPort] = await Promise.all([freePort(), freePort()]);
  await writeFile(paths.config, dovecotConfig(dir, paths, innerPort, tlsPort, await processUsers()));

  const users = new Map<string, ImapTestUser>();
  // One passwd-file per user: dovecot looks at a file it has read at most once a second, so a user
  // added to a shared file could stay unknown for a second; a new file is read at first use.
  const writeUser = async ({ user, password }: ImapTestUser) => {
    // PLAIN.B64 keeps any character of a password (even ':') from breaking the passwd-file line.
    const secret = Buffer.from(password).toString('base64');
    const line = `${user}:{PLAIN.B64}${secret}:${owner.uid}:${owner.gid}::${paths.home(user)}::\n`;
    await writeFile(join(paths.users, `${user}.new`), line, { mode: 0o644 });
    await rename(join(paths.users, `${user}.new`), join(paths.users, user));
  };
  const createInbox = async (user: string) => {
    const made = [paths.home(user), join(paths.home(user), 'Mail'), paths.inbox(user)];
    for (const sub of ['cur', 'new', 'tmp']) made.push(join(paths.inbox(user), sub));
    for (const path of made) {
      await mkdir(path, { recursive: true });
      await chown(path, owner.uid, owner.gid);
    }
  };
  const known = (user: string) => {
    if (!users.has(user)) throw new Error(`no such IMAP test user: ${user}`);
  };
  const addUser = async (user: ImapTestUser) => {
    if (!userNamePattern.test(user.user)) throw new Error(`IMAP test user name not allowed: ${user.user}`);
    if (users.has(user.user)) throw new Error(`IMAP test user added twice: ${user.user}`);
    users.set(user.user, { ...user });
    await createInbox(user.user);
    await writeUser(user);
  };
  await mkdir(paths.users);
  for (const user of options.users ?? []) await addUser(user);

  const dovecot = spawn('dovecot', ['-F', '-c', paths.config], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => void (output = (output + chunk.toString()).slice(-4000));
  dovecot.stdout.on('data', keep);
  dovecot.stderr.on('data', keep);
  let exited = false;
  const exit = new Promise<void>((settle) => dovecot.once('close', () => ((exited = true), settle())));
  dovecot.once('error', (error) => ((output += String(error)), (exited = true)));
  // A test run that dies without close() must not leave dovecot listening.
  const killOnExit = () => void dovecot.kill('SIGKILL');
  process.once('exit', killOnExit);

  const relay = await startRelay(innerPort);
  const port = relay.port;
  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= stopDovecot());
  const stopDovecot = async () => {
    process.removeListener('exit', killOnExit);
    await relay.close();
    if (!exited) {
      dovecot.kill('SIGTERM');
      await exit;
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(
      async () => {
        if (exited) throw new Error(`dovecot exited at start: ${output}${await readLog(paths.log)}`);
        return (await isListening(innerPort)) && (await isListening(tlsPort));
      },
      { timeoutMs: 60_000, what: `dovecot listening on ${host}:${port} and ${tlsPort}` },
    );
  } catch (error) {
    await stop();
    throw error;
  }

  let delivered = 0;
  return {
    host,
    port,
    tlsPort,
    ca,
    url(user, { tls = false } = {}) {
      const credentials = `${encodeURIComponent(user.user)}:${encodeURIComponent(user.password)}`;
      return `${tls ? 'imaps' : 'imap'}://${credentials}@${host}:${tls ? tlsPort : port}`;
    },
    addUser,
    async deliver(user, raw) {
      known(user);
      const name = `${Date.now()}.P${process.pid}Q${++delivered}R${randomBytes(4).toString('hex')}.test`;
      const temporary = join(paths.inbox(user), 'tmp', name);
      await writeFile(temporary, raw);
      await chown(temporary, owner.uid, owner.gid);
      await rename(temporary, join(paths.inbox(user), 'new', name));
    },
    async resetInbox(user) {
      known(user);
      // The INBOX's folder (with its index and uid list) goes; the UIDVALIDITY counter file one level
      // up stays, so dovecot hands the recreated INBOX the next, different, UIDVALIDITY.
      await rm(paths.inbox(user), { recursive: true, force: true });
      await createInbox(user);
    },
    async logins(user) {
      const escaped = user.replace(/[.+]/g, '\\$&');
      return (
        (await readLog(paths.log)).match(new RegExp(`imap-login: (?:Info: )?Login: user=<${escaped}>,`, 'g'))
          ?.length ?? 0
      );
    },
    close: stop,
  };
}

function dovecotConfig(
  dir: string,
  paths: { users: string; log: string },
  port: number,
  tlsPort: number,
  users: { internal: string; group: string; login: string },
): string {
  return `# Throwaway config written by libs/testing/src/imap-server.ts
protocols = imap
listen = ${host}
base_dir = ${join(dir, 'run')}
state_dir = ${join(dir, 'state')}
instance_name = imap-test-${port}
log_path = ${paths.log}
info_log_path = ${paths.log}
default_internal_user = ${users.internal}
default_internal_group = ${users.group}
default_login_user = ${users.login}
ssl = required
ssl_cert = <${join(dir, 'server.pem')}
ssl_key = <${join(dir, 'server.key')}
disable_plaintext_auth = yes
auth_mechanisms = plain login
passdb {
  driver = passwd-file
  args = ${join(paths.users, '%u')}
}
userdb {
  driver = passwd-file
  args = ${join(paths.users, '%u')}
}
mail_location = maildir:~/Mail:LAYOUT=fs:INBOX=~/Mail/INBOX
mailbox_list_index = no
mail_fsync = never
service imap-login {
  chroot =
  inet_listener imap {
    address = ${host}
    port = ${port}
  }
  inet_listener imaps {
    address = ${host}
    port = ${tlsPort}
    ssl = yes
  }
}
service anvil {
  chroot =
}
`;
}

/** A CA and a server certificate for 127.0.0.1/localhost signed by it, in `dir`; returns the CA PEM. */
async function createCertificates(dir: string): Promise<string> {
  const openssl = (args: string) => run('openssl', args.split(' '), { cwd: dir });
  const key = '-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes';
  const ca = 'basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign';
  await openssl(`req -x509 ${key} -keyout ca.key -out ca.pem -days 7 -subj /CN=imap-test-ca -addext ${ca}`);
  await openssl(`req ${key} -keyout server.key -out server.csr -subj /CN=localhost`);
  const server =
    'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n';
  await writeFile(join(dir, 'server.ext'), server);
  await openssl(
    'x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 7 -extfile server.ext',
  );
  return readFile(join(dir, 'ca.pem'), 'utf8');
}

/** Dovecot's own processes: its package's users as root, else all as the user running the tests. */
async function processUsers(): Promise<{ internal: string; group: string; login: string }> {
  if (process.getuid?.() === 0) return { internal: 'dovecot', group: 'dovecot', login: 'dovenull' };
  const { username } = userInfo();
  return { internal: username, group: (await run('id', ['-gn'])).stdout.trim(), login: username };
}

/** Whose the mail is: the user running the tests, or `nobody` for root (dovecot refuses UID 0). */
async function mailOwner(): Promise<{ uid: number; gid: number }> {
  if (process.getuid?.() !== 0) return userInfo();
  const id = async (flag: string) => Number((await run('id', [flag, 'nobody'])).stdout.trim());
  return { uid: await id('-u'), gid: await id('-g') };
}

/**
 * A TCP relay from 127.0.0.1:<port> to dovecot's STARTTLS listener, connecting from 127.0.0.2.
 * Dovecot counts a connection whose remote and local addresses are equal (a client on the same
 * host) as secure and lets it LOGIN in plaintext; the second loopback address keeps "TLS required
 * before LOGIN" true for clients of this test server, as it is for a remote server.
 */
async function startRelay(target: number): Promise<{ port: number; close(): Promise<void> }> {
  const open = new Set<Socket>();
  const track = (socket: Socket) => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
  };
  const relay = createServer((client) => {
    const upstream = createConnection({ host, port: target, localAddress: '127.0.0.2' });
    track(client);
    track(upstream);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((listening) => relay.listen(0, host, listening));
  return {
    port: (relay.address() as AddressInfo).port,
    close: async () => {
      for (const socket of open) socket.destroy();
      await new Promise((closed) => relay.close(closed));
    },
  };
}

function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

async function readLog(path: string): Promise<string> {
  return readFile(path, 'utf8').catch(() => '');
}

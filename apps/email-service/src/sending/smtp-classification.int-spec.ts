import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { createLogger } from '@coldreach/observability';
import { startSmtpSink, waitFor, type SinkBehaviour, type SmtpSink } from '@coldreach/testing';
import { testSmtpGuard } from '../../test/ledger-fixtures';
import { createSmtpUrlCipher } from '../persistence/smtp-url-cipher';
import type { OutgoingEmail } from '@coldreach/outreach';
import { createSmtpTransports, type SmtpTransports } from './smtp-transports';

// Each outcome class of classify-smtp-outcome, produced by a real nodemailer pool against a real
// server that misbehaves on purpose.
// The withheld reply waits out the 4 s socket timeout; on a busy machine that is past jest's 5 s default.
jest.setTimeout(30_000);

describe('SMTP outcomes against real servers', () => {
  const cipher = createSmtpUrlCipher(randomBytes(32));
  const logger = createLogger({ name: 'smtp-classification-test', level: 'silent' });
  const settings = {
    // Generous enough for a loaded CI machine; the timeout cases wait this long on purpose. The
    // socket's inactivity timeout stays longer than the greeting's, so a silent server is reported
    // as the missing greeting it is.
    connectionTimeoutMs: 3000,
    greetingTimeoutMs: 2000,
    socketTimeoutMs: 4000,
    maxConnectionsPerMailbox: 2,
  };
  let sink: SmtpSink;
  let transports: SmtpTransports;

  beforeAll(async () => {
    sink = await startSmtpSink();
  });
  beforeEach(() => {
    transports = createSmtpTransports({
      cipher,
      defaultSmtpUrl: undefined,
      guard: testSmtpGuard,
      settings,
      logger,
    });
  });
  afterEach(() => transports.close());
  afterAll(() => sink.close());

  const email = (to: string): OutgoingEmail => ({
    fromName: 'Alice',
    fromAddress: 'alice@sender.test',
    to,
    subject: 'Hello',
    text: 'Hi there',
    html: '',
    messageId: `<${randomUUID()}@sender.test>`,
    inReplyTo: '',
    unsubscribeUrl: 'https://reach.test/unsubscribe/t',
  });
  const sendTo = (url: string, to: string) =>
    transports.send({ mailboxId: randomUUID(), sealedSmtpUrl: cipher.seal(url) }, email(to), 10_000);
  const through = (behaviour: SinkBehaviour, to = `${randomUUID()}@example.test`) => {
    sink.setBehaviour((input) => (input.recipient === to ? behaviour : { action: 'accept' }));
    return sendTo(sink.url, to);
  };

  it('2xx after the message → sent, with the reply', async () => {
    expect(await through({ action: 'accept' })).toEqual({
      kind: 'sent',
      code: 250,
      response: expect.stringMatching(/^250 OK queued as \d+$/),
    });
  });

  it('4xx at RCPT TO → retry', async () => {
    expect(await through({ action: 'reply', at: 'rcpt', code: 451 })).toMatchObject({
      kind: 'retry',
      code: 451,
    });
  });

  it('4xx after the message → retry (the server said it did not take it)', async () => {
    expect(await through({ action: 'reply', at: 'data', code: 452 })).toMatchObject({
      kind: 'retry',
      code: 452,
    });
  });

  it('5xx at RCPT TO → failed, as a bounce', async () => {
    const outcome = await through({ action: 'reply', at: 'rcpt', code: 550, message: 'No such user' });
    expect(outcome).toMatchObject({ kind: 'failed', code: 550, bounce: true });
    expect(outcome.kind === 'failed' && outcome.reason).toContain('550 No such user');
  });

  it('5xx after the message → failed, not a bounce', async () => {
    expect(await through({ action: 'reply', at: 'data', code: 554 })).toMatchObject({
      kind: 'failed',
      code: 554,
      bounce: false,
    });
  });

  it('no reply after the whole message → unknown', async () => {
    expect(await through({ action: 'withhold' })).toMatchObject({
      kind: 'unknown',
      reason: expect.stringContaining('ETIMEDOUT'),
    });
  });

  it('a send in flight when the SMTP thread stops → unknown, not tried again', async () => {
    const to = `${randomUUID()}@example.test`;
    sink.setBehaviour((input) => (input.recipient === to ? { action: 'withhold' } : { action: 'accept' }));
    const sending = sendTo(sink.url, to);
    // The sink has the whole message and keeps its reply back.
    await waitFor(() => sink.transactions.some((t) => t.to.includes(to) && t.outcome === 'withheld'), {
      timeoutMs: 5000,
    });
    await transports.close();
    expect(await sending).toEqual({ kind: 'unknown', reason: 'the SMTP thread stopped during the attempt' });
  });

  it('connection dropped after the whole message → unknown', async () => {
    expect(await through({ action: 'destroy' })).toMatchObject({
      kind: 'unknown',
      reason: expect.stringContaining('ECONNECTION'),
    });
  });

  it('no reply to RCPT TO (before the message) → retry, not unknown', async () => {
    expect(await through({ action: 'withhold', at: 'rcpt' })).toMatchObject({ kind: 'retry', code: 0 });
  });

  it('refused connection → retry', async () => {
    const port = await closedPort();
    expect(await sendTo(`smtp://127.0.0.1:${port}`, 'ada@example.test')).toMatchObject({
      kind: 'retry',
      code: 0,
      reason: expect.stringContaining('ECONNREFUSED'),
    });
  });

  it('greeting never sent → retry', async () => {
    const silent = await listen(() => undefined);
    try {
      expect(await sendTo(silent.url, 'ada@example.test')).toMatchObject({
        kind: 'retry',
        reason: expect.stringContaining('Greeting never received'),
      });
    } finally {
      await silent.close();
    }
  });

  it('connection closed before the greeting → retry', async () => {
    const closing = await listen((socket) => socket.destroy());
    try {
      expect(await sendTo(closing.url, 'ada@example.test')).toMatchObject({ kind: 'retry', code: 0 });
    } finally {
      await closing.close();
    }
  });

  it('421 greeting (service not available) → retry', async () => {
    const busy = await listen((socket) => socket.end('421 busy, try later\r\n'));
    try {
      expect(await sendTo(busy.url, 'ada@example.test')).toMatchObject({ kind: 'retry' });
    } finally {
      await busy.close();
    }
  });

  it('a sealed URL that does not open → retry, and nothing is sent', async () => {
    const other = createSmtpUrlCipher(randomBytes(32));
    const before = sink.transactions.length;
    const outcome = await transports.send(
      { mailboxId: randomUUID(), sealedSmtpUrl: other.seal(sink.url) },
      email('ada@example.test'),
      10_000,
    );
    expect(outcome).toMatchObject({ kind: 'retry', code: 0 });
    expect(sink.transactions.length).toBe(before);
  });

  it('an attempt past its deadline before the message → retry; after it → unknown', async () => {
    const to = `${randomUUID()}@example.test`;
    sink.setBehaviour((input) =>
      input.recipient === to ? { action: 'withhold', at: 'rcpt' } : { action: 'accept' },
    );
    const slow = createSmtpTransports({
      cipher,
      defaultSmtpUrl: undefined,
      guard: testSmtpGuard,
      settings: { ...settings, socketTimeoutMs: 60_000 },
      logger,
    });
    try {
      const route = { mailboxId: randomUUID(), sealedSmtpUrl: cipher.seal(sink.url) };
      expect(await slow.send(route, email(to), 1000)).toMatchObject({
        kind: 'retry',
        reason: expect.stringContaining('EABORT'),
      });
      const late = `${randomUUID()}@example.test`;
      sink.setBehaviour((input) =>
        input.recipient === late ? { action: 'withhold' } : { action: 'accept' },
      );
      // Long enough for the whole message to be handed over first, even on a loaded machine.
      expect(await slow.send(route, email(late), 3000)).toMatchObject({
        kind: 'unknown',
        reason: expect.stringContaining('EABORT'),
      });
    } finally {
      await slow.close();
    }
  });
});

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function listen(
  onConnection: (socket: Socket) => void,
): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    onConnection(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

import { createTransport } from 'nodemailer';
import { startSmtpSink, type SmtpSink } from './smtp-sink';

jest.setTimeout(30_000);

describe('startSmtpSink', () => {
  let sink: SmtpSink;
  beforeEach(async () => {
    sink = await startSmtpSink();
  });
  afterEach(async () => {
    await sink.close();
  });

  const send = (to: string, extra: Record<string, unknown> = {}) =>
    createTransport({ url: sink.url, socketTimeout: 500, logger: false }).sendMail({
      from: 'Alice <alice@sender.test>',
      to,
      subject: 'Hello Ada',
      text: 'Plain body',
      html: '<p>HTML body</p>',
      messageId: '<m-1@sender.test>',
      headers: { 'List-Unsubscribe': '<https://reach.test/unsubscribe/abc>' },
      ...extra,
    });

  it('records an accepted message with its envelope, headers and bodies', async () => {
    const info = await send('ada@example.test');
    expect(info.response).toMatch(/^250 OK queued as 1/);
    await sink.waitForCount(1);
    const [message] = sink.messages;
    expect(message).toMatchObject({
      messageId: '<m-1@sender.test>',
      envelope: { from: 'alice@sender.test', to: ['ada@example.test'] },
      subject: 'Hello Ada',
      text: 'Plain body',
      html: '<p>HTML body</p>',
    });
    expect(message?.headers.get('list-unsubscribe')).toBe('<https://reach.test/unsubscribe/abc>');
    expect(message?.size).toBeGreaterThan(100);
    expect(sink.transactions).toEqual([
      { at: expect.any(Number), from: 'alice@sender.test', to: ['ada@example.test'], outcome: 'accepted' },
    ]);
  });

  it('answers 4xx/5xx at RCPT TO or after DATA, per recipient and attempt', async () => {
    sink.setBehaviour(({ recipient, attempt }) => {
      if (recipient.startsWith('rcpt'))
        return { action: 'reply', at: 'rcpt', code: 550, message: 'no such user' };
      if (attempt === 1) return { action: 'reply', at: 'data', code: 451, message: 'try later' };
      return { action: 'accept' };
    });
    await expect(send('rcpt@example.test')).rejects.toMatchObject({ responseCode: 550, command: 'RCPT TO' });
    await expect(send('data@example.test')).rejects.toMatchObject({ responseCode: 451, command: 'DATA' });
    await send('data@example.test');
    expect(sink.messages).toHaveLength(1);
    expect(sink.transactions.map(({ outcome }) => outcome)).toEqual([
      'rejected-rcpt',
      'rejected-data',
      'accepted',
    ]);
  });

  it('can withhold the reply after DATA or drop the connection', async () => {
    sink.setBehaviour(({ recipient }) =>
      recipient.startsWith('silent') ? { action: 'withhold' } : { action: 'destroy' },
    );
    await expect(send('silent@example.test')).rejects.toMatchObject({ code: 'ETIMEDOUT' });
    await expect(send('drop@example.test')).rejects.toMatchObject({ code: 'ECONNECTION' });
    expect(sink.messages).toHaveLength(0);
    expect(sink.transactions.map(({ outcome }) => outcome)).toEqual(['withheld', 'destroyed']);
  });

  it('can withhold the reply to RCPT TO', async () => {
    sink.setBehaviour(() => ({ action: 'withhold', at: 'rcpt' }));
    await expect(send('slow@example.test')).rejects.toMatchObject({ code: 'ETIMEDOUT' });
    expect(sink.transactions[0]?.to).toEqual(['slow@example.test']);
  });

  it('takes thousands of messages over pooled connections quickly', async () => {
    const pool = createTransport({ pool: true, url: sink.url, maxConnections: 5, logger: false });
    const count = 1000;
    const started = Date.now();
    await Promise.all(
      Array.from({ length: count }, (_, i) =>
        pool.sendMail({ from: 'a@sender.test', to: `lead${i}@example.test`, subject: `n${i}`, text: 'x' }),
      ),
    );
    pool.close();
    await sink.waitForCount(count);
    expect(new Set(sink.messages.map(({ subject }) => subject)).size).toBe(count);
    // A loose bound (the machine is shared); it is about 1 ms a message here.
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('adds the configured latency to every answer', async () => {
    const slow = await startSmtpSink({ replyDelayMs: 40 });
    try {
      const started = Date.now();
      await createTransport({ url: slow.url, logger: false }).sendMail({
        from: 'a@s.test',
        to: 'b@e.test',
        text: 'x',
      });
      // MAIL FROM, RCPT TO and the end of DATA each wait (the first two may share a round trip).
      expect(Date.now() - started).toBeGreaterThanOrEqual(80);
      expect(slow.messages).toHaveLength(1);
    } finally {
      await slow.close();
    }
  });

  it('rejects waitForCount after its timeout', async () => {
    await expect(sink.waitForCount(1, 50)).rejects.toThrow('got 0 of 1 messages');
  });
});

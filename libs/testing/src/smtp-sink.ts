import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerOptions, type SMTPServerSession } from 'smtp-server';

/** What the sink does with one SMTP transaction, decided at RCPT TO for its recipient. */
export type SinkBehaviour =
  /** Take the message (250 after DATA), optionally after a pause. */
  | { action: 'accept'; delayMs?: number }
  /** Answer `code` (4xx or 5xx) to RCPT TO, or to the end of DATA after reading the whole message. */
  | { action: 'reply'; at: 'rcpt' | 'data'; code: number; message?: string }
  /**
   * Never answer, so the client waits until it times out: after reading the whole message
   * (default), or at RCPT TO (before the client may send the message).
   */
  | { action: 'withhold'; at?: 'rcpt' | 'data' }
  /** Read the whole message, then drop the connection without an answer. */
  | { action: 'destroy' };

export interface SinkBehaviourInput {
  from: string;
  recipient: string;
  /** 1 for the first RCPT TO naming this recipient (case-insensitive), 2 for the second, … */
  attempt: number;
}

export type SinkBehaviourFn = (input: SinkBehaviourInput) => SinkBehaviour;

/** A message the sink accepted (answered 2xx after DATA). */
export interface SinkMessage {
  /** The Message-ID header, with its angle brackets; empty when absent. */
  messageId: string;
  envelope: { from: string; to: string[] };
  subject: string;
  text: string;
  html: string;
  /** Header values as written (unfolded), by lower-case name; the first one when repeated. */
  headers: Map<string, string>;
  /** Date.now() when the message had been read in full. */
  receivedAt: number;
  /** Bytes of the whole message as the client sent it. */
  size: number;
}

export type SinkTransactionOutcome =
  'open' | 'accepted' | 'rejected-rcpt' | 'rejected-data' | 'withheld' | 'destroyed' | 'aborted';

/** One MAIL FROM, what followed it, and when it started (the sink's clock, Date.now()). */
export interface SinkTransaction {
  /** Date.now() at MAIL FROM. */
  at: number;
  from: string;
  to: string[];
  outcome: SinkTransactionOutcome;
}

export interface SmtpSinkOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  behaviour?: SinkBehaviourFn;
  /** Latency added before every answer to MAIL FROM, RCPT TO and the end of DATA (default 0). */
  replyDelayMs?: number;
  /** The only user and password AUTH accepts; absent: the sink offers no AUTH (a 502 reply, as a relay without it gives). */
  credentials?: { user: string; pass: string };
}

export interface SmtpSink {
  port: number;
  /** `smtp://127.0.0.1:<port>` (plain SMTP, no authentication needed). */
  url: string;
  messages: SinkMessage[];
  transactions: SinkTransaction[];
  setBehaviour(fn: SinkBehaviourFn): void;
  /** Resolves once at least `count` messages were accepted; rejects after `timeoutMs` (10 s). */
  waitForCount(count: number, timeoutMs?: number): Promise<void>;
  /** Stops listening and drops every connection still open. */
  close(): Promise<void>;
}

const acceptAll: SinkBehaviourFn = () => ({ action: 'accept' });

interface OpenTransaction {
  record: SinkTransaction;
  behaviour: SinkBehaviour;
}

/**
 * A loopback SMTP server for tests (smtp-server, no TLS, authentication optional) that records
 * every transaction and every accepted message, and misbehaves on request: 4xx/5xx at RCPT TO or
 * after DATA, no answer after DATA, or a dropped connection after DATA.
 */
export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  let behaviour = options.behaviour ?? acceptAll;
  const messages: SinkMessage[] = [];
  const transactions: SinkTransaction[] = [];
  const attempts = new Map<string, number>();
  const open = new Map<string, OpenTransaction>();
  const waiters = new Set<() => void>();
  const replyDelayMs = options.replyDelayMs ?? 0;
  // Every answer goes through here, so a configured latency applies to all of them.
  const later =
    <A extends unknown[]>(reply: (...args: A) => void) =>
    (...args: A): void => {
      if (replyDelayMs > 0) setTimeout(() => reply(...args), replyDelayMs);
      else reply(...args);
    };

  const server: SMTPServer = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    disableReverseLookup: true,
    logger: false,
    // The sink is never the side that gives up first; close() ends what is left.
    socketTimeout: 10 * 60_000,
    closeTimeout: 100,
    ...(options.credentials ? { onAuth: checkCredentials(options.credentials) } : {}),
    onMailFrom(address, session, reply) {
      const callback = later(reply);
      const record: SinkTransaction = { at: Date.now(), from: address.address, to: [], outcome: 'open' };
      transactions.push(record);
      open.set(session.id, { record, behaviour: { action: 'accept' } });
      callback();
    },
    onRcptTo(address, session, reply) {
      const callback = later(reply);
      const current = open.get(session.id);
      if (!current) return callback(replyError(503, 'need MAIL FROM first'));
      const recipient = address.address;
      const seen = (attempts.get(recipient.toLowerCase()) ?? 0) + 1;
      attempts.set(recipient.toLowerCase(), seen);
      current.record.to.push(recipient);
      const decided = behaviour({ from: current.record.from, recipient, attempt: seen });
      if (decided.action === 'withhold' && decided.at === 'rcpt') {
        current.record.outcome = 'withheld';
        return;
      }
      if (decided.action === 'reply' && decided.at === 'rcpt') {
        current.record.outcome = 'rejected-rcpt';
        return callback(replyError(decided.code, decided.message ?? 'Recipient refused by the sink'));
      }
      // The first recipient that asks for something other than accept decides the transaction.
      if (current.behaviour.action === 'accept') current.behaviour = decided;
      callback();
    },
    onData(stream, session, reply) {
      const callback = later(reply);
      const current = open.get(session.id);
      open.delete(session.id);
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (!current) return callback(replyError(503, 'no transaction'));
        const { record } = current;
        const decided = current.behaviour;
        const raw = Buffer.concat(chunks);
        switch (decided.action) {
          case 'withhold':
            record.outcome = 'withheld';
            return;
          case 'destroy':
            record.outcome = 'destroyed';
            destroySession(session);
            return;
          case 'reply':
            record.outcome = 'rejected-data';
            return callback(replyError(decided.code, decided.message ?? 'Message refused by the sink'));
          case 'accept':
            void accept(raw, record, decided.delayMs ?? 0).then(
              (id) => callback(null, `OK queued as ${id}`),
              (error: unknown) => callback(replyError(451, `the sink could not parse it: ${String(error)}`)),
            );
        }
      });
    },
    onClose(session) {
      const current = open.get(session.id);
      if (current && current.record.outcome === 'open') current.record.outcome = 'aborted';
      open.delete(session.id);
    },
  });
  // A client that drops its connection makes smtp-server emit 'error'; that is the client's business.
  server.on('error', () => undefined);

  async function accept(raw: Buffer, record: SinkTransaction, delayMs: number): Promise<number> {
    const parsed = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true });
    const headers = new Map<string, string>();
    for (const { key, line } of parsed.headerLines) {
      if (headers.has(key)) continue;
      const colon = line.indexOf(':');
      headers.set(
        key,
        line
          .slice(colon + 1)
          .replace(/\r?\n[ \t]+/g, ' ')
          .trim(),
      );
    }
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    record.outcome = 'accepted';
    messages.push({
      messageId: headers.get('message-id') ?? '',
      envelope: { from: record.from, to: [...record.to] },
      subject: parsed.subject ?? '',
      text: parsed.text ?? '',
      html: typeof parsed.html === 'string' ? parsed.html : '',
      headers,
      receivedAt: Date.now(),
      size: raw.length,
    });
    for (const wake of [...waiters]) wake();
    return messages.length;
  }

  function destroySession(session: SMTPServerSession): void {
    for (const connection of server.connections as Set<{ session: unknown; _socket?: { destroy(): void } }>) {
      if (connection.session === session) connection._socket?.destroy();
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  const port = (server.server.address() as AddressInfo).port;

  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    messages,
    transactions,
    setBehaviour(fn) {
      behaviour = fn;
    },
    waitForCount(count, timeoutMs = 10_000) {
      if (messages.length >= count) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`the SMTP sink got ${messages.length} of ${count} messages in ${timeoutMs} ms`));
        }, timeoutMs);
        function check() {
          if (messages.length < count) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        }
        waiters.add(check);
      });
    },
    close() {
      return new Promise<void>((resolve) => {
        for (const connection of server.connections as Set<{ _socket?: { destroy(): void } }>) {
          connection._socket?.destroy();
        }
        server.close(() => resolve());
      });
    },
  };
}

function replyError(code: number, message: string): Error & { responseCode: number } {
  return Object.assign(new Error(message), { responseCode: code });
}

function checkCredentials(expected: { user: string; pass: string }): SMTPServerOptions['onAuth'] {
  return (auth, _session, callback) => {
    if (auth.username === expected.user && auth.password === expected.pass) {
      callback(null, { user: auth.username });
    } else {
      callback(replyError(535, 'Authentication credentials invalid'));
    }
  };
}

// The SMTP thread: the nodemailer pools, one per mailbox, run on a worker thread of their own, so SMTP
// replies are answered at once instead of waiting behind the main thread's database and Kafka work
// (see smtp-transports.ts, the main thread's side, and smtp-thread-bootstrap.js, which starts it).
import type { Readable } from 'node:stream';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { createTransport, type SMTPPoolSentMessageInfo, type Transporter } from 'nodemailer';
import { smtpCredentialsOf } from '../domain/smtp-url';
import { classifySmtpError, classifySmtpSuccess, type SmtpOutcome } from '../ledger/classify-smtp-outcome';
import { smtpConnectionOptions, type SmtpTarget } from './smtp-connection-options';

export interface SmtpSettings {
  connectionTimeoutMs: number;
  greetingTimeoutMs: number;
  /** Longest silence from the server once connected, e.g. while waiting for the reply to the message. */
  socketTimeoutMs: number;
  maxConnectionsPerMailbox: number;
}

/** One message ready for SMTP: its envelope and its bytes (see buildMimeMessage). */
export interface RawMessage {
  from: string;
  to: string;
  messageId: string;
  raw: Uint8Array;
}

/** nodemailer pools, one per route key (a mailbox, or the shared default URL), opened on first use. */
export interface SmtpPools {
  /** Sends one message over the pool of `key` (opened for `target`); never throws. */
  send(key: string, target: SmtpTarget, message: RawMessage, deadlineMs: number): Promise<SmtpOutcome>;
  /** Closes the pools that sent nothing for `idleMs`. */
  closeIdle(idleMs: number): void;
  close(): void;
}

interface Entry {
  transport: Transporter<SMTPPoolSentMessageInfo>;
  /** The URL and pinned address it was opened with: a mailbox whose either changed gets a new pool. */
  identity: string;
  /** Redacted from the server's replies, in every form a server may echo them. */
  credentials: { user: string; pass: string } | undefined;
  inFlight: number;
  lastUsed: number;
  retired: boolean;
}

/** Per-attempt record, set from inside nodemailer's message pipeline. */
interface Probe {
  /** The whole message was read by the connection (it writes the final dot right after). */
  handedOver: boolean;
}

export function createSmtpPools(options: {
  settings: SmtpSettings;
  /** Warnings about the pools; never given a URL or a message. */
  warn(message: string, fields: Record<string, unknown>): void;
}): SmtpPools {
  const { settings, warn } = options;
  const entries = new Map<string, Entry>();
  // The signal passed to sendMail reaches the pipeline plugin unchanged, so it identifies the attempt.
  const probes = new WeakMap<AbortSignal, Probe>();

  function open(target: SmtpTarget, identity: string): Entry {
    const transport = createTransport({
      pool: true,
      ...smtpConnectionOptions(target),
      maxConnections: settings.maxConnectionsPerMailbox,
      connectionTimeout: settings.connectionTimeoutMs,
      greetingTimeout: settings.greetingTimeoutMs,
      socketTimeout: settings.socketTimeoutMs,
      logger: false,
      debug: false,
    });
    // Failures reach each send's callback; an 'error' event without a listener would end the thread.
    transport.on('error', (error: unknown) => warn('SMTP transport error', { err: describe(error) }));
    // The message stream the connection reads ends only once the connection has taken all of it
    // (it is piped after the server's 354): that is the line between "cannot have been delivered"
    // and "may have been delivered" when the connection then fails without a reply.
    transport.use('stream', (mail, done) => {
      const probe = mail.data.signal ? probes.get(mail.data.signal) : undefined;
      if (probe) {
        mail.message.processFunc((input: Readable) => {
          input.once('end', () => (probe.handedOver = true));
          return input;
        });
      }
      done();
    });
    const credentials = smtpCredentialsOf(target.url);
    return { transport, identity, credentials, inFlight: 0, lastUsed: Date.now(), retired: false };
  }

  function entryFor(key: string, target: SmtpTarget): Entry {
    const identity = `${target.url}\n${target.pinned?.address ?? ''}`;
    const existing = entries.get(key);
    if (existing && existing.identity === identity) return existing;
    if (existing) retire(key, existing);
    const entry = open(target, identity);
    entries.set(key, entry);
    return entry;
  }

  function retire(key: string, entry: Entry): void {
    entry.retired = true;
    if (entries.get(key) === entry) entries.delete(key);
    if (entry.inFlight === 0) entry.transport.close();
  }

  return {
    async send(key, target, message, deadlineMs) {
      let entry: Entry;
      try {
        entry = entryFor(key, target);
      } catch (error) {
        // An unusable URL: no byte was sent.
        warn('cannot open the mailbox SMTP transport', { route: key, err: describe(error) });
        return { kind: 'retry', code: 0, reason: `the mailbox's SMTP transport could not be opened` };
      }
      const deadline = new AbortController();
      const timer = setTimeout(() => deadline.abort(), deadlineMs);
      const probe: Probe = { handedOver: false };
      probes.set(deadline.signal, probe);
      entry.inFlight++;
      try {
        const info = await entry.transport.sendMail({
          envelope: { from: message.from, to: [message.to] },
          raw: Buffer.from(message.raw.buffer, message.raw.byteOffset, message.raw.byteLength),
          // Already in `raw`; given here too so nodemailer does not make up one of its own.
          messageId: message.messageId,
          // Nothing in a delivery may make nodemailer read a local file or fetch a URL.
          disableFileAccess: true,
          disableUrlAccess: true,
          signal: deadline.signal,
        });
        return classifySmtpSuccess(String(info.response ?? ''), entry.credentials);
      } catch (error) {
        return classifySmtpError(error, probe.handedOver, entry.credentials);
      } finally {
        clearTimeout(timer);
        entry.inFlight--;
        entry.lastUsed = Date.now();
        if (entry.retired && entry.inFlight === 0) entry.transport.close();
      }
    },

    closeIdle(idleMs) {
      const before = Date.now() - idleMs;
      for (const [key, entry] of entries) {
        if (entry.inFlight === 0 && entry.lastUsed < before) retire(key, entry);
      }
    },

    close() {
      for (const [key, entry] of entries) retire(key, entry);
    },
  };
}

// Only the message: nodemailer's errors name hosts and replies, never the URL's credentials, but an
// error thrown while parsing a URL could quote it.
export function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/[a-z][a-z0-9+.-]*:\/\/[^\s]*/gi, '(url)');
}

/** What the main thread asks of the SMTP thread (posted as arrays: all of one turn at once). */
export type ToSmtpThread =
  | { type: 'send'; id: number; key: string; target: SmtpTarget; message: RawMessage; deadlineMs: number }
  | { type: 'closeIdle'; idleMs: number }
  | { type: 'close' };

/** What the SMTP thread answers (posted as arrays, a few milliseconds' worth at a time). */
export type FromSmtpThread =
  | { type: 'outcome'; id: number; outcome: SmtpOutcome }
  | { type: 'warn'; message: string; fields: Record<string, unknown> }
  | { type: 'closed' };

/** Runs this thread's side: called by smtp-thread-bootstrap.js inside the worker thread. */
export function runSmtpThread(): void {
  if (!parentPort) throw new Error('runSmtpThread runs only in a worker thread');
  const port: MessagePort = parentPort;

  // Each message between threads wakes the other one up; outcomes go back a few milliseconds' worth
  // at a time (the outcome recorder gathers them for longer anyway).
  const replyGatherMs = 5;
  let replies: FromSmtpThread[] = [];
  let gathering: NodeJS.Timeout | undefined;

  function flushReplies(): void {
    if (gathering) clearTimeout(gathering);
    gathering = undefined;
    if (replies.length === 0) return;
    port.postMessage(replies);
    replies = [];
  }

  function reply(message: FromSmtpThread): void {
    replies.push(message);
    gathering ??= setTimeout(flushReplies, replyGatherMs);
  }

  const pools = createSmtpPools({
    settings: (workerData as { settings: SmtpSettings }).settings,
    warn: (message, fields) => reply({ type: 'warn', message, fields }),
  });

  function handle(message: ToSmtpThread): void {
    switch (message.type) {
      case 'send':
        void pools
          .send(message.key, message.target, message.message, message.deadlineMs)
          .then((outcome) => reply({ type: 'outcome', id: message.id, outcome }));
        return;
      case 'closeIdle':
        pools.closeIdle(message.idleMs);
        return;
      case 'close':
        pools.close();
        reply({ type: 'closed' });
        flushReplies();
        return;
    }
  }

  port.on('message', (messages: ToSmtpThread[]) => messages.forEach(handle));
}

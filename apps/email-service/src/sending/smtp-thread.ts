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

/** Leases of the connection budget (connection-budget-leases.ts): one per open connection. */
export interface LeaseSource {
  /** Resolves with a lease of `key` once granted, or undefined once `signal` aborts. */
  acquire(key: string, signal: AbortSignal): Promise<string | undefined>;
  /** Gives back the lease of a connection that has closed. */
  release(key: string, leaseId: string): void;
}

/**
 * SMTP connections per route key (a mailbox, or the shared default URL), opened on first use, each
 * under a lease of the connection budget shared by every worker process.
 */
export interface SmtpPools {
  /** Sends one message over a connection of `key` (opened for `target`); never throws. */
  send(key: string, target: SmtpTarget, message: RawMessage, deadlineMs: number): Promise<SmtpOutcome>;
  /** Closes the connections that sent nothing for `idleMs`. */
  closeIdle(idleMs: number): void;
  /** Closes `count` of `key`'s connections: idle ones now, busy ones after their message. */
  shed(key: string, count: number): void;
  /** Closes the connections of these leases, which lapsed: idle ones now, busy ones after their message. */
  lost(key: string, leaseIds: string[]): void;
  close(): void;
}

/**
 * One connection: a nodemailer pool of one, so a lease counts exactly one socket. maxMessages is
 * unbounded because nodemailer would otherwise open the next connection while the old one is still
 * saying QUIT — for a moment two sockets on one lease.
 */
interface Connection {
  leaseId: string;
  transport: Transporter<SMTPPoolSentMessageInfo>;
  busy: boolean;
  closing: boolean;
  lastUsed: number;
}

interface Entry {
  key: string;
  target: SmtpTarget;
  /** The URL and pinned address it was opened with: a mailbox whose either changed gets a new entry. */
  identity: string;
  /** Redacted from the server's replies, in every form a server may echo them. */
  credentials: { user: string; pass: string } | undefined;
  connections: Connection[];
  /** Sends waiting for a connection, oldest first. */
  queue: Array<(connection: Connection) => void>;
  /** The lease being waited for (one at a time: a lease per send in the queue would hoard them). */
  acquiring: AbortController | undefined;
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
  leases: LeaseSource;
  /** Warnings about the pools; never given a URL or a message. */
  warn(message: string, fields: Record<string, unknown>): void;
}): SmtpPools {
  const { settings, leases, warn } = options;
  const entries = new Map<string, Entry>();
  // The signal passed to sendMail reaches the pipeline plugin unchanged, so it identifies the attempt.
  const probes = new WeakMap<AbortSignal, Probe>();

  function openTransport(target: SmtpTarget): Transporter<SMTPPoolSentMessageInfo> {
    const transport = createTransport({
      pool: true,
      ...smtpConnectionOptions(target),
      maxConnections: 1,
      maxMessages: Infinity,
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
    return transport;
  }

  function entryFor(key: string, target: SmtpTarget): Entry {
    const identity = `${target.url}\n${target.pinned?.address ?? ''}`;
    const existing = entries.get(key);
    if (existing && existing.identity === identity) return existing;
    const entry: Entry = {
      key,
      target,
      identity,
      credentials: smtpCredentialsOf(target.url),
      connections: [],
      // The old entry's waiters go to the mailbox's new URL.
      queue: existing?.queue.splice(0) ?? [],
      acquiring: undefined,
      lastUsed: Date.now(),
      retired: false,
    };
    if (existing) retire(existing);
    entries.set(key, entry);
    return entry;
  }

  function retire(entry: Entry): void {
    entry.retired = true;
    entry.acquiring?.abort();
    if (entries.get(entry.key) === entry) entries.delete(entry.key);
    entry.connections.forEach((connection) => closeWhenIdle(entry, connection));
  }

  function closeWhenIdle(entry: Entry, connection: Connection): void {
    connection.closing = true;
    if (connection.busy) return;
    connection.transport.close();
    entry.connections.splice(entry.connections.indexOf(connection), 1);
    // The socket is ending (FIN sent) by now; the slot is free for another process.
    leases.release(entry.key, connection.leaseId);
  }

  /** Hands free connections to the oldest waiters, and asks for one more lease when short of them. */
  function pump(entry: Entry): void {
    for (const connection of entry.connections) {
      if (entry.queue.length === 0) break;
      if (connection.busy || connection.closing) continue;
      connection.busy = true;
      entry.queue.shift()!(connection);
    }
    const open = entry.connections.filter((connection) => !connection.closing).length;
    if (entry.queue.length === 0 || entry.acquiring || entry.retired) return;
    if (open >= settings.maxConnectionsPerMailbox) return;
    const acquiring = new AbortController();
    entry.acquiring = acquiring;
    void leases.acquire(entry.key, acquiring.signal).then((leaseId) => {
      if (entry.acquiring === acquiring) entry.acquiring = undefined;
      if (leaseId === undefined) return;
      if (entry.retired || entry.queue.length === 0) {
        leases.release(entry.key, leaseId);
      } else {
        const transport = openTransport(entry.target);
        entry.connections.push({ leaseId, transport, busy: false, closing: false, lastUsed: Date.now() });
      }
      pump(entry);
    });
  }

  /** A connection of `entry` for one send, or undefined once `signal` aborts first. */
  function connectionFor(entry: Entry, signal: AbortSignal): Promise<Connection | undefined> {
    return new Promise((resolve) => {
      const waiter = (connection: Connection) => {
        signal.removeEventListener('abort', giveUp);
        resolve(connection);
      };
      const giveUp = () => {
        const at = entry.queue.indexOf(waiter);
        if (at !== -1) entry.queue.splice(at, 1);
        if (entry.queue.length === 0) entry.acquiring?.abort();
        resolve(undefined);
      };
      signal.addEventListener('abort', giveUp, { once: true });
      entry.queue.push(waiter);
      pump(entry);
    });
  }

  function done(entry: Entry, connection: Connection): void {
    connection.busy = false;
    connection.lastUsed = entry.lastUsed = Date.now();
    if (connection.closing) closeWhenIdle(entry, connection);
    pump(entries.get(entry.key) ?? entry);
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
      const connection = await connectionFor(entry, deadline.signal);
      if (!connection) {
        clearTimeout(timer);
        // Nothing was sent: the delivery goes back to the queue like any other retry.
        const reason = `no SMTP connection of this mailbox came free within ${deadlineMs} ms (connection budget)`;
        return { kind: 'retry', code: 0, reason };
      }
      const probe: Probe = { handedOver: false };
      probes.set(deadline.signal, probe);
      try {
        const info = await connection.transport.sendMail({
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
        done(entry, connection);
      }
    },

    closeIdle(idleMs) {
      const before = Date.now() - idleMs;
      for (const entry of [...entries.values()]) {
        for (const connection of [...entry.connections]) {
          if (!connection.busy && connection.lastUsed < before) closeWhenIdle(entry, connection);
        }
        if (entry.connections.length === 0 && entry.queue.length === 0 && entry.lastUsed < before) {
          retire(entry);
        }
      }
    },

    shed(key, count) {
      const entry = entries.get(key);
      if (!entry) return;
      // Idle ones first: they go at once.
      const open = entry.connections.filter((connection) => !connection.closing);
      open.sort((a, b) => Number(a.busy) - Number(b.busy));
      open.slice(0, count).forEach((connection) => closeWhenIdle(entry, connection));
    },

    lost(key, leaseIds) {
      const entry = entries.get(key);
      const lapsed = entry?.connections.filter((connection) => leaseIds.includes(connection.leaseId)) ?? [];
      lapsed.forEach((connection) => closeWhenIdle(entry!, connection));
    },

    close() {
      for (const entry of [...entries.values()]) retire(entry);
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
  | { type: 'granted'; id: number; key: string; leaseId: string }
  | { type: 'shed'; key: string; count: number }
  | { type: 'lost'; key: string; leaseIds: string[] }
  | { type: 'closeIdle'; idleMs: number }
  | { type: 'close' };

/** What the SMTP thread answers (posted as arrays, a few milliseconds' worth at a time). */
export type FromSmtpThread =
  | { type: 'outcome'; id: number; outcome: SmtpOutcome }
  | { type: 'acquire'; id: number; key: string }
  | { type: 'cancelAcquire'; id: number }
  | { type: 'release'; key: string; leaseId: string }
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

  // The budget's leases are the main thread's (it holds the Redis client and renews them).
  const acquiring = new Map<number, { key: string; resolve: (leaseId: string | undefined) => void }>();
  let nextAcquire = 1;
  const leases: LeaseSource = {
    acquire(key, signal) {
      const id = nextAcquire++;
      return new Promise((resolve) => {
        acquiring.set(id, { key, resolve });
        signal.addEventListener('abort', () => {
          if (!acquiring.delete(id)) return;
          reply({ type: 'cancelAcquire', id });
          resolve(undefined);
        });
        reply({ type: 'acquire', id, key });
      });
    },
    release: (key, leaseId) => reply({ type: 'release', key, leaseId }),
  };

  const pools = createSmtpPools({
    settings: (workerData as { settings: SmtpSettings }).settings,
    leases,
    warn: (message, fields) => reply({ type: 'warn', message, fields }),
  });

  function handle(message: ToSmtpThread): void {
    switch (message.type) {
      case 'send':
        void pools
          .send(message.key, message.target, message.message, message.deadlineMs)
          .then((outcome) => reply({ type: 'outcome', id: message.id, outcome }));
        return;
      case 'granted': {
        const waiting = acquiring.get(message.id);
        acquiring.delete(message.id);
        if (waiting) waiting.resolve(message.leaseId);
        // Granted after this side gave up: handed straight back.
        else reply({ type: 'release', key: message.key, leaseId: message.leaseId });
        return;
      }
      case 'shed':
        pools.shed(message.key, message.count);
        return;
      case 'lost':
        pools.lost(message.key, message.leaseIds);
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

// The SMTP connections of the SMTP thread (smtp-thread.ts): per route key, up to
// maxConnectionsPerMailbox nodemailer connections, each opened under a lease of the connection budget
// that every worker process shares (connection-budget.ts), sends queued for them oldest first.
import type { Readable } from 'node:stream';
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
  /** Sends waiting for a connection, oldest first; each answers false when it no longer wants one. */
  queue: Array<(connection: Connection) => boolean>;
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
      if (connection.busy || connection.closing) continue;
      while (!connection.busy && entry.queue.length > 0) connection.busy = entry.queue.shift()!(connection);
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
      let waiting = true;
      const waiter = (connection: Connection) => {
        if (!waiting) return false;
        waiting = false;
        signal.removeEventListener('abort', giveUp);
        resolve(connection);
        return true;
      };
      const giveUp = () => {
        waiting = false;
        // Its entry may have been replaced (a new URL) and its queue moved to the new one.
        const current = entries.get(entry.key) ?? entry;
        const at = current.queue.indexOf(waiter);
        if (at !== -1) current.queue.splice(at, 1);
        if (current.queue.length === 0) current.acquiring?.abort();
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

import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Logger } from '@coldreach/observability';
import { HostLookupFailed, OutboundAddressRefused, type OutboundGuard } from '@coldreach/outbound-guard';
import { parseSmtpUrl } from '../domain/smtp-url';
import type { SmtpUrlCipher } from '../persistence/smtp-url-cipher';
import type { SmtpOutcome } from '../ledger/classify-smtp-outcome';
import { buildMimeMessage } from '@coldreach/outreach';
import type { OutgoingEmail } from '@coldreach/outreach';
import { createMemoryConnectionBudget, type ConnectionBudget } from './connection-budget';
import { createConnectionLeases } from './connection-budget-leases';
import type { SmtpTarget } from './smtp-connection-options';
import { describe, type FromSmtpThread, type SmtpSettings, type ToSmtpThread } from './smtp-thread';

export type { SmtpSettings } from './smtp-thread';

/** Which SMTP server a mailbox sends through: its own sealed URL, or the service's default. */
export interface MailboxRoute {
  mailboxId: string;
  sealedSmtpUrl: string | null;
}

/** Pooled SMTP transports, one per mailbox (or one shared for the default URL), opened on first use. */
export interface SmtpTransports {
  /** The settings in force: the defaults with what was given. */
  readonly settings: SmtpSettings;
  /** False when mailboxes without their own SMTP URL have nowhere to go (no default SMTP URL). */
  readonly hasDefaultRoute: boolean;
  /** Sends one email; never throws. `deadlineMs` bounds the whole attempt, queueing included. */
  send(route: MailboxRoute, email: OutgoingEmail, deadlineMs: number): Promise<SmtpOutcome>;
  /** Closes the transports of mailboxes that sent nothing for `idleMs`. */
  closeIdle(idleMs: number): void;
  /** Closes every transport and stops the SMTP thread; call once no send is in flight. */
  close(): Promise<void>;
}

export const defaultSmtpSettings: SmtpSettings = {
  connectionTimeoutMs: 30_000,
  greetingTimeoutMs: 30_000,
  // RFC 5321 suggests waiting up to 10 minutes for the reply to the message; servers that take more
  // than 2 become UNKNOWN instead of holding a worker that long.
  socketTimeoutMs: 120_000,
  maxConnectionsPerMailbox: 5,
};

const defaultRoute = 'default';
const closeWaitMs = 5000;
// A mailbox's host is resolved and checked again this often; a new address gets a new pool.
const recheckMs = 5 * 60_000;

/**
 * The SMTP dialogues run on a worker thread of their own (smtp-thread.ts): each of a pool's
 * connections waits for the sender between its round trips, and on the main thread it waited
 * behind the claims, outcome writes and Kafka batches. This side builds each message, resolves the
 * route's URL (the sealed URL is opened here and passed in memory, never logged), resolves and checks
 * its host through the outbound guard, and hands both over, the connection pinned to that address.
 */
export function createSmtpTransports(options: {
  cipher: SmtpUrlCipher;
  /**
   * The operator's SMTP_URL. It is not put through the guard: the operator configures it (often
   * a relay on an internal network, or Mailpit in docker-compose), no tenant can set or read it,
   * and nodemailer may use its query options (e.g. a relay's own TLS settings) as given.
   */
  defaultSmtpUrl: string | undefined;
  /** Checks the host of every mailbox's own SMTP URL (SMTP_ALLOWED_PRIVATE_CIDRS). */
  guard: OutboundGuard;
  /** Timeouts and pool sizes; the defaults where not given. */
  settings?: Partial<SmtpSettings>;
  /**
   * Where each mailbox's maxConnectionsPerMailbox is counted: shared by every worker process
   * (createRedisConnectionBudget), or this process's alone (the default, as in embedded mode).
   */
  connectionBudget?: ConnectionBudget;
  /** How long a connection's lease lives unrenewed (default 30 s; tests shorten it). */
  leaseTtlMs?: number;
  logger: Logger;
}): SmtpTransports {
  const { cipher, guard, logger } = options;
  const settings: SmtpSettings = { ...defaultSmtpSettings, ...options.settings };
  const leases = createConnectionLeases({
    budget: options.connectionBudget ?? createMemoryConnectionBudget(),
    limit: settings.maxConnectionsPerMailbox,
    ttlMs: options.leaseTtlMs,
    logger,
    shed: (key, count) => {
      if (thread) post({ type: 'shed', key, count });
    },
    lost: (key, leaseIds) => {
      if (thread) post({ type: 'lost', key, leaseIds });
    },
  });
  // The thread's waits for leases, by its request id.
  const acquiring = new Map<number, AbortController>();
  // Opening a sealed URL decrypts it; each mailbox's is opened again only when it changes, and its
  // host resolved and checked again every few minutes.
  const urls = new Map<string, { sealed: string; target: SmtpTarget; checkedAt: number; lastUsed: number }>();
  const pending = new Map<number, (outcome: SmtpOutcome) => void>();
  let thread: Worker | undefined;
  let nextId = 1;

  /** The route's target; throws when it has none, or its host is refused or does not resolve. */
  async function targetOf(route: MailboxRoute): Promise<{ key: string; target: SmtpTarget }> {
    if (!route.sealedSmtpUrl) {
      if (!options.defaultSmtpUrl)
        throw new Error('this mailbox has no SMTP URL and the service has no default one');
      return { key: defaultRoute, target: { url: options.defaultSmtpUrl } };
    }
    const now = Date.now();
    const known = urls.get(route.mailboxId);
    if (known?.sealed === route.sealedSmtpUrl && now - known.checkedAt < recheckMs) {
      known.lastUsed = now;
      return { key: route.mailboxId, target: known.target };
    }
    const url = known?.sealed === route.sealedSmtpUrl ? known.target.url : cipher.open(route.sealedSmtpUrl);
    const parsed = parseSmtpUrl(url);
    if (!parsed.ok) throw new Error(`the mailbox's SMTP URL ${parsed.problem}`);
    const checked = await guard.resolve(parsed.endpoint.host);
    const target = { url, pinned: { address: checked.address, servername: checked.servername } };
    urls.set(route.mailboxId, { sealed: route.sealedSmtpUrl, target, checkedAt: now, lastUsed: now });
    return { key: route.mailboxId, target };
  }

  function start(): Worker {
    const worker = new Worker(join(__dirname, 'smtp-thread-bootstrap.js'), { workerData: { settings } });
    worker.unref();
    worker.on('message', (messages: FromSmtpThread[]) => {
      for (const message of messages) {
        if (message.type === 'outcome') {
          pending.get(message.id)?.(message.outcome);
          pending.delete(message.id);
        } else if (message.type === 'warn') {
          logger.warn(message.fields, message.message);
        } else {
          answerLeases(worker, message);
        }
      }
      if (pending.size === 0) worker.unref();
    });
    worker.on('error', (error) => logger.error({ err: describe(error) }, 'the SMTP thread failed'));
    worker.on('exit', () => {
      if (thread === worker) thread = undefined;
      // Their messages may have reached the server: never sent again by themselves.
      for (const resolve of pending.values()) {
        resolve({ kind: 'unknown', reason: 'the SMTP thread stopped during the attempt' });
      }
      pending.clear();
      // Its connections went with it.
      for (const controller of acquiring.values()) controller.abort();
      void leases.releaseAll();
    });
    return worker;
  }

  function answerLeases(worker: Worker, message: FromSmtpThread): void {
    if (message.type === 'acquire') {
      const { id, key } = message;
      const controller = new AbortController();
      acquiring.set(id, controller);
      void leases.acquire(key, controller.signal).then((leaseId) => {
        acquiring.delete(id);
        if (leaseId === undefined) return;
        // A thread that has stopped will not hold a connection under it.
        if (thread === worker) post({ type: 'granted', id, key, leaseId });
        else leases.release(key, leaseId);
      });
    } else if (message.type === 'cancelAcquire') {
      acquiring.get(message.id)?.abort();
      acquiring.delete(message.id);
    } else if (message.type === 'release') {
      leases.release(message.key, message.leaseId);
    }
  }

  // What one turn of the event loop asks of the thread (a batch's sends) goes in one message.
  let outbox: ToSmtpThread[] = [];
  let transfers: ArrayBuffer[] = [];

  function flush(): void {
    if (outbox.length === 0) return;
    thread ??= start();
    thread.postMessage(outbox, transfers);
    // Sends in flight keep the process up; an idle thread does not.
    if (pending.size > 0) thread.ref();
    outbox = [];
    transfers = [];
  }

  function post(message: ToSmtpThread, transfer: ArrayBuffer[] = []): void {
    outbox.push(message);
    transfers.push(...transfer);
    if (outbox.length === 1) queueMicrotask(flush);
  }

  return {
    settings,
    hasDefaultRoute: options.defaultSmtpUrl !== undefined && options.defaultSmtpUrl !== '',
    async send(route, email, deadlineMs) {
      let raw: Uint8Array;
      try {
        // A copy of its own, so its memory can move to the thread (Buffer.from may share a slab).
        raw = new Uint8Array(buildMimeMessage(email));
      } catch (error) {
        // Nothing was sent, and the same delivery would never build: it fails for good.
        const reason = `the message could not be built: ${describe(error)}`;
        return { kind: 'failed', code: 0, reason, bounce: false };
      }
      let routed: { key: string; target: SmtpTarget };
      try {
        routed = await targetOf(route);
      } catch (error) {
        // A host the policy refuses stays refused until the operator lists it: failed, not retried.
        if (error instanceof OutboundAddressRefused) {
          return { kind: 'failed', code: 0, reason: error.message, bounce: false };
        }
        // DNS may answer later.
        if (error instanceof HostLookupFailed) return { kind: 'retry', code: 0, reason: error.message };
        // A URL sealed with another key, or no URL at all: no byte was sent.
        logger.warn(
          { mailboxId: route.mailboxId, err: describe(error) },
          'cannot open the mailbox SMTP transport',
        );
        return { kind: 'retry', code: 0, reason: `the mailbox's SMTP transport could not be opened` };
      }
      const id = nextId++;
      return new Promise<SmtpOutcome>((resolve) => {
        pending.set(id, resolve);
        const message = { from: email.fromAddress, to: email.to, messageId: email.messageId, raw };
        const { key, target } = routed;
        post({ type: 'send', id, key, target, message, deadlineMs }, [raw.buffer as ArrayBuffer]);
      });
    },

    closeIdle(idleMs) {
      // An opened URL holds credentials: kept only as long as its mailbox's pool.
      const before = Date.now() - idleMs;
      for (const [mailboxId, known] of urls) if (known.lastUsed < before) urls.delete(mailboxId);
      if (thread) post({ type: 'closeIdle', idleMs });
    },

    async close() {
      flush();
      for (const controller of acquiring.values()) controller.abort();
      const worker = thread;
      if (!worker) return leases.close();
      thread = undefined;
      // The pools say goodbye to their servers (QUIT) before the thread goes.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, closeWaitMs);
        worker.on('message', (messages: FromSmtpThread[]) => {
          if (messages.some((message) => message.type === 'closed')) {
            clearTimeout(timer);
            resolve();
          }
        });
        worker.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        worker.postMessage([{ type: 'close' }] satisfies ToSmtpThread[]);
      });
      await worker.terminate();
      await leases.close();
    },
  };
}

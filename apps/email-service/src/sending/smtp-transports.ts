import type { Readable } from 'node:stream';
import { createTransport, type SMTPPoolSentMessageInfo, type Transporter } from 'nodemailer';
import type { Logger } from '@coldreach/observability';
import type { SmtpUrlCipher } from '../persistence/smtp-url-cipher';
import { classifySmtpError, classifySmtpSuccess, type SmtpOutcome } from './classify-smtp-outcome';
import { toMailOptions } from './mail-options';
import { buildMimeMessage } from './mime-message';
import type { OutgoingEmail } from './render-delivery';

export interface SmtpSettings {
  connectionTimeoutMs: number;
  greetingTimeoutMs: number;
  /** Longest silence from the server once connected, e.g. while waiting for the reply to the message. */
  socketTimeoutMs: number;
  maxConnectionsPerMailbox: number;
}

/** Which SMTP server a mailbox sends through: its own sealed URL, or the service's default. */
export interface MailboxRoute {
  mailboxId: string;
  sealedSmtpUrl: string | null;
}

/** Pooled SMTP transports, one per mailbox (or one shared for the default URL), opened on first use. */
export interface SmtpTransports {
  /** Sends one email; never throws. `deadlineMs` bounds the whole attempt, queueing included. */
  send(route: MailboxRoute, email: OutgoingEmail, deadlineMs: number): Promise<SmtpOutcome>;
  /** Closes the transports of mailboxes that sent nothing for `idleMs`. */
  closeIdle(idleMs: number): void;
  close(): void;
}

interface Entry {
  transport: Transporter<SMTPPoolSentMessageInfo>;
  /** The sealed URL it was opened with: a mailbox whose URL changed gets a new transport. */
  sealed: string | null;
  inFlight: number;
  lastUsed: number;
  retired: boolean;
}

/** Per-attempt record, set from inside nodemailer's message pipeline. */
interface Probe {
  /** The whole message was read by the connection (it writes the final dot right after). */
  handedOver: boolean;
}

const defaultRoute = 'default';

export function createSmtpTransports(options: {
  cipher: SmtpUrlCipher;
  defaultSmtpUrl: string | undefined;
  settings: SmtpSettings;
  logger: Logger;
}): SmtpTransports {
  const { cipher, settings, logger } = options;
  const entries = new Map<string, Entry>();
  // The signal passed to sendMail reaches the pipeline plugin unchanged, so it identifies the attempt.
  const probes = new WeakMap<AbortSignal, Probe>();

  function open(url: string, sealed: string | null): Entry {
    const transport = createTransport({
      pool: true,
      url,
      maxConnections: settings.maxConnectionsPerMailbox,
      connectionTimeout: settings.connectionTimeoutMs,
      greetingTimeout: settings.greetingTimeoutMs,
      socketTimeout: settings.socketTimeoutMs,
      logger: false,
      debug: false,
    });
    // Failures reach each send's callback; an 'error' event without a listener would end the process.
    transport.on('error', (error: unknown) => logger.warn({ err: describe(error) }, 'SMTP transport error'));
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
    return { transport, sealed, inFlight: 0, lastUsed: Date.now(), retired: false };
  }

  function entryFor(route: MailboxRoute): Entry {
    const key = route.sealedSmtpUrl ? route.mailboxId : defaultRoute;
    const existing = entries.get(key);
    if (existing && existing.sealed === route.sealedSmtpUrl) return existing;
    if (existing) retire(key, existing);
    let url: string;
    if (route.sealedSmtpUrl) url = cipher.open(route.sealedSmtpUrl);
    else if (options.defaultSmtpUrl) url = options.defaultSmtpUrl;
    else throw new Error('this mailbox has no SMTP URL and the service has no default one');
    const entry = open(url, route.sealedSmtpUrl);
    entries.set(key, entry);
    return entry;
  }

  function retire(key: string, entry: Entry): void {
    entry.retired = true;
    if (entries.get(key) === entry) entries.delete(key);
    if (entry.inFlight === 0) entry.transport.close();
  }

  return {
    async send(route, email, deadlineMs) {
      let raw: Buffer;
      try {
        raw = buildMimeMessage(email);
      } catch (error) {
        // Nothing was sent, and the same delivery would never build: it fails for good.
        return {
          kind: 'failed',
          code: 0,
          reason: `the message could not be built: ${describe(error)}`,
          bounce: false,
        };
      }
      let entry: Entry;
      try {
        entry = entryFor(route);
      } catch (error) {
        // Opening failed (a URL sealed with another key, an unusable URL): no byte was sent.
        logger.warn(
          { mailboxId: route.mailboxId, err: describe(error) },
          'cannot open the mailbox SMTP transport',
        );
        return { kind: 'retry', code: 0, reason: `the mailbox's SMTP transport could not be opened` };
      }
      const deadline = new AbortController();
      const timer = setTimeout(() => deadline.abort(), deadlineMs);
      const probe: Probe = { handedOver: false };
      probes.set(deadline.signal, probe);
      entry.inFlight++;
      try {
        const info = await entry.transport.sendMail({
          ...toMailOptions(email, raw),
          signal: deadline.signal,
        });
        return classifySmtpSuccess(String(info.response ?? ''));
      } catch (error) {
        return classifySmtpError(error, probe.handedOver);
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
function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/[a-z][a-z0-9+.-]*:\/\/[^\s]*/gi, '(url)');
}

import { createTransport } from 'nodemailer';
import { sanitizeRemoteText } from '@coldreach/remote-text';
import type { SmtpProbe } from '../domain/smtp-probe';
import { parseSmtpUrl, smtpCredentialsOf } from '../domain/smtp-url';
import { smtpConnectionOptions } from '../sending/smtp-connection-options';

export interface SmtpProbeOptions {
  /** Longest wait for the TCP (and TLS) connection. Default 10 s. */
  connectionTimeoutMs?: number;
  /** Longest wait for the greeting once connected. Default 10 s. */
  greetingTimeoutMs?: number;
  /**
   * Longest silence on the connection afterwards. Default 15 s: longer than the greeting's wait, so
   * a port that never greets is reported as that (both timers run from the connection, and equal
   * ones race on a busy machine).
   */
  socketTimeoutMs?: number;
  /**
   * Longest whole test (connect, greeting, EHLO, STARTTLS, AUTH). Default 25 s; the gateway's
   * deadline for a test (30 s, routes/mailbox-routes.ts) is longer, so a slow server gets an
   * answer saying what it did not do, never a 503.
   */
  totalTimeoutMs?: number;
}

/** The probe's whole budget by default; see SmtpProbeOptions.totalTimeoutMs. */
export const smtpProbeTotalTimeoutMs = 25_000;

interface SmtpError {
  code?: string;
  originalCode?: string;
  responseCode?: number;
  response?: unknown;
  timeoutType?: string;
}

const maxReplyLength = 200;

/**
 * Tests an SMTP URL with nodemailer's `verify()` (connect, TLS, EHLO, AUTH, QUIT; nothing is sent).
 * Details are built from error codes and the server's reply, cleaned by the one sanitiser of remote
 * text (a reply may quote the AUTH line, the user name or the password); the URL never appears.
 */
export function createNodemailerSmtpProbe(options: SmtpProbeOptions = {}): SmtpProbe {
  const timeouts = {
    connection: options.connectionTimeoutMs ?? 10_000,
    greeting: options.greetingTimeoutMs ?? 10_000,
    socket: options.socketTimeoutMs ?? 15_000,
    total: options.totalTimeoutMs ?? smtpProbeTotalTimeoutMs,
  };
  return async (smtpUrl, pinned) => {
    const parsed = parseSmtpUrl(smtpUrl);
    const where = parsed.ok ? `${parsed.endpoint.host}:${parsed.endpoint.port}` : 'the SMTP server';
    const hasCredentials = parsed.ok && parsed.endpoint.hasCredentials;
    const transport = createTransport({
      ...smtpConnectionOptions({ url: smtpUrl, pinned }),
      connectionTimeout: timeouts.connection,
      greetingTimeout: timeouts.greeting,
      socketTimeout: timeouts.socket,
      // A server that offers no AUTH would otherwise pass the test without checking the password.
      forceAuth: hasCredentials,
      logger: false,
      debug: false,
    });
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    const overall = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject({ code: 'ETIMEDOUT', timeoutType: 'TOTAL' }), timeouts.total);
    });
    try {
      await Promise.race([transport.verify(), overall]);
      return {
        ok: true,
        detail: `connected to ${where}${hasCredentials ? ' and signed in' : ''}`,
        latencyMs: Math.round(performance.now() - started),
      };
    } catch (error) {
      return {
        ok: false,
        detail: `${where}: ${describeFailure(error as SmtpError, timeouts, replyOf(error as SmtpError, smtpUrl))}`,
        latencyMs: Math.round(performance.now() - started),
      };
    } finally {
      clearTimeout(timer);
      transport.close();
    }
  };
}

const socketProblems: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset by the server',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
};

function describeTimeout(type: string | undefined, timeouts: Record<string, number>): string {
  const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;
  switch (type) {
    case 'CONNECTION_TIMEOUT':
      return `no connection within ${seconds(timeouts.connection!)}`;
    case 'GREETING_TIMEOUT':
      return `no SMTP greeting within ${seconds(timeouts.greeting!)} (is this an SMTP port?)`;
    case 'DNS_TIMEOUT':
      return 'timed out looking up the host';
    case 'TOTAL':
      return `the server did not finish the test within ${seconds(timeouts.total!)}`;
    default:
      return `the server went silent for ${seconds(timeouts.socket!)}`;
  }
}

/** The server's reply, e.g. `535 5.7.8 Username and Password not accepted`, cleaned. */
function replyOf(error: SmtpError, smtpUrl: string): string {
  if (typeof error.response !== 'string' || error.response === '') return '';
  const credentials = smtpCredentialsOf(smtpUrl);
  return sanitizeRemoteText(error.response, { maxLength: maxReplyLength, credentials });
}

function describeFailure(error: SmtpError, timeouts: Record<string, number>, serverReply: string): string {
  const reply = serverReply ? ` (${serverReply})` : error.responseCode ? ` (${error.responseCode})` : '';
  switch (error.code) {
    case 'EAUTH':
      return `authentication failed${reply}`;
    case 'ENOAUTH':
      return 'the server asks for a user name and password, and the URL has none';
    case 'ETIMEDOUT':
      return describeTimeout(error.timeoutType, timeouts);
    case 'ETLS':
      return `TLS failed${error.originalCode ? ` (${error.originalCode})` : ''}`;
    case 'EDNS':
      return 'host not found';
    case 'EPROTOCOL':
      return `unexpected answer from the server${reply}`;
    case 'ESOCKET':
    case 'ECONNECTION':
      return (
        socketProblems[error.originalCode ?? ''] ??
        (error.originalCode?.startsWith('ERR_TLS') || error.originalCode?.includes('CERT')
          ? `TLS failed (${error.originalCode})`
          : `connection failed${reply || (error.originalCode ? ` (${error.originalCode})` : '')}`)
      );
    default:
      return `failed${reply || (error.code ? ` (${error.code})` : '')}`;
  }
}

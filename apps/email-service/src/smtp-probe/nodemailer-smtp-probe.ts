import { createTransport } from 'nodemailer';
import type { SmtpProbe } from '../domain/smtp-probe';
import { parseSmtpUrl } from '../domain/smtp-url';

export interface SmtpProbeOptions {
  /** Longest wait for the TCP (and TLS) connection. Default 10 s. */
  connectionTimeoutMs?: number;
  /** Longest wait for the greeting once connected. Default 10 s. */
  greetingTimeoutMs?: number;
  /** Longest silence on the connection afterwards. Default 15 s. */
  socketTimeoutMs?: number;
}

interface SmtpError {
  code?: string;
  originalCode?: string;
  responseCode?: number;
  timeoutType?: string;
}

/**
 * Tests an SMTP URL with nodemailer's `verify()` (connect, TLS, EHLO, AUTH, QUIT; nothing is sent).
 * Details are built from error codes and reply codes only: a server's reply text may quote the user
 * name, and the URL itself never appears.
 */
export function createNodemailerSmtpProbe(options: SmtpProbeOptions = {}): SmtpProbe {
  return async (smtpUrl) => {
    const parsed = parseSmtpUrl(smtpUrl);
    const where = parsed.ok ? `${parsed.endpoint.host}:${parsed.endpoint.port}` : 'the SMTP server';
    const hasCredentials = parsed.ok && parsed.endpoint.hasCredentials;
    const transport = createTransport({
      url: smtpUrl,
      connectionTimeout: options.connectionTimeoutMs ?? 10_000,
      greetingTimeout: options.greetingTimeoutMs ?? 10_000,
      socketTimeout: options.socketTimeoutMs ?? 15_000,
      // A server that offers no AUTH would otherwise pass the test without checking the password.
      forceAuth: hasCredentials,
      logger: false,
      debug: false,
    });
    const started = performance.now();
    try {
      await transport.verify();
      return {
        ok: true,
        detail: `connected to ${where}${hasCredentials ? ' and signed in' : ''}`,
        latencyMs: Math.round(performance.now() - started),
      };
    } catch (error) {
      return {
        ok: false,
        detail: `${where}: ${describeFailure(error as SmtpError)}`,
        latencyMs: Math.round(performance.now() - started),
      };
    } finally {
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

const timeouts: Record<string, string> = {
  CONNECTION_TIMEOUT: 'timed out connecting',
  GREETING_TIMEOUT: 'timed out waiting for the greeting',
  DNS_TIMEOUT: 'timed out looking up the host',
};

function describeFailure(error: SmtpError): string {
  const reply = error.responseCode ? ` (${error.responseCode})` : '';
  switch (error.code) {
    case 'EAUTH':
      return `authentication failed${reply}`;
    case 'ENOAUTH':
      return 'the server asks for a user name and password, and the URL has none';
    case 'ETIMEDOUT':
      return timeouts[error.timeoutType ?? ''] ?? 'timed out';
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

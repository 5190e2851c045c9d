import { sanitizeRemoteText } from '@coldreach/remote-text';

/**
 * What one SMTP attempt means for its delivery.
 * - sent: the server took it (2xx after the message).
 * - retry: the server cannot have taken it and may later (4xx, or a failure before the message was
 *   handed over: refused connection, greeting or auth timeout, dropped connection during the envelope).
 * - failed: refused for good (5xx); `bounce` when the server refused the recipient at RCPT TO.
 * - unknown: the whole message went out and no reply came back (timeout or dropped connection while
 *   waiting for the final reply): it may have been delivered, so it is never sent again by itself.
 */
export type SmtpOutcome =
  | { kind: 'sent'; code: number; response: string }
  | { kind: 'retry'; code: number; reason: string }
  | { kind: 'failed'; code: number; reason: string; bounce: boolean }
  | { kind: 'unknown'; reason: string };

/** The fields of a nodemailer error the classification reads (see nodemailer's smtp-connection). */
interface SmtpErrorFields {
  /** ECONNECTION, ETIMEDOUT, ESOCKET, EDNS, ETLS, EPROTOCOL, EENVELOPE, EMESSAGE, EAUTH, EABORT, … */
  code?: unknown;
  /** The command in flight: CONN, EHLO, AUTH PLAIN, MAIL FROM, RCPT TO, DATA, API (refused locally). */
  command?: unknown;
  /** The server's reply code, when the error came from a reply. */
  responseCode?: unknown;
  response?: unknown;
  message?: unknown;
}

/** The connection's user name and password, redacted from whatever the server says. */
export type SmtpCredentials = { user: string; pass: string } | undefined;

const maxReasonLength = 500;

/** The outcome of an accepted message, from the server's final reply (e.g. `250 2.0.0 OK`). */
export function classifySmtpSuccess(response: string, credentials?: SmtpCredentials): SmtpOutcome {
  const code = replyCodeOf(response);
  return {
    kind: 'sent',
    code: code >= 200 && code < 300 ? code : 250,
    response: clean(response, credentials),
  };
}

/**
 * The outcome of a failed attempt. `messageHandedOver` says whether the whole message had been given
 * to the connection (nodemailer pipes it only after the server's 354, and writes the final dot
 * right after it ends): from then on, a missing reply is ambiguous.
 */
export function classifySmtpError(
  error: unknown,
  messageHandedOver: boolean,
  credentials?: SmtpCredentials,
): SmtpOutcome {
  const fields: SmtpErrorFields = typeof error === 'object' && error !== null ? error : {};
  const code = typeof fields.code === 'string' ? fields.code : '';
  const command = typeof fields.command === 'string' ? fields.command : '';
  const replyCode = typeof fields.responseCode === 'number' ? fields.responseCode : 0;
  // Server replies are stored (lastError) and returned: they may echo the AUTH line.
  const reason = clean(describe(fields, code, error), credentials);

  // A reply is an answer whatever the stage: 4xx says "not now", 5xx says "never". A 421 that ends
  // the session after the message is a reply too: the server says it did not take it.
  if (replyCode >= 400 && replyCode < 500) return { kind: 'retry', code: replyCode, reason };
  if (replyCode >= 500 && replyCode < 600) {
    return { kind: 'failed', code: replyCode, reason, bounce: command === 'RCPT TO' };
  }
  // No reply after the whole message went out: the server may have queued it.
  if (messageHandedOver) return { kind: 'unknown', reason };
  // nodemailer refused the envelope or message itself (an address it cannot use, a message over the
  // size the server announced): another attempt would be refused the same way.
  if ((code === 'EENVELOPE' || code === 'EMESSAGE') && replyCode === 0) {
    return { kind: 'failed', code: 0, reason, bounce: false };
  }
  // Anything else before the message was handed over (refused or dropped connection, DNS, TLS,
  // greeting/auth/socket timeout, an aborted attempt): nothing can have been delivered.
  return { kind: 'retry', code: replyCode, reason };
}

function describe(fields: SmtpErrorFields, code: string, error: unknown): string {
  const message = typeof fields.message === 'string' ? fields.message : String(error);
  const command =
    typeof fields.command === 'string' && fields.command !== 'API' ? ` at ${fields.command}` : '';
  return code ? `${code}${command}: ${message}` : message;
}

function replyCodeOf(response: string): number {
  const match = /^(\d{3})/.exec(response.trim());
  return match?.[1] ? Number(match[1]) : 0;
}

function clean(text: string, credentials: SmtpCredentials): string {
  return sanitizeRemoteText(text, { maxLength: maxReasonLength, credentials });
}

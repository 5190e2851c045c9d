import pino, { type Logger } from 'pino';
import type { ErrorReporter } from './error-reporter';
import { currentLogCorrelation } from './log-context';
import { redactSecretText } from './redact-secrets';

export type { Logger } from 'pino';

// Field names that carry credentials or message content, wherever they appear in a logged object.
const secretFields = [
  'authorization',
  'cookie',
  'apiKey',
  'api_key',
  'key',
  'password',
  'pass',
  'secret',
  'token',
  'accessToken',
  'refreshToken',
  'credentials',
  'smtpUrl',
  'smtp_url',
  'imapUrl',
  'imap_url',
  'body',
  'html',
  'text',
  'subject',
  'textBody',
  'htmlBody',
  'template',
];

/**
 * Paths that may carry credentials or message content. They are removed from every log line, at the
 * top level and two levels down, so a careless `log.info({ req })` or `log.debug({ step })` still
 * cannot leak an API key, a password, an SMTP URL or an email's subject and body.
 */
export const redactedPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers.cookie',
  ...secretFields,
  ...secretFields.map((field) => `*.${field}`),
  ...secretFields.map((field) => `*.*.${field}`),
];

/** A JSON logger for one service. `destination` lets tests capture output. */
export function createLogger(options: {
  name: string;
  level?: string;
  destination?: pino.DestinationStream;
  /** Where error-level lines that carry an error are reported (Sentry); absent: nowhere. */
  errorReporter?: ErrorReporter;
}): Logger {
  const { errorReporter, name } = options;
  return pino(
    {
      level: options.level ?? 'info',
      redact: { paths: redactedPaths, remove: true },
      // An error's message may quote what the caller sent (Fastify's "'/unsubscribe/<token>…' is not a
      // valid url component"): every string of a logged error goes through the same redaction.
      serializers: { err: serializeError },
      base: { service: name },
      timestamp: pino.stdTimeFunctions.isoTime,
      // trace_id/span_id of the active span and the workspace of the request being served.
      mixin: currentLogCorrelation,
      // Free text anywhere in a line (a message, a field holding a URL) loses its API keys, tokens and
      // URL credentials, whatever name the field has.
      formatters: { log: (object) => redactStrings(object, 0, true) as Record<string, unknown> },
      hooks: {
        logMethod(args, method, level) {
          const redacted = args.map((arg: unknown) =>
            typeof arg === 'string' ? redactSecretText(arg) : arg,
          ) as typeof args;
          if (errorReporter && level >= errorLevel) reportLoggedError(errorReporter, name, redacted);
          method.apply(this, redacted);
        },
      },
    },
    options.destination,
  );
}

const errorLevel = 50;

// A line at error or fatal level that carries an Error (`log.error({ err }, msg)` or
// `log.error(err, msg)`) is an error to report: the gateway's 5xx, an unexpected RPC failure, a crash.
function reportLoggedError(reporter: ErrorReporter, service: string, args: unknown[]): void {
  const [first, second] = args;
  const error =
    first instanceof Error
      ? first
      : (first as { err?: unknown } | undefined)?.err instanceof Error
        ? (first as { err: Error }).err
        : undefined;
  if (!error) return;
  const message = typeof second === 'string' ? second : undefined;
  reporter.report({ error, service, message, correlation: currentLogCorrelation() });
}

/** Strips credentials from a connection URL before it is logged, e.g. `postgres://user:***@host/db`. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}

/** pino's standard error serializer, with API keys, token paths and credential-like query values redacted. */
export function serializeError(error: unknown): unknown {
  if (!(error instanceof Error)) return typeof error === 'string' ? redactSecretText(error) : error;
  return redactStrings(pino.stdSerializers.err(error), 0, false);
}

// With `plainOnly`, only plain objects and arrays are walked: anything else in a log line (an Error, a
// request) is left whole for its serializer, which runs after this.
function redactStrings(value: unknown, depth: number, plainOnly: boolean): unknown {
  if (typeof value === 'string') return redactSecretText(value);
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redactStrings(item, depth + 1, plainOnly));
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (plainOnly && prototype !== Object.prototype && prototype !== null) return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([name, item]) => [
      name,
      redactStrings(item, depth + 1, plainOnly),
    ]),
  );
}

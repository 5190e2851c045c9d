import pino, { type Logger } from 'pino';
import type { ErrorReporter } from './error-reporter';
import { currentLogCorrelation } from './log-context';
import { redactFields } from './redact-fields';
import { redactSecretText } from './redact-secrets';

export type { Logger } from 'pino';

/**
 * Request fields the gateway's serializers already leave out, removed again by pino should a request
 * object be logged whole under another serializer.
 */
export const redactedPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
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
      // Secret-named fields go at any depth, and free text anywhere in a line (a message, a field
      // holding a URL) loses its API keys, tokens and URL credentials, whatever the field's name.
      formatters: { log: (object) => redactFields(object, true) as Record<string, unknown> },
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
  return redactFields(pino.stdSerializers.err(error), false);
}

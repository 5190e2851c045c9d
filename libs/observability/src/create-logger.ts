import pino, { type Logger } from 'pino';
import { redactSecretText } from './redact-secrets';

export type { Logger } from 'pino';

/**
 * Paths that may carry credentials or message content. They are removed from every log line, so a
 * careless `log.info({ req })` still cannot leak an API key, a password or an email body.
 */
export const redactedPaths = [
  'authorization',
  'req.headers.authorization',
  'headers.authorization',
  'req.headers.cookie',
  'apiKey',
  'api_key',
  'key',
  'password',
  'secret',
  'token',
  'smtpUrl',
  'body',
  'html',
  'text',
  '*.authorization',
  '*.apiKey',
  '*.password',
  '*.secret',
  '*.token',
  '*.body',
];

/** A JSON logger for one service. `destination` lets tests capture output. */
export function createLogger(options: {
  name: string;
  level?: string;
  destination?: pino.DestinationStream;
}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      redact: { paths: redactedPaths, remove: true },
      // An error's message may quote what the caller sent (Fastify's "'/unsubscribe/<token>…' is not a
      // valid url component"): every string of a logged error goes through the same redaction.
      serializers: { err: serializeError },
      base: { service: options.name },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination,
  );
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
  return redactStrings(pino.stdSerializers.err(error), 0);
}

function redactStrings(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return redactSecretText(value);
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redactStrings(item, depth + 1));
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([name, item]) => [
      name,
      redactStrings(item, depth + 1),
    ]),
  );
}

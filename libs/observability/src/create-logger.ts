import pino, { type Logger } from 'pino';

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

import type { LogCorrelation } from './log-context';
import { createSentryReporter } from './sentry/sentry-reporter';

/** One error to report, as the logger saw it. */
export interface ErrorReport {
  error: Error;
  /** The logger's name: which service failed. */
  service: string;
  /** The log line's message, e.g. "request failed". */
  message?: string;
  correlation: LogCorrelation;
}

/** Sends errors to an error tracker. Reporting never throws and never blocks the caller. */
export interface ErrorReporter {
  report(report: ErrorReport): void;
  /** Waits for the reports in flight (at most `timeoutMs`), e.g. before a crashing process exits. */
  flush(timeoutMs?: number): Promise<void>;
}

/**
 * The error reporter a service's config asks for: Sentry when `sentryDsn` is set (an invalid DSN
 * throws, naming the problem), otherwise none at all, so nothing is built and nothing is sent.
 */
export function createErrorReporter(options: {
  sentryDsn?: string;
  /** Where the reporter says it could not send (never the DSN or the error). Default: stderr. */
  warn?: (message: string) => void;
}): ErrorReporter | undefined {
  if (!options.sentryDsn) return undefined;
  return createSentryReporter({
    dsn: options.sentryDsn,
    warn: options.warn ?? ((message) => process.stderr.write(`${message}\n`)),
  });
}

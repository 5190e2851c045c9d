import type { ErrorReporter, Logger } from '@coldreach/observability';

/**
 * A crash (an uncaught exception, an unhandled promise rejection) becomes one fatal JSON log line
 * and, with an error reporter, an error report, before the process exits 1: Node would otherwise
 * print a bare stack to stderr that no log pipeline parses. The state after such an error is
 * unknown, so there is no graceful shutdown; a supervisor restarts the process.
 */
export function handleProcessCrashes(options: {
  logger: Logger;
  errorReporter?: ErrorReporter;
  /** Longest wait for the report to leave before exiting. */
  flushTimeoutMs?: number;
}): void {
  let crashed = false;
  const crash = (reason: unknown, message: string) => {
    if (crashed) return;
    crashed = true;
    const error = reason instanceof Error ? reason : new Error(`non-error rejection: ${String(reason)}`);
    options.logger.fatal({ err: error }, message);
    void flushErrorReports(options.errorReporter, options.flushTimeoutMs).finally(() => process.exit(1));
  };
  process.on('uncaughtException', (error) => crash(error, 'uncaught exception'));
  process.on('unhandledRejection', (reason) => crash(reason, 'unhandled promise rejection'));
}

/** Waits for the error reports in flight (if any reporter) before the process exits. */
export async function flushErrorReports(errorReporter?: ErrorReporter, timeoutMs = 3000): Promise<void> {
  await errorReporter?.flush(timeoutMs);
}

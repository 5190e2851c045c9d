import { flushTracing, type Logger } from '@coldreach/observability';

export interface ServiceShutdownOptions {
  logger: Logger;
  /** Reports NOT_SERVING first, so health probes drain traffic away before anything closes. */
  notReady(): void;
  /** What to close, in order (e.g. server → consumers → relay → bus → pools). */
  steps: readonly (() => Promise<unknown>)[];
  /** A stuck close must not keep a process that has to go from being restarted. Default 15 s. */
  timeoutMs?: number;
  /** An event bus whose fatal error (a consumer that will not restart) stops the service with 1. */
  bus?: { onFatal(listener: (error: Error) => void): void };
}

/**
 * The ordered shutdown every service process shares: on SIGINT/SIGTERM (exit 0) or a fatal bus
 * error (exit 1, so a supervisor restarts it), not ready → close each step in order → exit. A step
 * that throws or a shutdown that outlasts the timeout exits 1 with a log line.
 */
export function handleServiceShutdown(
  options: ServiceShutdownOptions,
): (reason: string, exitCode: number) => Promise<void> {
  const { logger } = options;
  const timeoutMs = options.timeoutMs ?? 15_000;
  let stopping = false;
  const stop = async (reason: string, exitCode: number) => {
    if (stopping) return;
    stopping = true;
    logger.info({ reason }, 'shutting down');
    setTimeout(() => {
      logger.error({ timeoutMs }, 'shutdown timed out');
      process.exit(1);
    }, timeoutMs).unref();
    options.notReady();
    try {
      for (const step of options.steps) await step();
      // The last second of spans is still buffered for export (a collector that is down loses them, not
      // the exit code); the shutdown's timeout bounds the wait.
      await flushTracing().catch(() => undefined);
      process.exit(exitCode);
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  options.bus?.onFatal((error) => {
    options.notReady();
    logger.fatal({ err: error }, 'the event bus failed for good');
    void stop('event bus failure', 1);
  });
  process.once('SIGINT', (signal) => void stop(signal, 0));
  process.once('SIGTERM', (signal) => void stop(signal, 0));
  return stop;
}

import { startMetricsServer, type ErrorReporter, type Logger } from '@coldreach/observability';
import { flushErrorReports, handleProcessCrashes } from './process-crash-handlers';
import { handleServiceShutdown } from './service-shutdown';

/** A service started in its own process, as its connected-mode factory answers it. */
export interface StartedServiceProcess {
  /** What to close on shutdown, in order. */
  steps: readonly (() => Promise<unknown>)[];
  /** Reports NOT_SERVING before anything closes. */
  notReady(): void;
  /** A bus whose fatal error stops the process with 1 (a supervisor restarts it). */
  bus?: { onFatal(listener: (error: Error) => void): void };
  /** The line logged once it runs: what it serves and where (never a secret). */
  running: { fields: object; message: string };
}

/**
 * The life of a service process (every app's main.ts): start it — a failure was logged by the
 * factory, naming what failed, so the process only exits 1 — log that it runs, then shut it down in
 * order on SIGINT/SIGTERM or a fatal bus error (handleServiceShutdown). An error thrown before the
 * logger could say anything goes to stderr with the service's name.
 */
export function runServiceProcess(options: {
  name: string;
  logger: Logger;
  /** Where crashes and error-level lines are reported (Sentry, when SENTRY_DSN is set). */
  errorReporter?: ErrorReporter;
  start(): Promise<StartedServiceProcess>;
  /** Longest shutdown before the process exits 1 anyway (see handleServiceShutdown). */
  timeoutMs?: number;
  /** Serves /metrics and /ready over HTTP on `host:port` (METRICS_PORT); no port: none. */
  metrics?: { host: string; port: number | undefined };
}): void {
  const { logger, errorReporter } = options;
  handleProcessCrashes({ logger, errorReporter });
  async function run(): Promise<void> {
    const { metrics } = options;
    // Before the service, so a taken port stops the process before anything else is opened.
    const metricsServer =
      metrics?.port === undefined
        ? undefined
        : await startMetricsServer({ host: metrics.host, port: metrics.port, logger }).catch(
            (error: unknown) => {
              logger.fatal({ err: error, port: metrics.port }, 'could not serve the metrics (METRICS_PORT)');
              return process.exit(1);
            },
          );
    const started = await options.start().catch(async () => {
      await flushErrorReports(errorReporter);
      return process.exit(1);
    });
    logger.info({ ...started.running.fields, metrics: metricsServer?.url }, started.running.message);
    handleServiceShutdown({
      logger,
      notReady: started.notReady,
      // The metrics stay up to the end: a scrape during shutdown sees it drain.
      steps: metricsServer ? [...started.steps, () => metricsServer.close()] : started.steps,
      bus: started.bus,
      timeoutMs: options.timeoutMs,
    });
  }
  run().catch((error: unknown) => {
    process.stderr.write(
      `${options.name} failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  });
}

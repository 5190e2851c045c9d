import { parseSentryDsn } from '@coldreach/config';
import type { ErrorReport, ErrorReporter } from '../error-reporter';
import { createReportBudget, retryAfterMs } from './report-budget';
import { buildSentryEnvelope } from './sentry-event';

/** Reports sent at once; an error storm beyond this drops reports rather than piling up memory. */
const maxInFlight = 20;
/** Reports sent per minute at most; the rest of a storm is dropped (the logs still have every one). */
const maxPerMinute = 100;
const sendTimeoutMs = 10_000;
/** One warning per this interval at most, however many reports fail. */
const warnIntervalMs = 60_000;

/**
 * A dependency-free Sentry client: each report is one envelope POSTed to the DSN's envelope endpoint
 * with the DSN's public key. @sentry/node is not used: it brings its own OpenTelemetry set-up, which
 * would fight the services' own.
 */
export function createSentryReporter(options: {
  dsn: string;
  warn: (message: string) => void;
}): ErrorReporter {
  const dsn = parseSentryDsn(options.dsn);
  const auth = `Sentry sentry_version=7, sentry_key=${dsn.publicKey}, sentry_client=coldreach/1.0.0`;
  const inFlight = new Set<Promise<void>>();
  const budget = createReportBudget(maxPerMinute);
  let lastWarning = 0;

  function warn(message: string): void {
    const now = Date.now();
    if (now - lastWarning < warnIntervalMs) return;
    lastWarning = now;
    options.warn(message);
  }

  async function send(body: string): Promise<void> {
    try {
      const response = await fetch(dsn.envelopeUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-sentry-envelope', 'x-sentry-auth': auth },
        body,
        signal: AbortSignal.timeout(sendTimeoutMs),
      });
      await response.arrayBuffer();
      if (response.status === 429)
        budget.pauseUntil(retryAfterMs(response.headers.get('retry-after'), Date.now()));
      if (!response.ok) warn(`Sentry refused an error report with HTTP ${response.status}`);
    } catch (error) {
      warn(`could not send an error report to Sentry: ${error instanceof Error ? error.name : 'failed'}`);
    }
  }

  return {
    report(report: ErrorReport) {
      if (inFlight.size >= maxInFlight || !budget.take(Date.now())) {
        warn('error reports are being dropped: too many errors for Sentry at once');
        return;
      }
      let body: string;
      try {
        body = buildSentryEnvelope(report);
      } catch {
        return;
      }
      const sending = send(body).finally(() => inFlight.delete(sending));
      inFlight.add(sending);
    },
    async flush(timeoutMs = 2000) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      });
      await Promise.race([Promise.allSettled([...inFlight]), timeout]);
      clearTimeout(timer);
    },
  };
}

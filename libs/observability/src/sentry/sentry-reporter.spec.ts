import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { startSentryStandIn, waitFor, type ReceivedEnvelope, type SentryStandIn } from '@coldreach/testing';
import { createLogger } from '../create-logger';
import { createErrorReporter } from '../error-reporter';
import { withLogContext, setLogWorkspace } from '../log-context';

const provider = new TracerProvider();
let sentry: SentryStandIn;
beforeAll(async () => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(provider);
  sentry = await startSentryStandIn();
});
afterAll(async () => {
  await sentry.close();
  await provider.shutdown();
  trace.disable();
  context.disable();
});

const plantedKey = `crk_${'Pl4nted'.repeat(6)}x`;
const plantedUrl = 'smtp://ann:Pl4nted-Pw@smtp.example.com:587';
const silent = { write: () => undefined };

describe('the Sentry reporter', () => {
  it('reports an error logged at error level, with the trace id, service and workspace, and no secret', async () => {
    const errorReporter = createErrorReporter({ sentryDsn: sentry.dsn });
    const logger = createLogger({ name: 'email-service', errorReporter, destination: silent });
    const span = provider.getTracer('test').startSpan('SendEmail');
    const cause = new Error(`login refused by ${plantedUrl}`);
    withLogContext({}, () => {
      setLogWorkspace('ws-1');
      context.with(trace.setSpan(context.active(), span), () => {
        logger.info({ err: new Error('not an error level') }, 'retrying');
        logger.error(
          { err: new Error(`send failed for key ${plantedKey}`, { cause }) },
          'unhandled error in RPC handler',
        );
      });
    });
    span.end();
    await errorReporter?.flush(10_000);

    const envelopes = await waitFor(() => sentry.envelopes().length > 0 && sentry.envelopes());
    expect(envelopes).toHaveLength(1);
    const received = envelopes[0] as ReceivedEnvelope;
    expect(received.path).toBe('/api/42/envelope/');
    expect(received.auth).toMatch(/^Sentry sentry_version=7, sentry_key=publickey, sentry_client=/);
    expect(received.event).toMatchObject({
      level: 'error',
      logger: 'email-service',
      message: { formatted: 'unhandled error in RPC handler' },
      tags: { service: 'email-service', workspace_id: 'ws-1' },
      contexts: { trace: { trace_id: span.spanContext().traceId, span_id: span.spanContext().spanId } },
    });
    const values = (received.event.exception as { values: { value: string; stacktrace: unknown }[] }).values;
    expect(values.map((value) => value.value)).toEqual([
      'login refused by smtp://[redacted]@smtp.example.com:587',
      'send failed for key crk_[redacted]',
    ]);
    expect(values[1]?.stacktrace).toMatchObject({ frames: expect.arrayContaining([expect.anything()]) });
    for (const secret of ['Pl4nted', 'ann:']) expect(received.raw).not.toContain(secret);
  });

  it('sends a burst of errors only up to what it may have in flight, and drops the rest', async () => {
    const before = sentry.envelopes().length;
    const warnings: string[] = [];
    const errorReporter = createErrorReporter({ sentryDsn: sentry.dsn, warn: (m) => warnings.push(m) });
    const logger = createLogger({ name: 'gateway', errorReporter, destination: silent });
    for (let i = 0; i < 50; i++) logger.error({ err: new Error(`outage ${i}`) }, 'request failed');
    await errorReporter?.flush(10_000);
    expect(sentry.envelopes().length - before).toBe(20);
    expect(warnings).toEqual(['error reports are being dropped: too many errors for Sentry at once']);
  });

  it('is not built without a DSN: the logger then reports nothing', () => {
    expect(createErrorReporter({})).toBeUndefined();
    expect(createErrorReporter({ sentryDsn: '' })).toBeUndefined();
  });

  it('refuses an invalid DSN, naming the problem', () => {
    expect(() => createErrorReporter({ sentryDsn: 'https://sentry.example.com/1' })).toThrow(/no public key/);
  });

  it('warns, without the DSN, when Sentry cannot be reached, and never throws at the caller', async () => {
    const down = await startSentryStandIn();
    const dsn = down.dsn;
    await down.close();
    const warnings: string[] = [];
    const errorReporter = createErrorReporter({ sentryDsn: dsn, warn: (message) => warnings.push(message) });
    const logger = createLogger({ name: 'gateway', errorReporter, destination: silent });
    logger.error({ err: new Error('boom') }, 'request failed');
    await errorReporter?.flush(10_000);
    await waitFor(() => warnings.length > 0);
    expect(warnings.join('\n')).not.toContain('publickey');
  });
});

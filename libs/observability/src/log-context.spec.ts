import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { createLogger } from './create-logger';
import { setLogWorkspace, withLogContext } from './log-context';

// The smallest tracing set-up that makes spans active across awaits: a provider and a context manager.
const provider = new TracerProvider();
beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(provider);
});
afterAll(async () => {
  await provider.shutdown();
  trace.disable();
  context.disable();
});

function capturedLogger(name = 'campaign-service') {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({
    name,
    level: 'debug',
    destination: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) },
  });
  return { logger, lines };
}

describe('log lines', () => {
  it('carry the service, and the trace and span of the active span', async () => {
    const { logger, lines } = capturedLogger();
    const span = provider.getTracer('test').startSpan('launch');
    await context.with(trace.setSpan(context.active(), span), async () => {
      await new Promise((resolve) => setImmediate(resolve));
      logger.info('inside');
    });
    span.end();
    logger.info('outside');

    const [inside, outside] = lines;
    expect(inside).toMatchObject({
      service: 'campaign-service',
      trace_id: span.spanContext().traceId,
      span_id: span.spanContext().spanId,
    });
    expect(outside?.service).toBe('campaign-service');
    expect(outside).not.toHaveProperty('trace_id');
    expect(outside).not.toHaveProperty('span_id');
  });

  it('carry the workspace named in their log context, and only there', async () => {
    const { logger, lines } = capturedLogger();
    await Promise.all(
      ['w1', 'w2'].map((workspaceId) =>
        withLogContext({}, async () => {
          logger.info('before auth');
          await new Promise((resolve) => setImmediate(resolve));
          setLogWorkspace(workspaceId);
          await new Promise((resolve) => setImmediate(resolve));
          logger.info({ n: workspaceId }, 'after auth');
        }),
      ),
    );
    setLogWorkspace('nobody');
    logger.info('no request');

    const after = lines.filter((line) => line.msg === 'after auth');
    expect(after.map((line) => [line.n, line.workspace_id])).toEqual([
      ['w1', 'w1'],
      ['w2', 'w2'],
    ]);
    for (const line of lines.filter((line) => line.msg !== 'after auth')) {
      expect(line).not.toHaveProperty('workspace_id');
    }
  });

  it('never carry an SMTP URL, a password, a subject or a body, however deep or however named', () => {
    const { logger, lines } = capturedLogger();
    const smtpUrl = 'smtps://ann:Pl4nted-Pw@smtp.example.com:465';
    logger.debug({ mailbox: { smtpUrl, name: 'Ann' } }, 'mailbox created');
    logger.debug(
      { step: { subject: 'Hi SUBJECT-MARK', textBody: 'BODY-MARK', htmlBody: '<p>BODY-MARK</p>' } },
      'step',
    );
    logger.debug({ request: { message: { text: 'BODY-MARK', html: 'BODY-MARK' } } }, 'nested');
    logger.info({ target: smtpUrl, imapUrl: 'imaps://ann:Pl4nted-Pw@imap.example.com' }, 'connecting');
    logger.warn(`connect to ${smtpUrl} failed`);
    logger.error({ err: new Error(`auth failed for ${smtpUrl}`) }, 'send failed');

    const logged = lines.map((line) => JSON.stringify(line)).join('\n');
    for (const secret of ['Pl4nted-Pw', 'ann:', 'SUBJECT-MARK', 'BODY-MARK']) {
      expect(logged).not.toContain(secret);
    }
    // What is left is still useful: where it connected, and what failed.
    expect(logged).toContain('smtps://[redacted]@smtp.example.com:465');
    expect(logged).toContain('auth failed for smtps://[redacted]@smtp.example.com');
    expect(lines.find((line) => line.msg === 'mailbox created')).toMatchObject({ mailbox: { name: 'Ann' } });
  });
});

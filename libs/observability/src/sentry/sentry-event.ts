import { randomUUID } from 'node:crypto';
import type { ErrorReport } from '../error-reporter';
import { redactSecretText } from '../redact-secrets';

interface StackFrame {
  function?: string;
  filename: string;
  lineno: number;
  colno: number;
  in_app: boolean;
}

interface ExceptionValue {
  type: string;
  value: string;
  stacktrace?: { frames: StackFrame[] };
}

/** How many causes of an error are sent with it (`error.cause` chains). */
const maxCauses = 3;

// `    at fn (file:line:col)` or `    at file:line:col`, as V8 writes them.
const framePattern = /^\s*at (?:(.+?) \()?(.+?):(\d+):(\d+)\)?$/;

/**
 * One Sentry envelope (https://develop.sentry.dev/sdk/data-model/envelopes/) holding one error event:
 * the error and its causes with their stacks, the service as `logger` and a tag, the trace and span
 * ids as the event's trace context, the workspace as a tag. Every message goes through the logs'
 * redaction, and nothing else of the log line (no fields, no request) is sent.
 */
export function buildSentryEnvelope(report: ErrorReport, now: Date = new Date()): string {
  const eventId = randomUUID().replace(/-/g, '');
  const { trace_id: traceId, span_id: spanId, workspace_id: workspaceId } = report.correlation;
  const event = {
    event_id: eventId,
    timestamp: now.getTime() / 1000,
    platform: 'node',
    level: 'error',
    logger: report.service,
    ...(report.message ? { message: { formatted: redactSecretText(report.message) } } : {}),
    exception: { values: exceptionValues(report.error) },
    tags: { service: report.service, ...(workspaceId ? { workspace_id: workspaceId } : {}) },
    ...(traceId && spanId ? { contexts: { trace: { trace_id: traceId, span_id: spanId } } } : {}),
    sdk: { name: 'coldreach.sentry-envelope', version: '1.0.0' },
  };
  const payload = JSON.stringify(event);
  const header = JSON.stringify({ event_id: eventId, sent_at: now.toISOString() });
  const item = JSON.stringify({ type: 'event', length: Buffer.byteLength(payload) });
  return `${header}\n${item}\n${payload}\n`;
}

// Sentry lists an exception's chain from the outermost cause to the error itself.
function exceptionValues(error: Error): ExceptionValue[] {
  const chain: ExceptionValue[] = [];
  let current: unknown = error;
  while (current instanceof Error && chain.length <= maxCauses) {
    chain.push({
      type: current.name,
      value: redactSecretText(current.message),
      ...stacktraceOf(current),
    });
    current = current.cause;
  }
  return chain.reverse();
}

function stacktraceOf(error: Error): { stacktrace?: { frames: StackFrame[] } } {
  const frames = (error.stack ?? '')
    .split('\n')
    .map((line) => framePattern.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map(([, fn, filename = '', lineno, colno]) => ({
      ...(fn ? { function: redactSecretText(fn) } : {}),
      filename: redactSecretText(filename),
      lineno: Number(lineno),
      colno: Number(colno),
      in_app: !filename.includes('node_modules') && !filename.startsWith('node:'),
    }))
    // Sentry wants the oldest call first; V8 writes the newest first.
    .reverse();
  return frames.length ? { stacktrace: { frames } } : {};
}

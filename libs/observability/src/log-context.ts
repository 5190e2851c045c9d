import { AsyncLocalStorage } from 'node:async_hooks';
import { isSpanContextValid, trace } from '@opentelemetry/api';

/** What every log line written while serving one request may say about it. */
export interface LogContext {
  workspaceId?: string;
}

/** The correlation fields of a log line (and of an error report), in the logs' snake_case. */
export interface LogCorrelation {
  trace_id?: string;
  span_id?: string;
  workspace_id?: string;
}

const storage = new AsyncLocalStorage<LogContext>();

/**
 * Runs `fn` with its own log context: every line logged inside it, however deep in its async calls,
 * carries the context's fields. The context is a copy, so setLogWorkspace inside does not leak out.
 */
export function withLogContext<T>(context: LogContext, fn: () => T): T {
  return storage.run({ ...context }, fn);
}

/**
 * Names the workspace of the request being served, once it is known (after authentication). Outside
 * a withLogContext there is no request to name it for, and nothing happens.
 */
export function setLogWorkspace(workspaceId: string): void {
  const context = storage.getStore();
  if (context) context.workspaceId = workspaceId;
}

/** The trace and span of the active OpenTelemetry span (none while tracing is off) and the workspace. */
export function currentLogCorrelation(): LogCorrelation {
  const fields: LogCorrelation = {};
  const spanContext = trace.getActiveSpan()?.spanContext();
  if (spanContext && isSpanContextValid(spanContext)) {
    fields.trace_id = spanContext.traceId;
    fields.span_id = spanContext.spanId;
  }
  const workspaceId = storage.getStore()?.workspaceId;
  if (workspaceId) fields.workspace_id = workspaceId;
  return fields;
}

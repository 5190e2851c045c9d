import { context, propagation } from '@opentelemetry/api';

/** Writes the active trace context (W3C `traceparent`, `tracestate`) into a carrier of headers. */
export type TraceContextInjector = (carrier: Record<string, string>) => void;

/**
 * OpenTelemetry's propagation of the active context. It is a no-op (an empty carrier) until tracing
 * registers a propagator (startTracing in libs/observability), so it is the default rather than
 * something each process has to wire after its tracing started.
 */
const openTelemetryInjector: TraceContextInjector = (carrier) =>
  propagation.inject(context.active(), carrier);

let injector: TraceContextInjector | undefined = openTelemetryInjector;

/**
 * The hook through which tracing puts W3C trace context on every event this process writes; by
 * default `(carrier) => propagation.inject(context.active(), carrier)`. Pass another injector to
 * replace it, or undefined to write events without trace context.
 */
export function setTraceContextInjector(inject: TraceContextInjector | undefined): void {
  injector = inject;
}

/** The trace headers of the active context; empty without an injector or an active span. */
export function currentTraceHeaders(): Record<string, string> {
  const carrier: Record<string, string> = {};
  injector?.(carrier);
  return carrier;
}

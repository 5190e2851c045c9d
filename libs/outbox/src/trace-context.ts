/** Writes the active trace context (W3C `traceparent`, `tracestate`) into a carrier of headers. */
export type TraceContextInjector = (carrier: Record<string, string>) => void;

let injector: TraceContextInjector | undefined;

/**
 * The hook through which tracing puts W3C trace context on every event this process writes. Set it
 * once at start-up; with OpenTelemetry that is
 * `setTraceContextInjector((carrier) => propagation.inject(context.active(), carrier))`.
 * Until then events carry no `traceparent`. Pass undefined to remove it.
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

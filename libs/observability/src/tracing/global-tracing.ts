import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { TracerProvider, type Sampler, type SpanProcessor } from '@opentelemetry/sdk-trace';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { createInstrumentations } from './instrumentations';

/** The tracing this process registered: flush it before exit, or take it down. */
export interface Tracing {
  /** Exports what is buffered; resolves when done (or when the exporter gave up). */
  flush(): Promise<void>;
  /** Flushes, then unregisters everything: the OpenTelemetry API is a no-op again. */
  shutdown(): Promise<void>;
}

let registered: Tracing | undefined;

/**
 * Registers a tracer provider, the async-hooks context manager, the W3C propagators and the
 * instrumentations as this process's globals. Only one registration at a time.
 */
export function registerGlobalTracing(options: {
  serviceName: string;
  sampler: Sampler;
  processor: SpanProcessor;
}): Tracing {
  if (registered) throw new Error('tracing is already started in this process');
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: options.serviceName }),
    sampler: options.sampler,
    spanProcessors: [options.processor],
  });
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  propagation.setGlobalPropagator(
    new CompositePropagator({
      propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
    }),
  );
  trace.setGlobalTracerProvider(provider);
  const unregisterInstrumentations = registerInstrumentations({
    tracerProvider: provider,
    instrumentations: createInstrumentations(),
  });
  const tracing: Tracing = {
    flush: () => provider.forceFlush(),
    async shutdown() {
      if (registered !== tracing) return;
      registered = undefined;
      unregisterInstrumentations();
      await provider.shutdown();
      trace.disable();
      propagation.disable();
      context.disable();
    },
  };
  registered = tracing;
  return tracing;
}

/** Exports the spans this process buffered (before it exits); does nothing without tracing. */
export async function flushTracing(): Promise<void> {
  await registered?.flush();
}

import {
  AlwaysOnSampler,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace';
import { registerGlobalTracing } from './global-tracing';

/** Tracing into memory for a test: every span is kept and can be read back. */
export interface TestTracing {
  /** The spans ended so far, in the order they ended. */
  spans(): ReadableSpan[];
  /** Forgets the spans ended so far. */
  reset(): void;
  /** Unregisters it; the OpenTelemetry API is a no-op again. */
  shutdown(): Promise<void>;
}

/**
 * Registers tracing for tests: everything sampled, each span kept in memory as it ends (no batching,
 * no network). Shut it down at the end of the test file.
 */
export function startTestTracing(serviceName = 'test'): TestTracing {
  const exporter = new InMemorySpanExporter();
  const tracing = registerGlobalTracing({
    serviceName,
    sampler: new AlwaysOnSampler(),
    processor: new SimpleSpanProcessor({ exporter }),
  });
  return {
    spans: () => exporter.getFinishedSpans(),
    reset: () => exporter.reset(),
    shutdown: () => tracing.shutdown(),
  };
}

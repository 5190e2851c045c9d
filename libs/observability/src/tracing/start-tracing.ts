import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace';
import { createSampler } from './create-sampler';
import { registerGlobalTracing, type Tracing } from './global-tracing';
import { readTracingSettings } from './tracing-settings';

/** Tracing that registered nothing: the OpenTelemetry API stays a no-op. */
const notTracing: Tracing = { flush: async () => undefined, shutdown: async () => undefined };

/**
 * Starts OpenTelemetry tracing for this process when OTEL_EXPORTER_OTLP_ENDPOINT (or the traces
 * endpoint) is set, exporting OTLP over HTTP in batches; otherwise registers nothing, so every span
 * the code asks for is a no-op costing next to nothing. Call it before anything loads pg, ioredis,
 * http or undici (each app's src/instrument.ts, the first import of its main.ts). Throws naming the
 * variable when an OTEL_* value is unusable.
 *
 * The variables are read here rather than through the app's config schema: this runs before the
 * config modules (and the libraries they pull in) are loaded, which is the whole point of it.
 */
export function startTracing(options: {
  serviceName: string;
  env?: Readonly<Record<string, string | undefined>>;
}): Tracing {
  const settings = readTracingSettings(options.env ?? process.env);
  if (!settings.tracesUrl) return notTracing;
  return registerGlobalTracing({
    serviceName: options.serviceName,
    sampler: createSampler(settings),
    processor: new BatchSpanProcessor({
      exporter: new OTLPTraceExporter({ url: settings.tracesUrl }),
      // A service stopped by a signal exits without waiting for a long export delay.
      scheduledDelayMillis: 1000,
    }),
  });
}

/**
 * startTracing for an entry point: a bad OTEL_* value ends the process with a line naming it, as a
 * bad config value does.
 */
export function startTracingOrExit(serviceName: string): Tracing {
  try {
    return startTracing({ serviceName });
  } catch (error) {
    process.stderr.write(`${serviceName}: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}

import { FastifyOtelInstrumentation } from '@fastify/otel';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';

// Probes and scrapes would be most of the traces, and tell nothing about a request.
const unTracedPaths = new Set(['/health', '/ready', '/metrics']);

/**
 * The libraries traced automatically. They patch modules as they are loaded, so they must be
 * registered before pg, ioredis, http or undici are first required. gRPC is traced by libs/grpc's
 * interceptors and Kafka by libs/events (connect-node and kafkajs have no instrumentation here).
 */
export function createInstrumentations(): Instrumentation[] {
  return [
    new HttpInstrumentation({
      ignoreIncomingRequestHook: (request) => unTracedPaths.has((request.url ?? '').split('?')[0] ?? ''),
      // Outgoing OTLP exports would trace themselves, forever.
      ignoreOutgoingRequestHook: (request) => (request.path ?? '').endsWith('/v1/traces'),
    }),
    // Fastify 5 announces every instance on a diagnostics channel: no plugin to register by hand.
    // Only the request and its route handler: a span per hook per plugin was most of a trace (and
    // of its cost) in bench/gateway-read, and told nothing the handler span does not.
    new FastifyOtelInstrumentation({
      registerOnInitialization: true,
      instrumentHooks: false,
      ignorePaths: (route) => unTracedPaths.has(route.url ?? ''),
    }),
    // Statement text may hold values inlined by hand; parameters never leave the process.
    // Pool checkouts and connects are not spans (a query's span shows a slow checkout anyway).
    new PgInstrumentation({
      enhancedDatabaseReporting: false,
      requireParentSpan: true,
      ignoreConnectSpans: true,
    }),
    new IORedisInstrumentation({ requireParentSpan: true }),
    new UndiciInstrumentation(),
  ];
}

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
    new FastifyOtelInstrumentation({
      registerOnInitialization: true,
      ignorePaths: (route) => unTracedPaths.has(route.url ?? ''),
    }),
    // Statement text may hold values inlined by hand; parameters never leave the process.
    new PgInstrumentation({ enhancedDatabaseReporting: false, requireParentSpan: true }),
    new IORedisInstrumentation({ requireParentSpan: true }),
    new UndiciInstrumentation(),
  ];
}

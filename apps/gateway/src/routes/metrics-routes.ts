import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import {
  collectProcessMetrics,
  defineCounter,
  defineHistogram,
  latencyBuckets,
  renderMetrics,
} from '@coldreach/observability';

export interface MetricsRoutesOptions {
  /**
   * When set, GET /metrics asks for `Authorization: Bearer <token>`; when not, it is open and must
   * not be reachable from the internet (route it to Prometheus only).
   */
  token?: string;
}

const labelNames = ['method', 'route', 'status'] as const;
const requests = defineCounter({
  name: 'coldreach_http_requests_total',
  help: 'HTTP requests the gateway answered, by method, route pattern and status code',
  labelNames,
});
const duration = defineHistogram({
  name: 'coldreach_http_request_duration_seconds',
  help: 'Time to answer an HTTP request, by method, route pattern and status code',
  labelNames,
  buckets: latencyBuckets,
});

/**
 * Counts and times every answer by its route pattern (`/api/campaigns/:id`, never the URL: no ids or
 * tokens in labels; `unmatched` for 404s of unknown paths), and serves GET /metrics. Registered on
 * the root instance, before the routes, so its hook sees all of them.
 */
export function registerMetricsRoutes(app: FastifyInstance, options: MetricsRoutesOptions): void {
  collectProcessMetrics();
  app.addHook('onResponse', async (request, reply) => {
    const labels = {
      method: request.method,
      route: request.routeOptions.url ?? 'unmatched',
      status: String(reply.statusCode),
    };
    requests.inc(labels);
    duration.observe(labels, reply.elapsedTime / 1000);
  });

  const expected = options.token ? Buffer.from(`Bearer ${options.token}`) : undefined;
  app.get(
    '/metrics',
    // Prometheus' text format, not part of the REST API's contract.
    { schema: { hide: true } },
    async (request, reply) => {
      if (expected && !sameSecret(request.headers.authorization, expected)) {
        return reply.code(401).header('www-authenticate', 'Bearer').type('text/plain').send('unauthorized\n');
      }
      const { contentType, body } = await renderMetrics();
      return reply.type(contentType).header('cache-control', 'no-store').send(body);
    },
  );
}

function sameSecret(given: string | undefined, expected: Buffer): boolean {
  const actual = Buffer.from(given ?? '');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

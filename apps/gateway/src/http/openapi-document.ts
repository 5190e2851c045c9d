import type { Client } from '@connectrpc/connect';
import { createLogger } from '@coldreach/observability';
import { createMemoryRateLimiter } from '@coldreach/rate-limit';
import { buildGatewayApp, type GatewayDeps } from '../app';

/**
 * The gateway's OpenAPI document without running anything behind it: the app is built with
 * dependencies that are never called (documenting routes calls no service), then asked for its
 * document. The dashboard's API types are generated from it (scripts/generate-web-api.mjs).
 */
export async function buildOpenApiDocument(): Promise<unknown> {
  const unused = new Proxy(
    {},
    {
      get: () => {
        throw new Error('the OpenAPI document calls no dependency');
      },
    },
  );
  const rateLimiter = createMemoryRateLimiter({ limit: 1, windowSeconds: 60 });
  const deps = {
    logger: createLogger({ name: 'openapi', level: 'silent' }),
    tenancy: unused,
    rateLimiter,
    clients: unused as Client<never>,
    campaigns: unused as Client<never>,
    email: unused as Client<never>,
    idempotency: unused,
    readinessChecks: [],
  } as unknown as GatewayDeps;
  const app = await buildGatewayApp(deps);
  try {
    await app.ready();
    return app.swagger();
  } finally {
    await app.close();
    await rateLimiter.close();
  }
}

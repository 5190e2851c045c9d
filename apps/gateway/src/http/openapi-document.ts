import type { FastifyInstance } from 'fastify';
import { createLogger } from '@coldreach/observability';
import { createMemoryRateLimiter } from '@coldreach/rate-limit';
import { buildGatewayApp, type GatewayDeps } from '../app';

/**
 * The gateway with every dependency left out: what it answers without calling anything (its
 * OpenAPI document, the dashboard's files, refusals before authentication). A dependency used
 * anyway throws, naming the mistake.
 */
export async function buildUnconnectedGateway(
  extra: Partial<GatewayDeps> = {},
): Promise<{ app: FastifyInstance; close(): Promise<void> }> {
  const unused = new Proxy(
    {},
    {
      get: () => {
        throw new Error('the unconnected gateway calls no dependency');
      },
    },
  );
  const rateLimiter = createMemoryRateLimiter({ limit: 1_000, windowSeconds: 60 });
  const deps = {
    logger: createLogger({ name: 'gateway', level: 'silent' }),
    tenancy: unused,
    rateLimiter,
    clients: unused,
    campaigns: unused,
    email: unused,
    idempotency: unused,
    readinessChecks: [],
    ...extra,
  } as unknown as GatewayDeps;
  const app = await buildGatewayApp(deps);
  await app.ready();
  return {
    app,
    async close() {
      await app.close();
      await rateLimiter.close();
    },
  };
}

/** The gateway's OpenAPI document; the dashboard's API types are generated from it (scripts/generate-web-api.ts). */
export async function buildOpenApiDocument(): Promise<unknown> {
  const gateway = await buildUnconnectedGateway();
  try {
    return gateway.app.swagger();
  } finally {
    await gateway.close();
  }
}

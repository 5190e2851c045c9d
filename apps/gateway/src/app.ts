import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Client } from '@connectrpc/connect';
import type { ClientService } from '@coldreach/contracts';
import type { Logger } from '@coldreach/observability';
import type { RateLimiter } from '@coldreach/rate-limit';
import type { TenancyStore } from '@coldreach/tenancy';
import { registerApiAuth } from './api-auth';
import { registerErrorHandler } from './error-handler';
import { registerOpenApi } from './openapi';
import { healthRoutes, type ReadinessCheck } from './routes/health-routes';
import { importRoutes } from './routes/import-routes';
import { leadRoutes } from './routes/lead-routes';
import { importReportSchema } from './schemas/import-schemas';
import {
  createLeadBodySchema,
  leadPageSchema,
  leadSchema,
  updateLeadBodySchema,
} from './schemas/lead-schemas';
import { problemSchema } from './schemas/problem-schema';

export interface GatewayDeps {
  logger: Logger;
  tenancy: TenancyStore;
  rateLimiter: RateLimiter;
  /** The Client service, over gRPC. */
  clients: Client<typeof ClientService>;
  /** What GET /ready checks (the gateway's database, Redis, every gRPC dependency). */
  readinessChecks: ReadinessCheck[];
  /** Largest JSON body accepted (default 1 MiB). */
  bodyLimitBytes?: number;
  /** Largest CSV upload accepted by POST /api/leads/import (default 50 MiB). */
  importMaxBytes?: number;
}

const mebibyte = 1024 * 1024;

/** The REST gateway, ready to `listen` or `inject`; owns none of its dependencies (the caller closes them). */
export async function buildGatewayApp(deps: GatewayDeps): Promise<FastifyInstance> {
  const app = Fastify({
    // Requests are logged by method and URL only: headers (Authorization) and bodies never are.
    loggerInstance: deps.logger.child(
      {},
      {
        serializers: {
          req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url }),
          res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
        },
      },
    ) as FastifyBaseLogger,
    genReqId: () => randomUUID(),
    bodyLimit: deps.bodyLimitBytes ?? mebibyte,
    ajv: {
      // Every bad field is reported, and unknown fields are refused rather than silently dropped
      // (bounded schemas keep allErrors cheap). Fastify's scalar coercion (5 → "5") stays on.
      customOptions: { allErrors: true, removeAdditional: false },
    },
    routerOptions: { ignoreTrailingSlash: true },
  });

  registerErrorHandler(app);
  // JSON routes take JSON only: any other media type is a 415, not a body to validate.
  app.removeContentTypeParser('text/plain');
  for (const schema of [
    problemSchema,
    leadSchema,
    leadPageSchema,
    createLeadBodySchema,
    updateLeadBodySchema,
    importReportSchema,
  ]) {
    app.addSchema(schema);
  }
  await registerOpenApi(app);
  await app.register(healthRoutes, { readinessChecks: deps.readinessChecks });
  await app.register(
    async (api) => {
      registerApiAuth(api, deps);
      await api.register(leadRoutes, { clients: deps.clients });
      await api.register(importRoutes, {
        clients: deps.clients,
        importMaxBytes: deps.importMaxBytes ?? 50 * mebibyte,
      });
    },
    { prefix: '/api' },
  );
  return app;
}

import type { FastifyInstance } from 'fastify';
import { problemResponses } from '../schemas/problem-schema';

/** One dependency of the gateway (its database, Redis, a gRPC service). */
export interface ReadinessCheck {
  name: string;
  /** Resolves when the dependency answers; rejects (or takes too long) when it does not. */
  check(): Promise<void>;
  /**
   * The gateway cannot serve at all without it (its own database, which holds the API keys): only
   * such a failure makes /ready answer 503. Any other failing check only degrades /ready's detail.
   */
  required?: boolean;
}

export interface HealthRoutesOptions {
  readinessChecks: readonly ReadinessCheck[];
  /** How long one check may take before it counts as failed. */
  checkTimeoutMs?: number;
}

const statusSchema = {
  type: 'object',
  required: ['status'],
  properties: {
    status: { type: 'string', enum: ['ok', 'ready', 'degraded', 'unavailable'] },
    checks: {
      type: 'object',
      additionalProperties: { type: 'string', enum: ['ok', 'failed'] },
      description: 'Each dependency by name.',
    },
  },
} as const;

/** Liveness and readiness probes; neither needs a key. */
export async function healthRoutes(app: FastifyInstance, opts: HealthRoutesOptions) {
  const timeoutMs = opts.checkTimeoutMs ?? 2000;

  app.get(
    '/health',
    {
      schema: {
        tags: ['health'],
        summary: 'Liveness: the process is up',
        response: { 200: { description: 'The process is up.', ...statusSchema }, ...problemResponses(500) },
      },
    },
    async () => ({ status: 'ok' }),
  );

  app.get(
    '/ready',
    {
      schema: {
        tags: ['health'],
        summary: 'Readiness: the gateway can serve (failing dependencies are named)',
        description:
          'Answers 503 only when the gateway itself cannot serve (its database is down). A failing ' +
          'dependency (Redis, one gRPC service) makes `status` "degraded" with the dependency named ' +
          'in `checks`, and keeps 200: one bad rollout must not take every gateway pod out of service.',
        response: {
          200: {
            description: 'The gateway serves; `status` is "degraded" when a dependency fails.',
            ...statusSchema,
          },
          503: {
            description: 'The gateway cannot serve (a required dependency fails); `checks` names it.',
            ...statusSchema,
          },
          ...problemResponses(500),
        },
      },
    },
    async (request, reply) => {
      const outcomes = await Promise.all(
        opts.readinessChecks.map(async ({ name, check, required }) => {
          try {
            await withTimeout(check(), timeoutMs);
            return [name, 'ok', required] as const;
          } catch (error) {
            // Only the error's class: driver messages may quote a connection URL with its password.
            request.log.warn(
              { check: name, error: (error as Error)?.name ?? 'Error' },
              'readiness check failed',
            );
            return [name, 'failed', required] as const;
          }
        }),
      );
      const failed = outcomes.filter(([, outcome]) => outcome === 'failed');
      const status = failed.some(([, , isRequired]) => isRequired)
        ? 'unavailable'
        : failed.length > 0
          ? 'degraded'
          : 'ready';
      const checks = Object.fromEntries(outcomes.map(([name, outcome]) => [name, outcome]));
      return reply.code(status === 'unavailable' ? 503 : 200).send({ status, checks });
    },
  );
}

async function withTimeout(promise: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  try {
    await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

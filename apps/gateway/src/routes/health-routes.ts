import type { FastifyInstance } from 'fastify';
import { problemResponses } from '../schemas/problem-schema';

/** One dependency the gateway needs to serve (Postgres, Redis, a gRPC service). */
export interface ReadinessCheck {
  name: string;
  /** Resolves when the dependency answers; rejects (or takes too long) when it does not. */
  check(): Promise<void>;
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
    status: { type: 'string' },
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
        summary: 'Readiness: every dependency answers (the failing ones are named)',
        response: {
          200: { description: 'Every dependency answers.', ...statusSchema },
          503: {
            description: 'At least one dependency does not answer; `checks` names it.',
            ...statusSchema,
          },
          ...problemResponses(500),
        },
      },
    },
    async (request, reply) => {
      const outcomes = await Promise.all(
        opts.readinessChecks.map(async ({ name, check }) => {
          try {
            await withTimeout(check(), timeoutMs);
            return [name, 'ok'] as const;
          } catch (error) {
            // Only the error's class: driver messages may quote a connection URL with its password.
            request.log.warn(
              { check: name, error: (error as Error)?.name ?? 'Error' },
              'readiness check failed',
            );
            return [name, 'failed'] as const;
          }
        }),
      );
      const ready = outcomes.every(([, outcome]) => outcome === 'ok');
      return reply
        .code(ready ? 200 : 503)
        .send({ status: ready ? 'ready' : 'unavailable', checks: Object.fromEntries(outcomes) });
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

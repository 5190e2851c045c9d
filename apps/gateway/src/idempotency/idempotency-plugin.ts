import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { DomainError } from '@coldreach/errors';
import {
  isValidIdempotencyKey,
  maxIdempotencyKeyLength,
  requestFingerprint,
  type IdempotencyClaim,
  type IdempotencyStore,
} from '@coldreach/idempotency';
import { callerOf } from '../auth/api-auth';
import { problem, ProblemError } from '../errors/problem';
import { documentProblem } from '../errors/problem-docs';

declare module 'fastify' {
  interface FastifyRequest {
    idempotency: { claim: IdempotencyClaim; fingerprint: string; settled: boolean } | null;
  }
  interface FastifyContextConfig {
    /** false: the route takes no Idempotency-Key (e.g. a streamed upload that is safe to repeat). */
    idempotency?: boolean;
  }
}

export interface IdempotencyOptions {
  store: IdempotencyStore;
  /** How often expired keys are deleted (default hourly; 0 never). */
  purgeIntervalMs?: number;
}

const header = 'idempotency-key';
const field = `headers.${header}`;
/** The response headers replayed with the body; the others (rate limits…) are the replay's own. */
const storedHeaders = ['content-type', 'location'] as const;

const headerDocumentation = {
  type: 'string',
  minLength: 1,
  maxLength: maxIdempotencyKeyLength,
  description:
    'Optional; 1 to 255 visible ASCII characters, unique per intended operation (e.g. a UUID). A retry ' +
    'with the same key and the same request gets the first response again (Idempotency-Replayed: true) ' +
    'instead of running twice, for 24 hours.',
};

/**
 * `Idempotency-Key` on every POST of the enclosing scope: the first request with a key runs and its
 * response (status, Content-Type, Location, body) is stored; the same key with the same method, path
 * and body gets that response again byte for byte; while the first still runs → 409; with another
 * request → 422. A 5xx releases the key, so a retry runs again. Keys belong to the caller's workspace.
 */
export function registerIdempotency(app: FastifyInstance, options: IdempotencyOptions): void {
  const { store } = options;
  app.decorateRequest('idempotency', null);

  app.addHook('onRoute', (route) => {
    if (!appliesTo(route)) return;
    route.schema = withKeyHeader(route.schema ?? {});
    documentProblem(route, 409, 'A request with the same Idempotency-Key is still running.');
    documentProblem(
      route,
      422,
      'The Idempotency-Key was used for a different request (method, path or body).',
    );
  });

  app.addHook('preValidation', async (request, reply) => {
    if (request.method !== 'POST' || request.routeOptions.config.idempotency === false) return;
    const value = request.headers[header];
    if (value === undefined) return;
    if (typeof value !== 'string' || !isValidIdempotencyKey(value)) {
      throw new ProblemError(
        problem(400, 'validation', `The ${header} header must be 1 to 255 visible ASCII characters.`, [
          { field, message: 'must be 1 to 255 visible ASCII characters (letters, digits, punctuation)' },
        ]),
      );
    }
    const { workspaceId } = callerOf(request);
    const fingerprint = requestFingerprint({ method: request.method, path: request.url, body: request.body });
    let begun: Awaited<ReturnType<IdempotencyStore['begin']>>;
    try {
      begun = await store.begin(workspaceId, value, fingerprint);
    } catch (error) {
      throw new DomainError('unavailable', 'the idempotency key store is unavailable', { cause: error });
    }
    switch (begun.outcome) {
      case 'started':
        request.idempotency = { claim: begun.claim, fingerprint, settled: false };
        return;
      case 'replay':
        return replay(reply, begun.response);
      case 'in_progress':
        throw new ProblemError(
          problem(
            409,
            'idempotency-key-in-use',
            'A request with this Idempotency-Key is still running; retry later.',
          ),
        );
      case 'mismatch':
        throw new ProblemError(
          problem(
            422,
            'idempotency-key-reused',
            'This Idempotency-Key was used for a different request (method, path or body); use a new key.',
          ),
        );
    }
  });

  // Every answer of a claimed request passes here (the error handler's problems too) before a byte
  // is written, so a replay can never see an unfinished key after the first caller got its answer.
  app.addHook('onSend', async (request, reply, payload) => {
    const state = request.idempotency;
    if (!state || state.settled) return payload;
    state.settled = true;
    const body = bodyBytes(payload);
    try {
      if (reply.statusCode >= 500 || body === null) {
        await store.release(state.claim);
      } else {
        const headers: Record<string, string> = {};
        for (const name of storedHeaders) {
          const value = reply.getHeader(name);
          if (value !== undefined) headers[name] = String(value);
        }
        await store.complete(state.claim, { statusCode: reply.statusCode, headers, body });
      }
    } catch (error) {
      // The answer still goes out; the key frees itself when its lease runs out.
      request.log.warn({ errorName: (error as Error)?.name }, 'could not record the idempotency key outcome');
    }
    return payload;
  });

  // A request that ends without a response (the connection dropped) must not hold its key.
  app.addHook('onResponse', async (request) => {
    const state = request.idempotency;
    if (!state || state.settled) return;
    state.settled = true;
    await store.release(state.claim).catch(() => undefined);
  });

  const purgeEvery = options.purgeIntervalMs ?? 60 * 60 * 1000;
  if (purgeEvery > 0) {
    const timer = setInterval(() => {
      store.purgeExpired().catch((error: unknown) => {
        app.log.warn({ errorName: (error as Error)?.name }, 'could not purge expired idempotency keys');
      });
    }, purgeEvery);
    timer.unref();
    app.addHook('onClose', async () => clearInterval(timer));
  }
}

/**
 * A stable id for the operation a claimed Idempotency-Key names (its key and exact request), for a
 * service's own dedup; empty without a key.
 */
export function operationIdOf(request: FastifyRequest): string {
  const state = request.idempotency;
  if (!state) return '';
  return createHash('sha256').update(`${state.claim.key}\n${state.fingerprint}`).digest('hex');
}

function appliesTo(route: RouteOptions): boolean {
  const methods = Array.isArray(route.method) ? route.method : [route.method];
  return methods.includes('POST') && route.config?.idempotency !== false;
}

/** Documents the header (and checks its length, after the hook above has checked it fully). */
function withKeyHeader(schema: NonNullable<RouteOptions['schema']>): NonNullable<RouteOptions['schema']> {
  const headers = (schema.headers ?? {}) as { properties?: Record<string, unknown> };
  return {
    ...schema,
    headers: {
      ...headers,
      type: 'object',
      properties: { ...headers.properties, [header]: headerDocumentation },
    },
  };
}

function replay(
  reply: FastifyReply,
  response: { statusCode: number; headers: Record<string, string>; body: Buffer },
) {
  reply.code(response.statusCode);
  for (const [name, value] of Object.entries(response.headers)) reply.header(name, value);
  return reply.header('idempotency-replayed', 'true').send(response.body);
}

function bodyBytes(payload: unknown): Buffer | null {
  if (payload === undefined || payload === null) return Buffer.alloc(0);
  if (typeof payload === 'string') return Buffer.from(payload);
  if (Buffer.isBuffer(payload)) return payload;
  // A stream cannot be stored for a replay (such a route should set config.idempotency: false).
  return null;
}

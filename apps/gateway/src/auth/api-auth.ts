import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError } from '@coldreach/errors';
import { setLogWorkspace, withLogContext } from '@coldreach/observability';
import type { RateLimiter } from '@coldreach/rate-limit';
import { looksLikeApiKey, parseBearerToken, type TenancyStore } from '@coldreach/tenancy';
import { ProblemError, unauthenticatedProblem } from '../errors/problem';
import { enforceRateLimits, type RateLimitCheck } from './rate-limits';

/** Who is calling: the workspace every request is scoped to and the key used. */
export interface Caller {
  workspaceId: string;
  keyId: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    caller: Caller | null;
  }
}

/** The caller of an authenticated route (set by the hook below before any handler runs). */
export function callerOf(request: FastifyRequest): Caller {
  if (!request.caller) throw new ProblemError(unauthenticatedProblem);
  return request.caller;
}

/**
 * Authenticates every request of the enclosing scope by its bearer key, then spends one request
 * from the workspace's budget and one from the key's: a workspace cannot multiply its quota by
 * creating keys, and one busy key cannot starve the workspace's others beyond its own budget. Runs on `onRequest`, before any body is read: a caller without a valid key
 * never gets its upload parsed. Every refusal is the same 401 so keys cannot be probed.
 */
export function registerApiAuth(
  app: FastifyInstance,
  deps: { tenancy: TenancyStore; rateLimiter: RateLimiter; workspaceRateLimiter?: RateLimiter },
): void {
  app.decorateRequest('caller', null);
  // Every line logged for the request, up to "request completed", names its workspace once known.
  app.addHook('onRequest', (_request, _reply, done) => withLogContext({}, done));
  app.addHook('onRequest', async (request, reply) => {
    const token = parseBearerToken(request.headers.authorization);
    if (token === null || !looksLikeApiKey(token)) throw new ProblemError(unauthenticatedProblem);
    let caller: Caller | null;
    try {
      caller = await deps.tenancy.authenticate(token);
    } catch (error) {
      // The key store is down: that is our outage, not the caller's mistake.
      throw new DomainError('unavailable', 'the API key store is unavailable', { cause: error });
    }
    if (caller === null) throw new ProblemError(unauthenticatedProblem);
    request.caller = caller;
    setLogWorkspace(caller.workspaceId);

    const checks: RateLimitCheck[] = [];
    if (deps.workspaceRateLimiter) {
      checks.push({ limiter: deps.workspaceRateLimiter, key: caller.workspaceId, subject: 'workspace' });
    }
    checks.push({ limiter: deps.rateLimiter, key: caller.keyId, subject: 'API key' });
    await enforceRateLimits(reply, checks);
  });
}

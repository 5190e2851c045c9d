import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '@coldreach/errors';
import { setLogWorkspace, withLogContext } from '@coldreach/observability';
import type { RateLimiter } from '@coldreach/rate-limit';
import { looksLikeApiKey, parseBearerToken, type MemberRole, type TenancyStore } from '@coldreach/tenancy';
import { ProblemError, unauthenticatedProblem } from '../errors/problem';
import { enforceRateLimits, type RateLimitCheck } from './rate-limits';
import { checkCsrf, sessionCookieName, type Accounts } from './session-auth';
import type { Session } from './session-store';

/**
 * Who is calling: the workspace every request is scoped to, and either the API key used (programs)
 * or the signed-in user and their role there (the dashboard).
 */
export interface Caller {
  workspaceId: string;
  keyId?: string;
  userId?: string;
  role?: MemberRole;
}

declare module 'fastify' {
  interface FastifyRequest {
    caller: Caller | null;
    /** The session of a request signed in with the cookie (its id is the cookie's value). */
    session: { id: string; data: Session; email: string } | null;
  }
}

/** The caller of an authenticated route (set by the hook below before any handler runs). */
export function callerOf(request: FastifyRequest): Caller {
  if (!request.caller) throw new ProblemError(unauthenticatedProblem);
  return request.caller;
}

/**
 * Authenticates every request of the enclosing scope: by its bearer key when it has an
 * Authorization header (programs, exactly as before sessions existed), otherwise by the session
 * cookie (the dashboard; state-changing requests also need the session's CSRF token). Then spends
 * one request from the workspace's budget and one from the key's or user's: a workspace cannot
 * multiply its quota by creating keys, and one busy key cannot starve the workspace's others beyond
 * its own budget. Runs on `onRequest`, before any body is read: a caller without valid credentials
 * never gets its upload parsed. Every refusal is the same 401 so keys and sessions cannot be probed.
 */
export function registerApiAuth(
  app: FastifyInstance,
  deps: {
    tenancy: TenancyStore;
    rateLimiter: RateLimiter;
    workspaceRateLimiter?: RateLimiter;
    accounts?: Accounts;
  },
): void {
  app.decorateRequest('caller', null);
  app.decorateRequest('session', null);
  // Every line logged for the request, up to "request completed", names its workspace once known.
  app.addHook('onRequest', (_request, _reply, done) => withLogContext({}, done));
  app.addHook('onRequest', async (request, reply) => {
    const caller =
      request.headers.authorization !== undefined || !deps.accounts
        ? await callerByKey(deps.tenancy, request.headers.authorization)
        : await callerBySession(deps.accounts, request);
    request.caller = caller;
    setLogWorkspace(caller.workspaceId);
    await spendBudgets(reply, caller, deps);
  });
}

async function callerByKey(tenancy: TenancyStore, authorization: string | undefined): Promise<Caller> {
  const token = parseBearerToken(authorization);
  if (token === null || !looksLikeApiKey(token)) throw new ProblemError(unauthenticatedProblem);
  let caller: Caller | null;
  try {
    caller = await tenancy.authenticate(token);
  } catch (error) {
    // The key store is down: that is our outage, not the caller's mistake.
    throw new DomainError('unavailable', 'the API key store is unavailable', { cause: error });
  }
  if (caller === null) throw new ProblemError(unauthenticatedProblem);
  return caller;
}

async function callerBySession(accounts: Accounts, request: FastifyRequest): Promise<Caller> {
  const id = request.cookies?.[sessionCookieName];
  if (!id) throw new ProblemError(unauthenticatedProblem);
  let found: { data: Session; email: string; role: MemberRole } | null;
  try {
    found = await findSession(accounts, id);
  } catch (error) {
    throw new DomainError('unavailable', 'the session store is unavailable', { cause: error });
  }
  if (!found) throw new ProblemError(unauthenticatedProblem);
  checkCsrf(request, found.data.csrfToken);
  request.session = { id, data: found.data, email: found.email };
  return { workspaceId: found.data.workspaceId, userId: found.data.userId, role: found.role };
}

/**
 * A live session whose user is still a member of its workspace (the role read now, not when the
 * session began) and that began after the user's last password change or reset.
 */
async function findSession(
  accounts: Accounts,
  id: string,
): Promise<{ data: Session; email: string; role: MemberRole } | null> {
  const data = await accounts.sessions.get(id);
  if (!data) return null;
  const access = await accounts.users.sessionAccess(data.userId, data.workspaceId);
  if (!access || data.createdAt <= access.sessionsValidAfter.getTime()) {
    await accounts.sessions.delete(id);
    return null;
  }
  return { data, email: access.email, role: access.role };
}

function spendBudgets(
  reply: FastifyReply,
  caller: Caller,
  deps: { rateLimiter: RateLimiter; workspaceRateLimiter?: RateLimiter },
): Promise<void> {
  const checks: RateLimitCheck[] = [];
  if (deps.workspaceRateLimiter) {
    checks.push({ limiter: deps.workspaceRateLimiter, key: caller.workspaceId, subject: 'workspace' });
  }
  // A user's budget is the size of a key's: the dashboard is one more client of the same API.
  checks.push(
    caller.keyId !== undefined
      ? { limiter: deps.rateLimiter, key: caller.keyId, subject: 'API key' }
      : { limiter: deps.rateLimiter, key: `user:${caller.userId}`, subject: 'user' },
  );
  return enforceRateLimits(reply, checks);
}
